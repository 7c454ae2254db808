// readableSnippet: Markdown headings and markup out, blank-line runs folded, and marks still on
// their words.
import { describe, expect, it } from 'vitest';
import { readableSnippet } from './readable-snippet';

/** The marked words of a snippet. */
const marked = ({ text, marks }: { text: string; marks: Array<[number, number]> }) =>
  marks.map(([s, e]) => text.slice(s, e));

/** Marks on every occurrence of `words` in `text`. */
function marksOf(text: string, ...words: string[]): Array<[number, number]> {
  return words.flatMap((word) =>
    [...text.matchAll(new RegExp(word, 'g'))].map((m): [number, number] => [
      m.index,
      m.index + word.length,
    ]),
  );
}

describe('readableSnippet', () => {
  it('drops Markdown headings and markup and keeps the words', () => {
    const text =
      '# Geology\n\n## Columnar *jointing* ##\n\n> Basalt **columns** form as `lava` cools; see [the survey](https://x.test/a "A") and ![a map](m.png).\n\n* *Jointing* follows.';
    const marks = marksOf(text, 'olog', 'columns', 'lava', 'survey', 'Jointing');
    const snippet = readableSnippet(text, marks, 'markdown');
    expect(snippet.text).toBe(
      'Basalt columns form as lava cools; see the survey and a map.\n* Jointing follows.',
    );
    expect(marked(snippet)).toEqual(['columns', 'lava', 'survey', 'Jointing']);
  });

  it('leaves other formats alone but for blank-line runs', () => {
    const code = '# not a heading in Python\n\n\n   \nx = a * b * c  # **kept**';
    const snippet = readableSnippet(code, marksOf(code, 'heading', 'kept'), 'code');
    expect(snippet.text).toBe('# not a heading in Python\nx = a * b * c  # **kept**');
    expect(marked(snippet)).toEqual(['heading', 'kept']);
  });

  it('keeps snake_case, lone asterisks and unclosed markup', () => {
    const text = 'Set max_chunk_size to 5 * 60 and *do not* close **this';
    expect(readableSnippet(text, [], 'markdown').text).toBe(
      'Set max_chunk_size to 5 * 60 and do not close **this',
    );
  });

  it('drops a mark that covered only markup, and trims leading gaps', () => {
    const text = '\n\n> **Quote**\n\nBody';
    const snippet = readableSnippet(
      text,
      [
        [4, 6],
        [6, 11],
      ],
      'markdown',
    );
    expect(snippet.text).toBe('Quote\nBody');
    expect(marked(snippet)).toEqual(['Quote']);
  });

  it('keeps the headings of a chunk that has nothing else', () => {
    expect(readableSnippet('# Title\n## Part', [], 'markdown').text).toBe('# Title\n## Part');
  });
});
