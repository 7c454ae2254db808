import { describe, expect, it } from 'vitest';
import { TooManyChunksError } from './chunking';
import {
  chunkSections,
  embeddingInput,
  joinLoneHeadings,
  locationLabel,
  type TextSection,
} from './section-chunks';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('chunkSections', () => {
  const pageOne = 'First page. '.repeat(30).trim();
  const pageTwo = 'Second page talks about rivers. '.repeat(3).trim();
  const text = `${pageOne}\n\n${pageTwo}`;
  const sections: TextSection[] = [
    { start: 0, end: pageOne.length + 2, page: 1 },
    { start: pageOne.length + 2, end: text.length, page: 2 },
  ];

  it('never lets a chunk cross a section and keeps absolute offsets', () => {
    const chunks = chunkSections(text, sections, words, { maxTokens: 20, overlapTokens: 4 });
    expect(chunks.length).toBeGreaterThan(3);
    chunks.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(text.slice(c.start, c.end)).toBe(c.text);
      const s = sections[c.section]!;
      expect(c.start).toBeGreaterThanOrEqual(s.start);
      expect(c.end).toBeLessThanOrEqual(s.end);
    });
    expect(chunks.at(-1)).toMatchObject({ section: 1, text: pageTwo });
  });

  it('takes the heading context off the token budget', () => {
    const body = 'word '.repeat(100).trim();
    const long: TextSection[] = [
      { start: 0, end: body.length, headings: ['Guide', 'Install steps'] },
    ];
    const chunks = chunkSections(body, long, words, { maxTokens: 40, overlapTokens: 0 });
    for (const c of chunks) {
      expect(words(embeddingInput(c.text, long[0]))).toBeLessThanOrEqual(40);
    }
  });

  it('holds maxChunks for the whole document, naming its limit when a section passes it', () => {
    const options = { maxTokens: 20, overlapTokens: 4 };
    const all = chunkSections(text, sections, words, options);
    const onPageTwo = all.filter((c) => c.section === 1).length;
    expect(onPageTwo).toBeGreaterThan(0);
    expect(chunkSections(text, sections, words, { ...options, maxChunks: all.length })).toEqual(
      all,
    );
    // Page one alone fits; the limit is passed on page two, and the message names the total.
    const limit = all.length - onPageTwo;
    expect(() => chunkSections(text, sections, words, { ...options, maxChunks: limit })).toThrow(
      new TooManyChunksError(limit),
    );
  });

  it('treats a document without sections as one section', () => {
    const chunks = chunkSections('Just a line.', [], words, { maxTokens: 10, overlapTokens: 0 });
    expect(chunks).toEqual([expect.objectContaining({ text: 'Just a line.', section: 0 })]);
  });
});

describe('locations', () => {
  it('labels pages and heading paths, and gives headings to the embedder as context', () => {
    expect(locationLabel({ start: 0, end: 1, page: 3 })).toBe('Page 3');
    expect(locationLabel({ start: 0, end: 1, headings: ['Intro', 'Setup'] })).toBe('Intro › Setup');
    expect(locationLabel({ start: 0, end: 1, page: 2, headings: ['A'] })).toBe('Page 2 · A');
    expect(locationLabel({ start: 0, end: 1 })).toBeUndefined();
    expect(embeddingInput('Body.', { start: 0, end: 5, headings: ['Intro', 'Setup'] })).toBe(
      'Intro › Setup\n\nBody.',
    );
    expect(embeddingInput('Body.', { start: 0, end: 5, page: 1 })).toBe('Body.');
  });
});

describe('joinLoneHeadings', () => {
  it('joins a heading-only section to the next one, keeping the deeper location', () => {
    const text = '# Baking\n\n## Sourdough\n\nFeed the starter.\n\n## Rye\n\nDense.';
    const at = (s: string) => text.indexOf(s);
    const sections: TextSection[] = [
      { start: 0, end: at('## Sourdough'), headings: ['Baking'] },
      { start: at('## Sourdough'), end: at('## Rye'), headings: ['Baking', 'Sourdough'] },
      { start: at('## Rye'), end: text.length, headings: ['Baking', 'Rye'] },
    ];
    expect(joinLoneHeadings(text, sections)).toEqual([
      { start: 0, end: at('## Rye'), headings: ['Baking', 'Sourdough'] },
      sections[2],
    ]);
  });

  it('keeps one-line PDF pages and a lone last section', () => {
    const text = 'Title page\n\nBody of page two.';
    const pages: TextSection[] = [
      { start: 0, end: 12, page: 1 },
      { start: 12, end: text.length, page: 2 },
    ];
    expect(joinLoneHeadings(text, pages)).toEqual(pages);
    expect(joinLoneHeadings('# Only', [{ start: 0, end: 6, headings: ['Only'] }])).toHaveLength(1);
  });
});
