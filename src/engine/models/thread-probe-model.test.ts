// The thread probe's hand-encoded ONNX model (src/core/thread-probe-model.ts) loaded by
// onnxruntime-node, its output checked against the same graph computed in plain JavaScript.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  buildProbeModel,
  PROBE_INPUT,
  PROBE_OUTPUT,
  probeInput,
  probeLayers,
  THREAD_PROBE_SPEC,
  type ProbeModelSpec,
} from '../../core/thread-probe-model';

/** Round half to even, as ONNX's DynamicQuantizeLinear specifies. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The probe graph in float32 arithmetic: quantise rows, integer product, rescale. */
function reference(spec: ProbeModelSpec, input: Float32Array): Float32Array {
  let x = input;
  for (const { k, n, weights, scale } of probeLayers(spec)) {
    let min = 0;
    let max = 0;
    for (const v of x) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const s = Math.fround((max - min) / 255);
    const zp = Math.min(255, Math.max(0, roundEven(Math.fround(0 - min / s))));
    const q = x.map((v) => Math.min(255, Math.max(0, roundEven(Math.fround(v / s)) + zp)) - zp);
    const both = Math.fround(s * scale);
    // Row by row, weights read in memory order: integer sums are exact in float64.
    const acc = new Float64Array(spec.rows * n);
    for (let r = 0; r < spec.rows; r++) {
      for (let i = 0; i < k; i++) {
        const a = q[r * k + i]!;
        for (let j = 0; j < n; j++) acc[r * n + j]! += a * weights[i * n + j]!;
      }
    }
    x = Float32Array.from(acc, (sum) => Math.fround(sum) * both);
  }
  return x;
}

async function run(spec: ProbeModelSpec): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(buildProbeModel(spec));
  try {
    const feeds = {
      [PROBE_INPUT]: new ort.Tensor('float32', probeInput(spec), [spec.rows, spec.hidden]),
    };
    const out = (await session.run(feeds))[PROBE_OUTPUT]!;
    return { data: out.data as Float32Array, dims: out.dims };
  } finally {
    await session.release();
  }
}

function maxAbs(values: Float32Array): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

describe('thread probe model', () => {
  const small: ProbeModelSpec = { rows: 5, hidden: 48, intermediate: 96, blocks: 2, seed: 7 };

  it('runs in onnxruntime-node and matches the graph computed in JavaScript', async () => {
    const { data, dims } = await run(small);
    expect(dims).toEqual([small.rows, small.hidden]);
    const expected = reference(small, probeInput(small));
    // Activations near unit size, not collapsed or exploding.
    expect(maxAbs(expected)).toBeGreaterThan(0.2);
    expect(maxAbs(expected)).toBeLessThan(20);
    // Within one activation quantum's effect (a rounding tie may land differently).
    expect(maxDifference(data, expected)).toBeLessThan(maxAbs(expected) * 1e-2);
    // The comparison can fail: another seed's weights give another output.
    const other = reference({ ...small, seed: 8 }, probeInput(small));
    expect(maxDifference(other, expected)).toBeGreaterThan(maxAbs(expected) * 0.2);
  });

  it('builds the shipped probe (one Qwen3-0.6B MLP) deterministically', async () => {
    const bytes = buildProbeModel(THREAD_PROBE_SPEC);
    const again = buildProbeModel(THREAD_PROBE_SPEC);
    // Compared by hand: toEqual walks 6 MB element by element for seconds.
    expect(again.length === bytes.length && again.every((b, i) => b === bytes[i])).toBe(true);
    // Two int8 matrices of 1024 × 3072 plus a few hundred bytes of graph.
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 3072);
    expect(bytes.length).toBeLessThan(2 * 1024 * 3072 + 4096);
    const { data, dims } = await run(THREAD_PROBE_SPEC);
    expect(dims).toEqual([THREAD_PROBE_SPEC.rows, THREAD_PROBE_SPEC.hidden]);
    const expected = reference(THREAD_PROBE_SPEC, probeInput(THREAD_PROBE_SPEC));
    expect(maxDifference(data, expected)).toBeLessThan(maxAbs(expected) * 1e-2);
  });
});
