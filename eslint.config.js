// ESLint flat config: JS + typescript-eslint (type-aware promise rules) + Svelte + Prettier,
// plus the import boundaries that keep dependencies pointing one way:
// ui → state → clients → workers → engine → core. `BOUNDARIES` states, per folder, everything
// it may not import; test/lint-boundaries.test.ts proves that each forbidden edge is reported.
// `no-restricted-imports` sees only static imports and re-exports, so the same patterns also go to
// `no-restricted-syntax` for `import('…')`, `import('…').Type` and `new Worker(new URL('…'))`,
// which bundle a module just the same.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Import paths, gitignore-style (`**` any folders), that a rule can forbid. */
const LAYER = {
  ui: ['**/ui/**', '**/App.svelte', '**/PackApp.svelte'],
  state: ['**/state/**'],
  clients: ['**/clients/**'],
  workers: ['**/workers/**'],
  engine: ['**/engine/**'],
  sw: ['**/sw/**'],
  scripts: ['**/scripts/**'],
  tests: ['**/test/**', '**/e2e/**'],
  models: ['@huggingface/*', 'onnxruntime-*'],
  storage: ['idb-keyval'],
  comlink: ['comlink'],
  svelte: ['svelte', 'svelte/*'],
  node: ['node:*', ...builtinModules],
  testTools: [
    'vitest',
    'vitest/*',
    '@playwright/*',
    'playwright-core',
    'fake-indexeddb',
    'fake-indexeddb/*',
  ],
};

const WHY = {
  ui: 'Components read state objects: no workers, clients, engine or storage.',
  state: 'State talks to workers through src/clients: no engine, workers, storage or models.',
  clients:
    'Clients wrap workers by their contracts (workers/*/api, types only): no state, UI or engine.',
  workers: 'Workers build on src/engine and src/core: nothing of the page (state, UI, clients).',
  contracts: 'A worker contract (workers/*/api.ts) names only plain data types from src/core.',
  engine: 'The engine runs in workers and Node: no page code, worker contracts, Svelte or comlink.',
  core: 'src/core is pure: no models, storage, workers, DOM-side layers or Node APIs.',
  sw: 'The service worker stands alone: only src/core and its own policy.',
  scripts: 'Scripts drive src/engine and src/core directly, never the page (state, UI, clients).',
  production: 'Production code never imports test helpers, e2e, scripts or test tools.',
  browser: 'Browser code (page, workers, service worker): Node modules are not there.',
  startsWorkers: 'No worker starts here: src/clients starts each one, wrapped by its contract.',
};

/** Banned in a folder's non-test files only (its unit tests may use them). */
const TEST_ONLY = 'tests scripts testTools';
const TEST_FILES = ['**/*.test.ts'];

/**
 * What each folder may not import: `forbid` in every file; in its non-test files also test helpers
 * and tools, and `production`. `toolsAllowed` folders (scripts) hold tests and tools alike;
 * `noWorkers` folders may not start a worker at all. An entry is ['layer names', message key] or a
 * pattern object; `startable` exempts its paths in `new Worker(new URL(…))`.
 */
const BOUNDARIES = [
  {
    name: 'ui',
    files: ['src/ui/**', 'src/App.svelte', 'src/PackApp.svelte', 'src/main.ts'],
    forbid: [['clients workers engine sw scripts models storage comlink', 'ui']],
    production: [['node', 'browser']],
    noWorkers: true,
  },
  {
    name: 'state',
    files: ['src/state/**'],
    forbid: [['ui workers engine sw models storage comlink', 'state']],
    production: [['node', 'browser']],
    noWorkers: true,
  },
  {
    name: 'clients',
    files: ['src/clients/**'],
    forbid: [
      ['ui state engine sw models storage svelte', 'clients'],
      // Of workers/, only the contracts, and only their types; their entries only to start them.
      { regex: '(^|/)workers/(?![\\w-]+/api$)', why: 'clients', startable: true },
      { regex: '(^|/)workers/[\\w-]+/api$', why: 'clients', allowTypeImports: true },
    ],
    production: [['node', 'browser']],
  },
  {
    name: 'contracts',
    files: ['workers/*/api.ts'],
    forbid: [['ui state clients engine sw models storage comlink svelte', 'contracts']],
    production: [['node', 'browser']],
    noWorkers: true,
  },
  {
    name: 'workers',
    files: ['workers/**'],
    ignores: ['workers/*/api.ts'],
    forbid: [['ui state clients sw svelte', 'workers']],
    production: [['node', 'browser']],
  },
  {
    name: 'engine',
    files: ['src/engine/**'],
    forbid: [['ui state clients workers sw svelte comlink', 'engine']],
    // Node's types are fine (code paths for Node tests and benches); its modules are not.
    production: [{ layers: 'node', why: 'engine', allowTypeImports: true }],
  },
  {
    name: 'core',
    files: ['src/core/**'],
    forbid: [['ui state clients workers engine sw models storage comlink svelte', 'core']],
    production: [['node', 'core']],
    noWorkers: true,
  },
  {
    name: 'sw',
    files: ['src/sw/**'],
    forbid: [['ui state clients workers engine models storage comlink svelte', 'sw']],
    production: [['node', 'browser']],
    noWorkers: true,
  },
  {
    name: 'scripts',
    files: ['scripts/**'],
    forbid: [['ui state clients', 'scripts']],
    toolsAllowed: true,
  },
];

const entryOf = (entry) => (Array.isArray(entry) ? { layers: entry[0], why: entry[1] } : entry);
const globsOf = (layers) => layers.split(' ').flatMap((layer) => LAYER[layer]);

/** One `no-restricted-imports` pattern object per entry. */
function patternsOf(entries) {
  return entries.map(entryOf).map(({ layers, regex, why, allowTypeImports }) => ({
    ...(regex ? { regex } : { group: globsOf(layers) }),
    message: WHY[why],
    ...(allowTypeImports ? { allowTypeImports } : {}),
  }));
}

const escapeRegex = (text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * A `group` glob as a regex over import paths, as gitignore reads it: a glob without a slash (or
 * with a leading `**`) matches at any depth, and a match also covers what lies beneath it.
 */
function globRegex(glob) {
  let body = glob.replace(/^\*\*\//, '');
  const anyDepth = body !== glob || !body.replace(/\/\*\*$/, '').includes('/');
  const beneath = body.endsWith('/**');
  if (beneath) body = body.slice(0, -3);
  const path = body.split('*').map(escapeRegex).join('[^/]*');
  return `${anyDepth ? '(^|/)' : '^'}${path}${beneath ? '/' : '(/|$)'}`;
}

/**
 * `no-restricted-syntax` selectors for what `no-restricted-imports` cannot see: `import('…')`,
 * `import('…').Type` unless type imports are allowed, and a worker started from a forbidden path.
 * esquery's regex literals end at the first `/`, so slashes are written `\x2F`.
 */
const WORKER = 'NewExpression[callee.name=/^(Shared)?Worker$/]';
const WORKER_URL = `${WORKER} > NewExpression.arguments[callee.name='URL'] > Literal.arguments`;

function syntaxOf(entries, { noWorkers = false } = {}) {
  const selectors = entries.map(entryOf).flatMap((entry) => {
    const { layers, regex, why, allowTypeImports, startable } = entry;
    const source = regex ?? globsOf(layers).map(globRegex).join('|');
    const re = `/${source.replaceAll('/', '\\x2F')}/`;
    const message = WHY[why];
    return [
      { selector: `ImportExpression[source.value=${re}]`, message },
      ...(allowTypeImports ? [] : [{ selector: `TSImportType[source.value=${re}]`, message }]),
      ...(startable ? [] : [{ selector: `${WORKER_URL}[value=${re}]`, message }]),
    ];
  });
  if (noWorkers) selectors.push({ selector: WORKER, message: WHY.startsWorkers });
  return selectors;
}

/**
 * One config object per folder and kind of file, with disjoint `files`: a later object would
 * replace an earlier one's restriction lists, not add to them.
 */
function boundaryConfigs() {
  return BOUNDARIES.flatMap(
    ({ name, files, ignores = [], forbid, production = [], toolsAllowed, noWorkers }) => {
      const rules = (entries, options) => ({
        'no-restricted-imports': ['error', { patterns: patternsOf(entries) }],
        'no-restricted-syntax': ['error', ...syntaxOf(entries, options)],
      });
      if (toolsAllowed)
        return [{ name: `boundaries/${name}`, files, ignores, rules: rules(forbid) }];
      const testFiles = files.filter((f) => f.endsWith('/**')).map((f) => `${f}/*.test.ts`);
      return [
        {
          name: `boundaries/${name}`,
          files,
          ignores: [...ignores, ...TEST_FILES],
          rules: rules([...forbid, ...production, [TEST_ONLY, 'production']], { noWorkers }),
        },
        {
          name: `boundaries/${name}/tests`,
          files: testFiles,
          ignores,
          rules: rules(forbid),
        },
      ].filter((config) => config.files.length > 0);
    },
  );
}

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
      // The sample collection is content for users, kept as written (and built into public/).
      'samples/',
      'public/samples/',
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
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...boundaryConfigs(),
);
