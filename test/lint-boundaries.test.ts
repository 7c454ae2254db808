// The import boundaries of eslint.config.js, proved edge by edge: probe files (linted as text at
// paths inside each folder) import what the folder may not import, and each such import must be
// reported, while the imports the layering allows must not be. A loosened or broken pattern fails.
import { ESLint } from 'eslint';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

interface Probe {
  /** Where the probe pretends to live. */
  path: string;
  forbidden: string[];
  allowed: string[];
}

/** `import '…'` of a module; `type:` / `value:` prefixes give named type or value imports. */
function statement(spec: string): string {
  if (spec.startsWith('type:')) return `import type { Probe } from '${spec.slice(5)}';`;
  if (spec.startsWith('value:')) return `import { probe } from '${spec.slice(6)}';`;
  return `import '${spec}';`;
}

const PROBES: Probe[] = [
  {
    path: 'src/ui/lint-probe.ts',
    forbidden: [
      '../clients/embedder-client',
      'type:../../workers/embedder/api',
      '../engine/library/library',
      '../sw/policy',
      '../../scripts/static-server.mjs',
      '@huggingface/transformers',
      'onnxruntime-web',
      'idb-keyval',
      'comlink',
      '../../test/documents',
      '../../e2e/helpers',
      'vitest',
    ],
    allowed: ['../state/app.svelte', '../core/format', 'type:../core/types/library', 'svelte'],
  },
  {
    path: 'src/main.ts',
    forbidden: ['./clients/embedder-client', './engine/models/device', 'comlink'],
    allowed: ['./App.svelte', './state/app.svelte'],
  },
  {
    path: 'src/state/lint-probe.ts',
    forbidden: [
      '../ui/ModelPanel.svelte',
      '../App.svelte',
      'type:../../workers/embedder/api',
      '../engine/models/device',
      'type:../engine/models/device',
      '../sw/policy',
      '@huggingface/transformers',
      'onnxruntime-web',
      'idb-keyval',
      'comlink',
      '../../test/documents',
      'fake-indexeddb/auto',
      'vitest',
    ],
    allowed: [
      '../clients/embedder-client',
      '../core/errors',
      './model.svelte',
      'svelte/reactivity',
    ],
  },
  {
    path: 'src/state/lint-probe.test.ts',
    forbidden: ['../engine/models/device', '../../workers/embedder/api', 'idb-keyval'],
    allowed: ['vitest', '../../test/documents', '../clients/embedder-client'],
  },
  {
    path: 'src/clients/lint-probe.ts',
    forbidden: [
      '../state/app.svelte',
      '../ui/ModelPanel.svelte',
      '../engine/models/device',
      '../sw/policy',
      '@huggingface/transformers',
      'idb-keyval',
      'svelte',
      '../../workers/embedder/service',
      '../../workers/embedder/embedder.worker',
      'type:../../workers/embedder/service',
      'value:../../workers/embedder/api',
      'vitest',
    ],
    allowed: [
      'type:../../workers/embedder/api',
      'type:../../workers/reranker/api',
      'comlink',
      '../core/errors',
      './supervised-worker',
    ],
  },
  {
    path: 'workers/probe/api.ts',
    forbidden: [
      'type:../../src/engine/models/device',
      '../../src/state/app.svelte',
      '../../src/clients/embedder-client',
      '../../src/ui/ModelPanel.svelte',
      'comlink',
      'idb-keyval',
      '@huggingface/transformers',
    ],
    allowed: ['type:../../src/core/types/models', 'type:../../src/core/types/library'],
  },
  {
    path: 'workers/probe/service.ts',
    forbidden: [
      '../../src/state/app.svelte',
      '../../src/ui/ModelPanel.svelte',
      '../../src/clients/embedder-client',
      '../../src/sw/policy',
      'svelte',
      '../../test/documents',
      'vitest',
    ],
    allowed: [
      '../../src/engine/library/library',
      '../../src/core/errors',
      'comlink',
      'idb-keyval',
      './api',
    ],
  },
  {
    path: 'src/engine/probe/lint-probe.ts',
    forbidden: [
      '../../state/app.svelte',
      '../../ui/ModelPanel.svelte',
      '../../clients/embedder-client',
      'type:../../../workers/embedder/api',
      '../../../workers/embedder/service',
      '../../sw/policy',
      'svelte',
      'comlink',
      'node:fs',
      'fs',
      '../../../test/documents',
      '../../../scripts/static-server.mjs',
      'vitest',
      'fake-indexeddb/auto',
    ],
    allowed: [
      '../../core/errors',
      '../library/library',
      '@huggingface/transformers',
      'onnxruntime-web',
      'idb-keyval',
      'type:node:fs',
    ],
  },
  {
    path: 'src/engine/probe/lint-probe.test.ts',
    forbidden: ['type:../../../workers/embedder/api', '../../state/app.svelte', 'comlink'],
    allowed: ['vitest', 'node:fs', 'fake-indexeddb/auto', '../../../test/documents'],
  },
  {
    path: 'src/core/lint-probe.ts',
    forbidden: [
      '../engine/models/device',
      'type:../engine/models/device',
      '../state/app.svelte',
      '../ui/ModelPanel.svelte',
      '../clients/embedder-client',
      'type:../../workers/embedder/api',
      '../sw/policy',
      '@huggingface/transformers',
      'onnxruntime-web',
      'idb-keyval',
      'comlink',
      'svelte',
      'node:crypto',
      'type:node:fs',
      '../../test/documents',
      'vitest',
    ],
    allowed: ['./types/models', './format'],
  },
  {
    path: 'src/core/lint-probe.test.ts',
    forbidden: ['../engine/models/device', 'idb-keyval'],
    allowed: ['vitest', 'node:fs', './format'],
  },
  {
    path: 'src/sw/lint-probe.ts',
    forbidden: [
      '../engine/library/library',
      '../state/app.svelte',
      '../ui/ModelPanel.svelte',
      '../clients/embedder-client',
      'type:../../workers/embedder/api',
      'idb-keyval',
      'comlink',
      '@huggingface/transformers',
      'svelte',
      'vitest',
    ],
    allowed: ['./policy', '../core/types/service-worker'],
  },
  {
    path: 'scripts/lint-probe.ts',
    forbidden: ['../src/state/app.svelte', '../src/ui/ModelPanel.svelte', '../src/clients/x'],
    allowed: [
      '../src/engine/extract',
      '../src/core/chunking',
      'node:fs',
      'vitest',
      '../test/documents',
    ],
  },
];

interface TypedRule {
  meta?: { docs?: { requiresTypeChecking?: boolean } };
}

/** The project's own config; only type-aware parsing is off, as probes are not on disk. */
function linter(): ESLint {
  const rules = (ts.plugin as { rules?: Record<string, TypedRule> }).rules ?? {};
  const typeAware = Object.entries(rules)
    .filter(([, rule]) => rule.meta?.docs?.requiresTypeChecking)
    .map(([name]) => [`@typescript-eslint/${name}`, 'off'] as const);
  return new ESLint({
    overrideConfig: {
      files: PROBES.map((p) => p.path),
      languageOptions: { parserOptions: { projectService: false } },
      rules: Object.fromEntries(typeAware),
    },
  });
}

describe('ESLint import boundaries', () => {
  const eslint = linter();

  it.each(PROBES.map((p) => [p.path, p] as const))('%s', async (path, probe) => {
    const specs = [...probe.forbidden, ...probe.allowed];
    const code = specs.map(statement).join('\n') + '\n';
    const [result] = await eslint.lintText(code, { filePath: path });
    const reported = new Set(
      result!.messages
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => specs[m.line - 1]),
    );
    const fatal = result!.messages.filter((m) => m.fatal);
    expect(fatal).toEqual([]);
    expect({ forbidden: probe.forbidden.filter((s) => !reported.has(s)) }).toEqual({
      forbidden: [],
    });
    expect({ allowed: probe.allowed.filter((s) => reported.has(s)) }).toEqual({ allowed: [] });
  });
});
