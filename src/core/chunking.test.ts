import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkText, TooManyChunksError, type TokenCounter } from './chunking';
import { oneLineJson } from '../../test/documents';

// A deterministic stand-in for a BPE tokenizer: one token per word or punctuation mark.
const countWords: TokenCounter = (text) =>
  text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7} in some detail.`;
const paragraphs = Array.from({ length: 12 }, (_, p) =>
  Array.from({ length: 5 }, (_, s) => sentence(p * 5 + s)).join(' '),
).join('\n\n');

describe('chunkText', () => {
  it('keeps offsets that round-trip to the source text', () => {
    const chunks = chunkText(paragraphs, countWords, { maxTokens: 40, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(paragraphs.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.text).toBe(chunk.text.trim());
    }
  });

  it('never exceeds the token budget and covers every sentence', () => {
    const chunks = chunkText(paragraphs, countWords, { maxTokens: 40, overlapTokens: 10 });
    for (const chunk of chunks) expect(countWords(chunk.text)).toBeLessThanOrEqual(40);
    for (let i = 0; i < 60; i++) {
      expect(chunks.some((c) => c.text.includes(sentence(i)))).toBe(true);
    }
  });

  it('repeats whole sentences as overlap between neighbouring chunks', () => {
    const chunks = chunkText(paragraphs, countWords, { maxTokens: 40, overlapTokens: 15 });
    const overlapping = chunks.slice(1).filter((c, i) => c.start < chunks[i]!.end);
    expect(overlapping.length).toBeGreaterThan(0);
    for (const c of chunks) expect(c.text).toMatch(/^Sentence number \d+/);
  });

  it('splits a sentence longer than the budget at words, and an unbroken run by characters', () => {
    const long = 'word '.repeat(300) + 'x'.repeat(5000);
    // Additive like BPE over whitespace-split words: long runs cost one token per 50 characters.
    const counter: TokenCounter = (t) =>
      (t.match(/\S+/g) ?? []).reduce((sum, w) => sum + 1 + Math.floor(w.length / 50), 0);
    const chunks = chunkText(long, counter, { maxTokens: 32, overlapTokens: 0 });
    for (const chunk of chunks) {
      expect(counter(chunk.text)).toBeLessThanOrEqual(32);
      expect(long.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(
      chunks
        .map((c) => c.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(long.replace(/\s/g, ''));
  });

  it('splits a long block without blank lines (a CSV) at its lines, never counting it whole', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `row ${i},city ${i % 50},${i * 3}`);
    const csv = rows.join('\n');
    let longest = 0;
    const spy: TokenCounter = (text) => {
      longest = Math.max(longest, text.length);
      return countWords(text);
    };
    const chunks = chunkText(csv, spy, { maxTokens: 64, overlapTokens: 0 });
    expect(longest).toBeLessThanOrEqual(64 * 32);
    for (const c of chunks) {
      expect(csv.slice(c.start, c.end)).toBe(c.text);
      expect(c.tokens).toBeLessThanOrEqual(64);
      expect(c.text.split('\n').every((line) => rows.includes(line))).toBe(true);
    }
    expect(chunks.map((c) => c.text).join('\n')).toBe(csv);
  });

  it('prefers to end a chunk at a paragraph break', () => {
    const text = `${'Alpha beta gamma. '.repeat(6).trim()}\n\n${'Delta epsilon zeta. '.repeat(6).trim()}`;
    const chunks = chunkText(text, countWords, { maxTokens: 40, overlapTokens: 0 });
    expect(chunks[0]!.text.endsWith('gamma.')).toBe(true);
    expect(chunks[1]!.text.startsWith('Delta')).toBe(true);
  });

  it('returns no chunks for whitespace and rejects impossible options', () => {
    expect(chunkText(' \n\n \t', countWords, { maxTokens: 10, overlapTokens: 2 })).toEqual([]);
    expect(() => chunkText('a', countWords, { maxTokens: 10, overlapTokens: 10 })).toThrow(
      RangeError,
    );
  });

  it('stops with TooManyChunksError as soon as a chunk passes maxChunks, not after', () => {
    const text = Array.from({ length: 2000 }, (_, i) => sentence(i)).join('\n\n');
    let counted = 0;
    const spy: TokenCounter = (t) => {
      counted += t.length;
      return countWords(t);
    };
    const options = { maxTokens: 40, overlapTokens: 0 };
    const all = chunkText(text, countWords, options).length;
    expect(all).toBeGreaterThan(500);
    expect(chunkText(text, countWords, { ...options, maxChunks: all })).toHaveLength(all);
    const error = (() => {
      try {
        chunkText(text, spy, { ...options, maxChunks: 5 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TooManyChunksError);
    expect((error as TooManyChunksError).limit).toBe(5);
    expect((error as Error).message).toBe(
      'This file makes more than 5 chunks; the limit is 5 chunks per file, set in Model settings.',
    );
    // Only the first few chunks' worth of text was ever counted.
    expect(counted).toBeLessThan(text.length / 50);
  });
});

describe('chunkText on one very long line', () => {
  const segmented: number[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    segmented.length = 0;
  });

  /** Records the length of every string handed to Intl.Segmenter. */
  function spySegmenter(): void {
    const segment = Intl.Segmenter.prototype.segment;
    vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (
      this: Intl.Segmenter,
      input: string,
    ) {
      segmented.push(input.length);
      return segment.call(this, input);
    });
  }

  const base64 = (n: number) => {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    return Array.from({ length: n }, (_, i) => abc[(i * 7919) % 64]).join('');
  };

  const longSentences = (n: number) =>
    ('Word '.repeat(600) + 'end. ').repeat(Math.ceil(n / 3005)).slice(0, n);

  // Counted: about once per character; twice where every sentence is over the budget (counted
  // whole, then in windows).
  it.each([
    ['minified JSON', () => oneLineJson(20 * 2 ** 20), 1.1],
    ['base64', () => base64(4 * 2 ** 20), 1.1],
    ['sentences longer than the budget', () => longSentences(4 * 2 ** 20), 2.1],
  ])('chunks a multi-MB line of %s with linear work', (_, make, countedPerChar) => {
    const line = make();
    const n = line.length;
    const maxTokens = 511;
    let calls = 0;
    let counted = 0;
    let longest = 0;
    // About four characters per token, like a BPE tokenizer on code and data.
    const count: TokenCounter = (text) => {
      calls++;
      counted += text.length;
      longest = Math.max(longest, text.length);
      return Math.ceil(text.length / 4);
    };
    spySegmenter();
    const chunks = chunkText(line, count, { maxTokens, overlapTokens: 48 });
    // The counter sees each character about once, in pieces of a fraction of a chunk: the old
    // word-by-word path made one call per word (n / 16 calls on base64, n / 5 on JSON keys).
    expect(counted).toBeLessThan(countedPerChar * n);
    expect(calls).toBeLessThan(n / 64);
    expect(longest).toBeLessThanOrEqual(maxTokens * 32);
    // Intl.Segmenter never gets the line whole (in Node 20 it copies its input per segment, so
    // that is quadratic), and in all it reads the line a few times at most.
    expect(Math.max(...segmented)).toBeLessThanOrEqual(maxTokens * 8 + 1);
    expect(segmented.reduce((a, b) => a + b, 0)).toBeLessThan(3 * n);
    expect(chunks.length).toBeGreaterThan(n / 4 / maxTokens);
    expect(chunks.length).toBeLessThan((2 * n) / 4 / maxTokens);
    // Every character is in a chunk, apart from whitespace between two.
    let covered = 0;
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(maxTokens);
      if (chunk.start > covered) expect(line.slice(covered, chunk.start).trim()).toBe('');
      covered = Math.max(covered, chunk.end);
    }
    expect(covered).toBe(n);
    const probe = chunks[chunks.length >> 1]!;
    expect(line.slice(probe.start, probe.end)).toBe(probe.text);
  });
});
