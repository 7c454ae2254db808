import { describe, expect, it } from 'vitest';
import {
  compareEmbeddings,
  compareScores,
  corruptOutputs,
  describeVerdict,
  verdictKey,
  type GpuVerdict,
} from './gpu-self-check';

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const ROWS = [unit([1, 2, 3, 4]), unit([-2, 0.5, 1, 0]), unit([0.1, 0.1, -3, 2])];

describe('compareEmbeddings', () => {
  it('passes rows that differ by rounding noise and reports the lowest cosine', () => {
    const noisy = ROWS.map((row) => row.map((x, i) => x + (i % 2 ? 1e-3 : -1e-3)));
    const result = compareEmbeddings(noisy, ROWS);
    expect(result.passed).toBe(true);
    expect(result.detail).toMatch(/cosine (0\.99\d\d|1\.0000) to WASM's \(need ≥ 0\.99\)/);
  });

  it('fails when one row is off, when rows are corrupted, NaN or missing', () => {
    const oneOff = [ROWS[0]!, unit([1, 0, 0, 0]), ROWS[2]!];
    expect(compareEmbeddings(oneOff, ROWS).passed).toBe(false);
    expect(compareEmbeddings(corruptOutputs(ROWS), ROWS).passed).toBe(false);
    const nan = ROWS.map((row) => row.map(() => NaN));
    expect(compareEmbeddings(nan, ROWS)).toMatchObject({ passed: false, detail: /cosine NaN/ });
    expect(compareEmbeddings(ROWS.slice(1), ROWS)).toMatchObject({
      passed: false,
      detail: 'WebGPU returned 2 outputs where WASM returned 3',
    });
    expect(compareEmbeddings([], []).passed).toBe(false);
  });

  it('fails a scaled-down cosine just under the bound', () => {
    // cos = 0.985: a row rotated by ~10 degrees.
    const angle = Math.acos(0.985);
    const rotated = [[Math.cos(angle), Math.sin(angle)]];
    expect(compareEmbeddings(rotated, [[1, 0]]).passed).toBe(false);
    const closer = Math.acos(0.995);
    expect(compareEmbeddings([[Math.cos(closer), Math.sin(closer)]], [[1, 0]]).passed).toBe(true);
  });
});

describe('compareScores', () => {
  it('allows differences up to 0.02 and no more', () => {
    expect(compareScores([[0.51], [0.2]], [[0.5], [0.21]])).toMatchObject({
      passed: true,
      detail: "rerank scores differ from WASM's by up to 0.0100 (allowed 0.02)",
    });
    expect(compareScores([[0.53], [0.2]], [[0.5], [0.2]]).passed).toBe(false);
    expect(compareScores(corruptOutputs([[0.5]]), [[0.5]]).passed).toBe(false);
    expect(compareScores([[NaN]], [[0.5]])).toMatchObject({ passed: false, detail: /up to NaN/ });
  });
});

describe('verdicts', () => {
  const base = { userAgent: 'Chrome/150', adapter: 'nvidia ampere', source: 'hub', modelId: 'm' };
  it('keys a verdict by browser, adapter, source, model and dtype', () => {
    const keys = new Set([
      verdictKey({ ...base, dtype: 'q4' }),
      verdictKey({ ...base, dtype: 'fp16' }),
      verdictKey({ ...base, dtype: 'q4', userAgent: 'Chrome/151' }),
      verdictKey({ ...base, dtype: 'q4', adapter: 'intel gen-12' }),
      verdictKey({ ...base, dtype: 'q4', source: 'https://mirror/' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('words each outcome, fresh or remembered', () => {
    const verdict: GpuVerdict = {
      outcome: 'failed',
      detail: "embeddings at cosine 0.0500 to WASM's (need ≥ 0.99)",
      ms: 2345,
      checkedAt: Date.UTC(2026, 11, 3),
    };
    expect(describeVerdict(verdict, 'q4f16', false)).toBe(
      "WebGPU gave wrong results in a self-check in 2.3 s: embeddings at cosine 0.0500 to WASM's (need ≥ 0.99) with the same q4f16 weights. Using WASM instead.",
    );
    expect(describeVerdict(verdict, 'q4f16', true, 'en-GB')).toMatch(
      /^WebGPU gave wrong results in a self-check on 0[23]\/12\/2026 \(remembered for this browser and GPU\)/,
    );
    expect(describeVerdict({ ...verdict, outcome: 'passed' }, 'q4', false)).toMatch(
      /^WebGPU self-check passed in 2\.3 s: .* with the same q4 weights\.$/,
    );
    expect(describeVerdict({ ...verdict, outcome: 'unverified' }, 'q4', false)).toMatch(
      /not possible.*Using WebGPU unchecked\.$/,
    );
  });
});
