// ESLint flat config: JS + typescript-eslint (type-aware promise rules) + Svelte + Prettier,
// plus import boundaries that keep dependencies pointing one way:
// ui → state → clients → workers → engine → core.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const restrict = (patterns, message) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: [group], message })) },
  ],
});

export default ts.config(
  {
    ignores: [
      'dist/',
      'fixtures/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
      'src/engine/index/flat-index/*.wasm.ts',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: restrict(
      [
        '**/engine/**',
        '**/state/**',
        '**/ui/**',
        '**/clients/**',
        '**/workers/**',
        '@huggingface/*',
        'onnxruntime-*',
        'idb-keyval',
        'comlink',
        'svelte',
        'svelte/*',
      ],
      'src/core is pure: no models, storage, workers or UI.',
    ),
  },
  {
    files: ['src/engine/**'],
    rules: restrict(
      ['**/state/**', '**/ui/**', '**/clients/**', 'svelte', 'svelte/*'],
      'The engine runs in workers: no UI or main-thread state.',
    ),
  },
  {
    files: ['src/state/**'],
    rules: restrict(
      ['@huggingface/*', 'onnxruntime-*', 'idb-keyval', 'comlink', '**/engine/*!(device)'],
      'State talks to workers through src/clients only.',
    ),
  },
  {
    files: ['src/ui/**', 'src/clients/**', 'src/App.svelte', 'src/main.ts'],
    rules: restrict(
      ['@huggingface/*', 'onnxruntime-*', 'idb-keyval'],
      'Models and storage live in the workers; the main thread talks to them through src/clients.',
    ),
  },
  {
    files: ['src/ui/**'],
    rules: restrict(
      ['**/engine/**', '**/clients/**', 'comlink'],
      'Components read state objects; they do not talk to workers.',
    ),
  },
);
