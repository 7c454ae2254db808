import { describe, expect, it } from 'vitest';
import { INSTRUCTION_PRESETS, instructionText } from './instructions';
import { DEFAULT_RETRIEVAL_INSTRUCTION } from './qwen3-embedding';
import { defaultCandidates, etaMs, fuseScores, rerankedTop } from './two-stage';

describe('defaultCandidates', () => {
  it('is max(5k, 20) capped at 200 on WebGPU and smaller on WASM', () => {
    expect(defaultCandidates(1, 'webgpu')).toBe(20);
    expect(defaultCandidates(10, 'webgpu')).toBe(50);
    expect(defaultCandidates(100, 'webgpu')).toBe(200);
    expect(defaultCandidates(10, 'wasm')).toBe(20);
    expect(defaultCandidates(3, 'wasm')).toBe(10);
  });
});

describe('fuseScores', () => {
  const vector = [0.9, 0.5, 0.7];
  const rerank = [0.1, 0.8, NaN];

  it('uses the rerank score alone by default', () => {
    expect(fuseScores(vector, rerank, { kind: 'rerank' })).toEqual(rerank);
  });

  it('mixes the rerank probability with min-max scaled vector scores', () => {
    const fused = fuseScores(vector, rerank, { kind: 'weighted', rerankWeight: 0.7 });
    expect(fused[0]).toBeCloseTo(0.7 * 0.1 + 0.3 * 1, 12);
    expect(fused[1]).toBeCloseTo(0.7 * 0.8 + 0.3 * 0, 12);
    expect(fused[2]).toBeNaN();
    expect(fuseScores([0.4, 0.4], [0.2, 0.6], { kind: 'weighted', rerankWeight: 0 })).toEqual([
      1, 1,
    ]);
  });
});

describe('rerankedTop', () => {
  it('orders by final score and reports movement against the vector rank', () => {
    const top = rerankedTop([0.2, 0.9, NaN, 0.5, 0.9], 3);
    expect(top).toEqual([
      { candidate: 1, score: 0.9, movement: 1 },
      { candidate: 4, score: 0.9, movement: 3 },
      { candidate: 3, score: 0.5, movement: 1 },
    ]);
    expect(rerankedTop([0.3, 0.2], 5).map((c) => c.movement)).toEqual([0, 0]);
  });
});

describe('etaMs and instructions', () => {
  it('projects the remaining time from the pace so far', () => {
    expect(etaMs(0, 10, 0)).toBeUndefined();
    expect(etaMs(4, 10, 2000)).toBe(3000);
    expect(etaMs(10, 10, 5000)).toBeUndefined();
  });

  it('resolves presets, and an empty custom instruction falls back to general', () => {
    expect(instructionText('general', '')).toBe(DEFAULT_RETRIEVAL_INSTRUCTION);
    expect(instructionText('code', 'x')).toBe(INSTRUCTION_PRESETS.code.text);
    expect(instructionText('custom', '  Find recipes  ')).toBe('Find recipes');
    expect(instructionText('custom', ' ')).toBe(DEFAULT_RETRIEVAL_INSTRUCTION);
  });
});
