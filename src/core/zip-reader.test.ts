// The zip reader on zips built in the test: exact totals for stored and deflated entries, a bomb
// stopped just past the limit whatever sizes it declares, too many entries, unreadable zips, and
// entries read back byte for byte.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  entryBytes,
  entrySize,
  inflateEntry,
  MAX_ZIP_ENTRIES,
  measureUnpacked,
  TooManyEntriesError,
  ZipDataError,
  zipEntries,
  ZipStructureError,
} from './zip-reader';
import { makeDocxBomb, sampleDocx, understateZipSizes } from '../../test/documents';

const MB = 2 ** 20;

describe('measureUnpacked', () => {
  it('adds up stored and deflated entries exactly', () => {
    const text = strToU8('Stored and deflated entries are both counted. '.repeat(5000));
    const zip = zipSync({
      'stored.txt': [text, { level: 0 }],
      'deflated.txt': [text, { level: 9 }],
      'empty.txt': new Uint8Array(0),
    });
    expect(zip.length).toBeLessThan(text.length * 1.2);
    expect(measureUnpacked(zip, 10 * MB)).toEqual({ bytes: 2 * text.length, over: false });
  });

  it('stops a zip bomb just past the limit, whatever sizes the zip declares', () => {
    const bomb = makeDocxBomb(24 * MB);
    expect(bomb.length).toBeLessThan(MB / 10);
    for (const zip of [bomb, understateZipSizes(bomb)]) {
      const { bytes, over } = measureUnpacked(zip, 4 * MB);
      expect(over).toBe(true);
      // Counting stops within one inflated step of the limit: the rest is never inflated.
      expect(bytes).toBeGreaterThan(4 * MB);
      expect(bytes).toBeLessThan(5 * MB);
    }
    expect(measureUnpacked(bomb, 64 * MB)).toMatchObject({ over: false });
  });

  it('counts a real Word document in full', () => {
    const { bytes, over } = measureUnpacked(sampleDocx(), MB);
    expect(over).toBe(false);
    expect(bytes).toBeGreaterThan(sampleDocx().length);
  });

  it('refuses a zip of more entries than allowed, before inflating any', () => {
    const part = strToU8('<w:p/>');
    const entries = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`word/p${i}.xml`, part]));
    const most = zipSync(entries(MAX_ZIP_ENTRIES), { level: 0 });
    expect(measureUnpacked(most, MB)).toEqual({
      bytes: MAX_ZIP_ENTRIES * part.length,
      over: false,
    });
    const more = zipSync(entries(MAX_ZIP_ENTRIES + 1), { level: 0 });
    expect(() => measureUnpacked(more, MB)).toThrow(TooManyEntriesError);
    expect(() => zipEntries(most, 10)).toThrow(TooManyEntriesError);
  });

  it('throws ZipStructureError for what it cannot read', () => {
    const docx = sampleDocx();
    const broken = [
      strToU8('PK\u0003\u0004 but nothing else'),
      docx.subarray(0, docx.length >> 1),
      // The central directory's offset pointing at the wrong place.
      (() => {
        const copy = docx.slice();
        const eocd = copy.length - 22;
        new DataView(copy.buffer).setUint32(eocd + 16, 7, true);
        return copy;
      })(),
    ];
    for (const zip of broken) expect(() => measureUnpacked(zip, MB)).toThrow(ZipStructureError);
  });
});

describe('reading entries', () => {
  const text = strToU8('Entries come back exactly as they went in. '.repeat(4000));
  const zip = zipSync({
    'stored.bin': [text, { level: 0 }],
    'deflated.txt': [text, { level: 6 }],
    'naïve/é.txt': strToU8('accents'),
  });

  it('names every entry and reads each back byte for byte', () => {
    const entries = zipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['stored.bin', 'deflated.txt', 'naïve/é.txt']);
    for (const entry of entries) {
      const bytes = entryBytes(zip, entry, entrySize(zip, entry));
      expect(strFromU8(bytes)).toBe(entry.name.endsWith('é.txt') ? 'accents' : strFromU8(text));
    }
    // A size that is not the real one is refused, never trusted.
    const deflated = entries[1]!;
    expect(() => entryBytes(zip, deflated, text.length - 1)).toThrow(ZipDataError);
    expect(() => entryBytes(zip, deflated, text.length + 1)).toThrow(ZipDataError);
  });

  it('inflates no further once the reader stops', () => {
    const bomb = makeDocxBomb(16 * MB);
    const document = zipEntries(bomb).find((e) => e.name === 'word/document.xml')!;
    const read = (room?: number) => {
      let seen = 0;
      inflateEntry(bomb, document, (chunk) => (seen += chunk.length) < 100_000, room);
      return seen;
    };
    // With the room it means to take, steps are small; without, each step makes ~16 MB at most.
    expect(read(100_000)).toBeGreaterThanOrEqual(100_000);
    expect(read(100_000)).toBeLessThan(MB + 100_000);
    expect(read()).toBeLessThan(16.5 * MB);
    expect(entrySize(bomb, document)).toBeGreaterThan(16 * MB);
    expect(entrySize(bomb, document, 2 * MB)).toBeLessThan(3 * MB);
    // A reader's own error comes through as it is, not as damaged data.
    const fail = () => {
      throw new RangeError('the reader failed');
    };
    expect(() => inflateEntry(bomb, document, fail)).toThrow(RangeError);
  });

  it('reports damaged deflate data as ZipDataError', () => {
    const deflated = zipEntries(zip)[1]!;
    const damaged = zip.slice();
    // Cut the deflate stream short: the zip's directory still points at a complete-looking entry.
    const data = deflated.localOffset + 30 + 'deflated.txt'.length;
    damaged.fill(0xff, data + 20, data + deflated.compressedSize);
    expect(() => entrySize(damaged, deflated)).toThrow(ZipDataError);
    // The measurer counts what came out before the damage instead of failing.
    expect(measureUnpacked(damaged, MB).over).toBe(false);
  });
});
