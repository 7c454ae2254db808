// Plain text, code, CSV and JSON: decoding through the app's shared rules, format detection by
// name, and the errors for empty, binary, unknown and too long files (refused while decoding).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument, formatOf } from './index';
import { hasMoreText } from './plain';
import { problemOf, tooLargeMessage } from '../../../test/expect-problem';

describe('formatOf', () => {
  it.each([
    ['a.PDF', 'pdf'],
    ['b.docx', 'docx'],
    ['c.htm', 'html'],
    ['d.mdx', 'markdown'],
    ['e.log', 'text'],
    ['f.rst', 'text'],
    ['g.tsx', 'code'],
    ['h.py', 'code'],
    ['dir/sub/Makefile', 'code'],
    ['Dockerfile', 'code'],
    ['Dockerfile.dev', 'code'],
    ['.gitignore', 'code'],
    ['LICENSE', 'text'],
    ['README', 'text'],
    ['data.tsv', 'csv'],
    ['rows.jsonl', 'json'],
    ['C:\\docs\\x.yaml', 'code'],
  ])('%s → %s', (name, format) => {
    expect(formatOf(name)).toBe(format);
  });

  it.each(['photo.jpg', 'archive.zip', 'old.doc', 'noextension', 'x.'])('%s → null', (name) => {
    expect(formatOf(name)).toBeNull();
  });
});

describe('plain text and code', () => {
  it('decodes UTF-16 LE with a BOM', async () => {
    const text = 'Grüße, 世界\nline two';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 255;
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const doc = await extractDocument('wide.txt', bytes);
    expect(doc).toEqual({
      format: 'text',
      text,
      sections: [{ start: 0, end: text.length }],
      warnings: [],
    });
  });

  it('falls back to Windows-1252 for Latin-1 bytes', async () => {
    // "café über" in Latin-1: invalid UTF-8. Bytes 0x80–0x9F (€, curly quotes) are left out:
    // Node 20's TextDecoder decodes "windows-1252" as ISO-8859-1 there; Chromium does not.
    const bytes = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xfc, 0x62, 0x65, 0x72]);
    expect((await extractDocument('old.txt', bytes)).text).toBe('café über');
  });

  it('labels code, CSV and JSON and keeps their text as is', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(await extractDocument('x.ts', enc('const a = 1;\n'))).toMatchObject({
      format: 'code',
      text: 'const a = 1;\n',
    });
    expect((await extractDocument('t.csv', enc('a,b\n1,2\n'))).format).toBe('csv');
    expect((await extractDocument('d.json', enc('{"k": "v"}'))).text).toBe('{"k": "v"}');
  });

  it('refuses binary bytes, empty files and unknown types', async () => {
    const binary = await problemOf('blob.txt', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    expect(binary.problem).toBe('binary');
    expect(binary.message).toBe('This looks like a binary file, not text.');
    const empty = await problemOf('empty.md', new Uint8Array());
    expect([empty.problem, empty.message]).toEqual(['empty', 'The file is empty.']);
    expect((await problemOf('blank.txt', new TextEncoder().encode(' \n\t'))).problem).toBe(
      'no-text',
    );
    const unknown = await problemOf('photo.jpg', Uint8Array.from([1, 2, 3]));
    expect(unknown.problem).toBe('unsupported');
    expect(unknown.message).toMatch(/^Unsupported file type "\.jpg": Sieve reads PDF/);
    const bare = await problemOf('v1.2/photo', Uint8Array.from([1]));
    expect(bare.message).toMatch(/^Unsupported file type: Sieve reads/);
  });

  it.each([
    ['notes.txt', (t: string) => t],
    ['notes.md', (t: string) => `# Notes\n\n${t}`],
    ['page.html', (t: string) => `<p>${t}</p>`],
    ['data.json', (t: string) => JSON.stringify({ t })],
  ])('refuses %s with more text than the limit, with its own message', async (name, wrap) => {
    const MB = 2 ** 20;
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: MB };
    const bytes = new TextEncoder().encode(wrap('word '.repeat(MB / 5 + 1)));
    const error = await problemOf(name, bytes, limits);
    expect(error.problem).toBe('too-large');
    expect(error.message).toBe(
      'This file has more than 1.0 MB of text; the limit is 1.0 MB of text per file, ' +
        'set in Model settings.',
    );
    const roomy = { ...limits, maxTextChars: 2 * MB };
    expect((await extractDocument(name, bytes, roomy)).text.length).toBeGreaterThan(MB);
  });
});

describe('the text limit, checked while decoding', () => {
  const MB = 2 ** 20;
  const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: MB };
  afterEach(() => vi.restoreAllMocks());

  /** Bytes handed to TextDecoder while `run` runs. */
  async function decodedBytes(run: () => Promise<unknown>): Promise<number> {
    let bytes = 0;
    const decode = TextDecoder.prototype.decode;
    vi.spyOn(TextDecoder.prototype, 'decode').mockImplementation(function (
      this: TextDecoder,
      ...a
    ) {
      bytes += a[0]?.byteLength ?? 0;
      return decode.apply(this, a);
    });
    await run().catch(() => {});
    return bytes;
  }

  it.each(['notes.txt', 'notes.md', 'data.csv'])(
    'stops decoding %s past the limit',
    async (name) => {
      const bytes = new TextEncoder().encode('word '.repeat(8 * (MB / 5)));
      expect(await tooLargeMessage(name, bytes, limits)).toMatch(
        /^This file has more than 1\.0 MB/,
      );
      // The whole file was 8 MB: decoding stopped a slice (1 MB) past the limit.
      expect(await decodedBytes(() => extractDocument(name, bytes, limits))).toBeLessThan(2.2 * MB);
    },
  );

  it('counts characters, not bytes: multibyte text under the limit is read', async () => {
    const under = new TextEncoder().encode('é'.repeat(0.75 * MB));
    expect(under.length).toBeGreaterThan(MB);
    expect((await extractDocument('accents.txt', under, limits)).text).toHaveLength(0.75 * MB);
    const over = new TextEncoder().encode('é'.repeat(MB + 1));
    expect((await problemOf('accents.txt', over, limits)).problem).toBe('too-large');
    expect(hasMoreText(over, MB)).toBe(true);
    expect(hasMoreText(over.subarray(0, 2 * MB), MB)).toBe(false);
  });

  it('counts UTF-16 and Windows-1252 as decodeText decodes them', () => {
    const utf16 = new Uint8Array(2 + 2 * 1000);
    utf16.set([0xff, 0xfe]);
    for (let i = 2; i < utf16.length; i += 2) utf16[i] = 0x61;
    expect(hasMoreText(utf16, 1000)).toBe(false);
    expect(hasMoreText(utf16, 999)).toBe(true);
    // Not UTF-8: a character a byte.
    const latin1 = new Uint8Array(1001).fill(0xe9);
    expect(hasMoreText(latin1, 1000)).toBe(true);
    expect(hasMoreText(latin1, 1001)).toBe(false);
  });

  it('still tells a large binary file as binary', async () => {
    const binary = new Uint8Array(2 * MB).fill(7);
    binary[10] = 0;
    expect((await problemOf('blob.txt', binary, limits)).problem).toBe('binary');
  });
});
