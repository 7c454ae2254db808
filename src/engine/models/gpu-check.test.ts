// The WebGPU self-check as ModelHost runs it: a fake WebGPU adapter and fake models whose outputs
// are right or wrong, so the check's decisions (keep WebGPU, fall back, remember) can be seen.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareEmbeddings } from '../../core/gpu-self-check';
import type { GpuReport, ModelSettings, ModelStatus } from '../../core/types/models';
import { memoryVerdictStore, type VerdictStore } from './gpu-check';
import { ModelHost } from './model-host';
import type { ModelLoader } from './model-loader';

// The WASM status note reads the worker global.
beforeAll(() => {
  (globalThis as { self?: unknown }).self ??= globalThis;
});

const GPU: GpuReport = {
  available: true,
  detail: 'WebGPU adapter: acme rdna9, shader-f16 no.',
  vendor: 'acme',
  architecture: 'rdna9',
  shaderF16: false,
};

const SETTINGS: ModelSettings = {
  modelId: 'org/model',
  source: { kind: 'url', baseUrl: 'https://models.example/' },
  backend: 'auto',
  dtype: 'auto',
  downloadAllowed: true,
};

const TRUTH = [
  [0.6, 0.8, 0],
  [0, 0.6, 0.8],
];

interface FakeModel {
  device: string;
  dtype: string;
}

function setUp({
  gpuOutputs = TRUTH,
  wasmCopyFails = false,
  settings = SETTINGS,
  verdicts = memoryVerdictStore(),
}: {
  gpuOutputs?: number[][];
  wasmCopyFails?: boolean;
  settings?: ModelSettings;
  verdicts?: VerdictStore;
} = {}) {
  const loads: string[] = [];
  const disposed: string[] = [];
  const statuses: ModelStatus[] = [];
  const loader: ModelLoader<FakeModel> = {
    shipped: { modelId: 'org/model', dtypes: ['q8', 'q4'] },
    load: async ({ device, dtype }) => {
      loads.push(`${device}:${dtype}`);
      if (device === 'wasm' && dtype === 'q4' && wasmCopyFails)
        throw new Error('no kernel for MatMulNBits');
      return { device, dtype };
    },
    warmUp: async () => {},
    dispose: async (model) => void disposed.push(`${model.device}:${model.dtype}`),
    selfCheck: {
      run: async (model) => (model.device === 'webgpu' ? gpuOutputs : TRUTH),
      compare: compareEmbeddings,
    },
  };
  const host = new ModelHost(settings, loader, (s) => statuses.push(s), {
    detectGpu: async () => GPU,
    verdicts,
  });
  return { host, loads, disposed, statuses, verdicts };
}

describe('WebGPU self-check', () => {
  it('keeps WebGPU when its outputs match a WASM copy of the same file, which is then disposed', async () => {
    const { host, loads, disposed } = setUp();
    await expect(host.get()).resolves.toEqual({ device: 'webgpu', dtype: 'q4' });
    expect(loads).toEqual(['webgpu:q4', 'wasm:q4']);
    expect(disposed).toEqual(['wasm:q4']);
    expect(host.status.backend).toBe('webgpu');
    expect(host.status.reasons.join('\n')).toMatch(
      /WebGPU self-check passed in \d+\.\d s: embeddings at cosine 1\.0000 to WASM's .* same q4 weights/,
    );
  });

  it('falls back to WASM, saying why, when WebGPU returns wrong numbers', async () => {
    const wrong = TRUTH.map((row) => [...row].reverse());
    const { host, loads, disposed, statuses } = setUp({ gpuOutputs: wrong });
    await expect(host.get()).resolves.toEqual({ device: 'wasm', dtype: 'q8' });
    // The panel says "Checking WebGPU…" while the WebGPU model warms, not once WASM warms.
    const warming = statuses.filter((s) => s.phase === 'warming');
    expect(warming.map((s) => [s.backend, Boolean(s.checkingGpu)])).toEqual([
      ['webgpu', true],
      ['wasm', false],
    ]);
    expect(loads).toEqual(['webgpu:q4', 'wasm:q4', 'wasm:q8']);
    expect(disposed).toEqual(['wasm:q4', 'webgpu:q4']);
    expect(host.status).toMatchObject({ phase: 'ready', backend: 'wasm', dtype: 'q8' });
    const reasons = host.status.reasons.join('\n');
    expect(reasons).toMatch(/WebGPU gave wrong results in a self-check in .*cosine 0\.\d{4}/);
    expect(reasons).toContain('Using WASM instead.');
    expect(reasons).not.toContain('WebGPU failed (');
  });

  it('the test seam corrupts right GPU outputs into a failure', async () => {
    const { host } = setUp({ settings: { ...SETTINGS, gpuCheckFault: 'corrupt' } });
    await expect(host.get()).resolves.toEqual({ device: 'wasm', dtype: 'q8' });
    expect(host.status.reasons.join('\n')).toMatch(/cosine -\d\.\d{4}/);
  });

  it('remembers a failure: the next load plans WASM at once and says since when', async () => {
    const wrong = TRUTH.map((row) => row.map(() => 0.1));
    const first = setUp({ gpuOutputs: [[1, 0, 0], wrong[1]!] });
    await first.host.get();
    const second = setUp({ verdicts: first.verdicts });
    const plan = await second.host.plan();
    expect(plan).toMatchObject({ backend: 'wasm', dtype: 'q8' });
    expect(plan.reasons.join('\n')).toMatch(
      /WebGPU gave wrong results in a self-check on .* \(remembered for this browser and GPU\)/,
    );
    await second.host.get();
    expect(second.loads).toEqual(['wasm:q8']);
  });

  it('remembers a pass: later loads skip the WASM copy', async () => {
    const first = setUp();
    await first.host.get();
    const second = setUp({ verdicts: first.verdicts });
    await second.host.get();
    expect(second.loads).toEqual(['webgpu:q4']);
    expect(second.host.status.reasons.join('\n')).toMatch(/passed on .* \(remembered/);
  });

  it('keeps the verdicts of other models, dtypes and sources apart', async () => {
    const first = setUp({
      gpuOutputs: [
        [1, 0, 0],
        [1, 0, 0],
      ],
    });
    await first.host.get();
    const otherSource = setUp({
      verdicts: first.verdicts,
      settings: { ...SETTINGS, source: { kind: 'url', baseUrl: 'https://other.example/' } },
    });
    expect((await otherSource.host.plan()).backend).toBe('webgpu');
    const otherDtype = setUp({ verdicts: first.verdicts, settings: { ...SETTINGS, dtype: 'q8' } });
    expect(await otherDtype.host.plan()).toMatchObject({ backend: 'webgpu', dtype: 'q8' });
  });

  it('stays on WebGPU, unchecked and saying so, when the file cannot run on WASM', async () => {
    const { host, loads } = setUp({ wasmCopyFails: true });
    await expect(host.get()).resolves.toEqual({ device: 'webgpu', dtype: 'q4' });
    expect(loads).toEqual(['webgpu:q4', 'wasm:q4']);
    expect(host.status.reasons.join('\n')).toMatch(
      /self-check not possible .*do not load on WASM \(no kernel for MatMulNBits\).*Using WebGPU unchecked/,
    );
  });

  it('does not check a model that runs on WASM', async () => {
    const { host, loads } = setUp({ settings: { ...SETTINGS, backend: 'wasm' } });
    await host.get();
    expect(loads).toEqual(['wasm:q8']);
    expect(host.status.reasons.join('\n')).not.toMatch(/self-check/);
  });
});
