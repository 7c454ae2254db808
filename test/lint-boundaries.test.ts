// The import boundaries of eslint.config.js, proved edge by edge: probe files (linted as text at
// paths inside each folder) import what the folder may not import, and each such import must be
// reported, while the imports the layering allows must not be. A loosened or broken pattern fails.
// Every static import is also tried as `import('…')` (and `import type` as `import('…').T`), so a
// module that cannot be imported statically cannot be reached dynamically either.
import { ESLint } from 'eslint';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

interface Probe {
  /** Where the probe pretends to live. */
  path: string;
  forbidden: string[];
  allowed: string[];
}

/**
 * `import '…'` of a module; `type:` / `value:` prefixes give named type or value imports,
 * `dynamic:` an `import('…')`, `typeof:` an `import('…').Probe` type, `worker:` a worker started
 * from the module (`new Worker(new URL('…', import.meta.url))`) and `spawn:` any worker at all.
 */
function statement(spec: string, line: number): string {
  const [kind, path] = /^(type|value|dynamic|typeof|worker|spawn):(.*)$/.exec(spec)?.slice(1) ?? [];
  if (kind === 'type') return `import type { Probe } from '${path}';`;
  if (kind === 'value') return `import { probe } from '${path}';`;
  if (kind === 'dynamic') return `void import('${path}');`;
  if (kind === 'typeof') return `export type Probe${line} = import('${path}').Probe;`;
  if (kind === 'worker') return `new Worker(new URL('${path}', import.meta.url));`;
  if (kind === 'spawn') return `new Worker('probe.js');`;
  return `import '${spec}';`;
}

/** The dynamic twin of a static import: forbidden or allowed alike. */
function dynamicTwin(spec: string): string | undefined {
  if (/^(dynamic|typeof|worker|spawn):/.test(spec)) return undefined;
  if (spec.startsWith('type:')) return `typeof:${spec.slice(5)}`;
  return `dynamic:${spec.replace(/^value:/, '')}`;
}

const withTwins = (specs: string[]) =>
  specs.flatMap((spec) => [spec, dynamicTwin(spec)].filter((s) => s !== undefined));

/** Test runners: production code of every folder may import none of them. */
const TEST_TOOLS = ['vitest', 'vitest/config', '@playwright/test', 'playwright-core'];

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
      ...TEST_TOOLS,
      'node:fs',
      'path',
      'worker:../../workers/embedder/embedder.worker.ts',
      'spawn:',
    ],
    allowed: [
      '../state/app.svelte',
      '../core/format',
      'type:../core/types/library',
      'svelte',
      'svelte/reactivity',
    ],
  },
  {
    path: 'src/ui/lint-probe.test.ts',
    forbidden: ['../clients/embedder-client', '../engine/models/device', 'idb-keyval', 'comlink'],
    allowed: ['vitest', 'node:fs', '../../test/documents', '../state/app.svelte'],
  },
  {
    path: 'src/main.ts',
    forbidden: ['./clients/embedder-client', './engine/models/device', 'comlink', 'node:fs'],
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
      ...TEST_TOOLS,
      'node:fs',
      'path',
      'worker:../../workers/embedder/embedder.worker.ts',
      'spawn:',
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
    allowed: ['vitest', 'node:fs', '../../test/documents', '../clients/embedder-client'],
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
      ...TEST_TOOLS,
      'svelte/reactivity',
      'node:worker_threads',
      'fs',
      'worker:../engine/models/device',
      'worker:../state/app.svelte',
    ],
    allowed: [
      'type:../../workers/embedder/api',
      'type:../../workers/reranker/api',
      'comlink',
      '../core/errors',
      './supervised-worker',
      // Starting the workers is what clients are for.
      'worker:../../workers/embedder/embedder.worker.ts',
      'spawn:',
    ],
  },
  {
    path: 'src/clients/lint-probe.test.ts',
    forbidden: [
      '../state/app.svelte',
      '../engine/models/device',
      'svelte',
      '../../workers/embedder/service',
      'value:../../workers/embedder/api',
    ],
    allowed: [
      'vitest',
      'node:worker_threads',
      'type:../../workers/embedder/api',
      '../../test/documents',
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
      'svelte/store',
      'type:node:fs',
      'vitest',
      '@playwright/test',
      'spawn:',
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
      'svelte/store',
      '../../test/documents',
      ...TEST_TOOLS,
      'node:fs',
      'fs',
      'worker:../../src/state/app.svelte',
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
    path: 'workers/probe/service.test.ts',
    forbidden: ['../../src/state/app.svelte', '../../src/clients/embedder-client', 'svelte'],
    allowed: ['vitest', 'node:fs', '../../test/documents', '../../src/engine/library/library'],
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
      ...TEST_TOOLS,
      'fake-indexeddb/auto',
      'svelte/store',
      'worker:../../state/app.svelte',
      'worker:../../../workers/embedder/embedder.worker.ts',
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
      'svelte/store',
      'node:crypto',
      'type:node:fs',
      '../../test/documents',
      ...TEST_TOOLS,
      'spawn:',
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
      'svelte/store',
      ...TEST_TOOLS,
      'node:fs',
      'fs',
      'worker:../engine/library/library',
      'spawn:',
    ],
    allowed: ['./policy', '../core/types/service-worker'],
  },
  {
    path: 'src/sw/lint-probe.test.ts',
    forbidden: ['../engine/library/library', 'idb-keyval', 'svelte'],
    allowed: ['vitest', 'node:fs', './policy'],
  },
  {
    path: 'scripts/lint-probe.ts',
    forbidden: [
      '../src/state/app.svelte',
      '../src/ui/ModelPanel.svelte',
      '../src/clients/x',
      'worker:../src/clients/x',
    ],
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
    const forbidden = withTwins(probe.forbidden);
    const allowed = withTwins(probe.allowed);
    const specs = [...forbidden, ...allowed];
    const code = specs.map(statement).join('\n') + '\n';
    const [result] = await eslint.lintText(code, { filePath: path });
    const reported = new Set(
      result!.messages
        .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
        .map((m) => specs[m.line - 1]),
    );
    const fatal = result!.messages.filter((m) => m.fatal);
    expect(fatal).toEqual([]);
    expect({ forbidden: forbidden.filter((s) => !reported.has(s)) }).toEqual({ forbidden: [] });
    expect({ allowed: allowed.filter((s) => reported.has(s)) }).toEqual({ allowed: [] });
  });
});
