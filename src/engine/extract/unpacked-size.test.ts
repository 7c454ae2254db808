// The zip measurer on zips built in the test: exact totals for stored and deflated entries, a
// bomb stopped just past the limit whatever sizes it declares, too many entries, unreadable zips.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  MAX_ZIP_ENTRIES,
  measureUnpacked,
  TooManyEntriesError,
  ZipStructureError,
} from './unpacked-size';
import { makeDocxBomb, sampleDocx, understateZipSizes } from '../../../test/documents';

const MB = 2 ** 20;

describe('measureUnpacked', () => {
  it('adds up stored and deflated entries exactly', async () => {
    const text = strToU8('Stored and deflated entries are both counted. '.repeat(5000));
    const zip = zipSync({
      'stored.txt': [text, { level: 0 }],
      'deflated.txt': [text, { level: 9 }],
      'empty.txt': new Uint8Array(0),
    });
    expect(zip.length).toBeLessThan(text.length * 1.2);
    expect(await measureUnpacked(zip, 10 * MB)).toEqual({ bytes: 2 * text.length, over: false });
  });

  it('stops a zip bomb just past the limit, whatever sizes the zip declares', async () => {
    const bomb = makeDocxBomb(24 * MB);
    expect(bomb.length).toBeLessThan(MB / 10);
    for (const zip of [bomb, understateZipSizes(bomb)]) {
      const { bytes, over } = await measureUnpacked(zip, 4 * MB);
      expect(over).toBe(true);
      // Counting stops within one inflated slice of the limit: the rest is never inflated.
      expect(bytes).toBeGreaterThan(4 * MB);
      expect(bytes).toBeLessThan(5 * MB);
    }
    expect(await measureUnpacked(bomb, 64 * MB)).toMatchObject({ over: false });
  });

  it('counts a real Word document in full', async () => {
    const { bytes, over } = await measureUnpacked(sampleDocx(), MB);
    expect(over).toBe(false);
    expect(bytes).toBeGreaterThan(sampleDocx().length);
  });

  it('refuses a zip of more entries than any Word document has, before inflating any', async () => {
    const part = strToU8('<w:p/>');
    const entries = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`word/p${i}.xml`, part]));
    const most = zipSync(entries(MAX_ZIP_ENTRIES), { level: 0 });
    expect(await measureUnpacked(most, MB)).toEqual({
      bytes: MAX_ZIP_ENTRIES * part.length,
      over: false,
    });
    const more = zipSync(entries(MAX_ZIP_ENTRIES + 1), { level: 0 });
    await expect(measureUnpacked(more, MB)).rejects.toBeInstanceOf(TooManyEntriesError);
  });

  it('throws ZipStructureError for what it cannot read', async () => {
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
    for (const zip of broken) {
      await expect(measureUnpacked(zip, MB)).rejects.toBeInstanceOf(ZipStructureError);
    }
  });
});
