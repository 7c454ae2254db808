import { describe, expect, it } from 'vitest';
import { chunkText, type TokenCounter } from './chunking';

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
});
