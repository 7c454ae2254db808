// The indexing estimate: chunks, tokens and time of the queue's remaining work, and its wording.
import { describe, expect, it } from 'vitest';
import {
  chunksOf,
  DEFAULT_TOKENS_PER_BYTE,
  estimateIndexing,
  estimateText,
  formatChunkCount,
  formatEstimateTime,
  tokensPerByte,
  type EstimateFile,
} from './indexing-estimate';

const SETTINGS = { chunkTokens: 512, overlapTokens: 48 };
const queued = (size: number, format = 'text'): EstimateFile => ({
  status: 'queued',
  size,
  format,
});

describe('chunksOf', () => {
  it('fills chunks with overlap for formats without sections', () => {
    expect(chunksOf(0, 'text', 512, 48)).toEqual({ chunks: 0, tokens: 0 });
    expect(chunksOf(300, 'text', 512, 48)).toEqual({ chunks: 1, tokens: 300 });
    // 1,000 tokens: steps of 464 after the first 48 → 3 chunks, each later one repeating 48.
    expect(chunksOf(1_000, 'code', 512, 48)).toEqual({ chunks: 3, tokens: 1_096 });
  });

  it('cuts formats with headings at their typical section size', () => {
    expect(chunksOf(1_200, 'markdown', 512, 48)).toEqual({ chunks: 10, tokens: 1_200 });
    // A chunk size below the section size fills chunks again.
    expect(chunksOf(1_200, 'markdown', 64, 16).chunks).toBe(25);
  });
});

describe('tokensPerByte', () => {
  it('uses the measured defaults without documents', () => {
    expect(tokensPerByte().get('pdf')).toBe(DEFAULT_TOKENS_PER_BYTE.pdf);
  });

  it('moves towards what the library’s documents of a format gave', () => {
    const few = tokensPerByte([{ format: 'pdf', size: 4_096, tokenCount: 2_048 }]).get('pdf')!;
    expect(few).toBeGreaterThan(DEFAULT_TOKENS_PER_BYTE.pdf!);
    expect(few).toBeLessThan(0.5);
    const many = tokensPerByte([{ format: 'pdf', size: 4_000_000, tokenCount: 2_000_000 }]);
    expect(many.get('pdf')).toBeCloseTo(0.5, 2);
    // Other formats keep their defaults; documents without counts are ignored.
    expect(many.get('markdown')).toBe(DEFAULT_TOKENS_PER_BYTE.markdown);
    expect(tokensPerByte([{ format: 'csv', size: 0, tokenCount: 5 }]).get('csv')).toBe(
      DEFAULT_TOKENS_PER_BYTE.csv,
    );
  });
});

describe('estimateIndexing', () => {
  it('estimates unread files from their size and format', () => {
    const estimate = estimateIndexing({
      files: [queued(10_000, 'text'), queued(10_000, 'json')],
      ...SETTINGS,
      tokensPerSecond: 100,
    });
    const text = chunksOf(10_000 * DEFAULT_TOKENS_PER_BYTE.text!, 'text', 512, 48);
    const json = chunksOf(10_000 * DEFAULT_TOKENS_PER_BYTE.json!, 'json', 512, 48);
    expect(estimate.files).toBe(2);
    expect(estimate.chunks).toBe(text.chunks + json.chunks);
    expect(estimate.tokens).toBe(Math.round(text.tokens + json.tokens));
    expect(estimate.ms).toBeCloseTo(((text.tokens + json.tokens) / 100) * 1000);
  });

  it('uses a chunked file’s own counts, less what is embedded', () => {
    const estimate = estimateIndexing({
      files: [
        { status: 'embedding', size: 1e6, format: 'pdf', done: 30, total: 40, tokens: 8_000 },
      ],
      ...SETTINGS,
      tokensPerSecond: 200,
    });
    expect(estimate).toEqual({ files: 1, chunks: 10, tokens: 2_000, ms: 10_000 });
  });

  it('leaves out finished, saving and unreadable rows', () => {
    const estimate = estimateIndexing({
      files: [
        { status: 'done', size: 5_000 },
        { status: 'duplicate', size: 5_000 },
        { status: 'failed', size: 5_000 },
        { status: 'skipped' },
        { status: 'cancelled', size: 5_000 },
        { status: 'saving', size: 5_000 },
        { status: 'embedding', size: 5_000, done: 4, total: 4, tokens: 900 },
        { status: 'queued', size: 0 },
      ],
      ...SETTINGS,
    });
    expect(estimate).toEqual({ files: 0, chunks: 0, tokens: 0 });
  });

  it('has no time without a measured speed', () => {
    expect(estimateIndexing({ files: [queued(1_000)], ...SETTINGS }).ms).toBeUndefined();
  });

  it('refines unread files by the library’s documents of the same format', () => {
    const files = [queued(100_000, 'pdf')];
    const plain = estimateIndexing({ files, ...SETTINGS });
    const refined = estimateIndexing({
      files,
      ...SETTINGS,
      observed: [{ format: 'pdf', size: 1_000_000, tokenCount: 400_000 }],
    });
    expect(refined.tokens).toBeGreaterThan(plain.tokens * 2);
  });
});

describe('wording', () => {
  it('formats times and chunk counts the way people say them', () => {
    expect(formatEstimateTime(25 * 60_000)).toBe('about 25 min');
    expect(formatEstimateTime(40_000)).toBe('about 40 s');
    expect(formatEstimateTime(52_000)).toBe('under a minute');
    expect(formatChunkCount(7)).toBe('≈7');
    expect(formatChunkCount(183)).toBe('≈180');
    expect(formatChunkCount(1_234)).toBe('≈1,200');
  });

  const speed = { tokensPerSecond: 410.4, backend: 'wasm', source: 'indexing' as const };

  it('says how long, for how many chunks, at which measured speed', () => {
    const big = { files: 300, chunks: 1_234, tokens: 615_000, ms: 25 * 60_000 };
    expect(estimateText(big, speed)).toBe(
      'About 25 min for ≈1,200 chunks on this device (measured 410 tokens/s on WASM while indexing)',
    );
    expect(estimateText(big, { ...speed, source: 'warm-up', backend: 'webgpu' })).toContain(
      'on WebGPU at model load',
    );
    expect(estimateText(big, { ...speed, stored: true })).toContain('on an earlier visit');
  });

  it('shows a long time even for few chunks, and nothing for a handful of small files', () => {
    expect(estimateText({ files: 1, chunks: 20, tokens: 9_000, ms: 90_000 }, speed)).toMatch(
      /^About 2 min for ≈20 chunks/,
    );
    expect(estimateText({ files: 5, chunks: 12, tokens: 3_000, ms: 7_000 }, speed)).toBeUndefined();
  });

  it('before any measurement, says when the time will appear', () => {
    expect(estimateText({ files: 40, chunks: 150, tokens: 50_000 }, undefined)).toBe(
      '≈150 chunks to embed: the time estimate appears once the model has measured this device.',
    );
  });
});
