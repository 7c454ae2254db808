// Pack archives against hostile zips: a bomb refused by what it really unpacks to, whatever its
// sizes declare, before any of it is kept; the limit exact and settable; too many files; sizes
// that lie upwards no longer matter either.
import { strToU8, unzipSync, Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildPack } from './pack-build';
import { OpenedPack } from './pack-reader';
import { PackError } from './pack-manifest';
import {
  archiveSource,
  DEFAULT_MAX_PACK_UNPACKED_BYTES,
  MAX_PACK_FILES,
  packArchive,
} from './pack-archive';
import { measureUnpacked } from '../zip-reader';
import { sampleInput } from '../../../test/packs';
import { understateZipSizes } from '../../../test/documents';

const MB = 2 ** 20;

/** A zip of `files` plus "padding.bin", `megabytes` of zeros deflated as they are made. */
function withBomb(files: Record<string, Uint8Array>, megabytes: number): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    out.push(data);
  });
  const add = (name: string, chunks: Iterable<Uint8Array>) => {
    const file = new ZipDeflate(name, { level: 9 });
    zip.add(file);
    for (const chunk of chunks) file.push(chunk);
    file.push(new Uint8Array(0), true);
  };
  for (const [name, bytes] of Object.entries(files)) add(name, [bytes]);
  const zeros = new Uint8Array(MB);
  add(
    'padding.bin',
    Array.from({ length: megabytes }, () => zeros),
  );
  zip.end();
  const bytes = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  out.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
  return bytes;
}

/** Every entry claiming to unpack to `size` bytes, in the central directory and local headers. */
function declareSizes(zip: Uint8Array, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let eocd = bytes.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  let at = view.getUint32(eocd + 16, true);
  while (view.getUint32(at, true) === 0x02014b50) {
    view.setUint32(at + 24, size, true);
    view.setUint32(view.getUint32(at + 42, true) + 22, size, true);
    const [name, extra, comment] = [28, 30, 32].map((field) => view.getUint16(at + field, true));
    at += 46 + name! + extra! + comment!;
  }
  return bytes;
}

describe('pack archive limits', () => {
  it('refuses a pack that expands past the limit, whatever sizes it declares', async () => {
    const { files } = await buildPack(sampleInput());
    const bomb = withBomb(unzipSync(packArchive(files)), 24);
    expect(bomb.length).toBeLessThan(MB / 10);
    for (const zip of [bomb, understateZipSizes(bomb)]) {
      expect(() => archiveSource(zip, '“bomb.sievepack”', 8 * MB)).toThrow(
        new PackError(
          '“bomb.sievepack” expands to more than 8.0 MB when unpacked (a zip bomb?); ' +
            'Sieve does not open a pack larger than 8.0 MB.',
        ),
      );
    }
    // The same archive under a larger limit opens (the padding is not a pack file, but harmless).
    const pack = await OpenedPack.open(archiveSource(bomb, 'roomy', 32 * MB));
    expect(pack.documents).toHaveLength(3);
  });

  it('holds the real unpacked total to the limit exactly', async () => {
    const { files } = await buildPack(sampleInput());
    const archive = packArchive(files);
    const total = files.reduce((n, f) => n + f.bytes.length, 0);
    expect(measureUnpacked(archive, Infinity).bytes).toBe(total);
    expect(() => archiveSource(archive, 'exact', total)).not.toThrow();
    expect(() => archiveSource(archive, 'the pack file', total - 1)).toThrow(
      /^The pack file expands to more than/,
    );
    expect(DEFAULT_MAX_PACK_UNPACKED_BYTES).toBe(2 * 2 ** 30);
    expect(() => archiveSource(archive)).not.toThrow();
  });

  it('never believes declared sizes, large or small', async () => {
    const { files } = await buildPack(sampleInput());
    // Claiming 4 GB per file: unzipSync would have set out to allocate that much.
    const claimsHuge = declareSizes(packArchive(files), 0xfffffff0);
    const pack = await OpenedPack.open(archiveSource(claimsHuge));
    expect(pack.documents).toHaveLength(3);
  });

  it('refuses an archive of more files than any pack has', () => {
    const entries = Object.fromEntries(
      Array.from({ length: MAX_PACK_FILES + 1 }, (_, i) => [`f${i}`, new Uint8Array(0)]),
    );
    entries['manifest.json'] = strToU8('{}');
    const zip = packArchive(Object.entries(entries).map(([name, bytes]) => ({ name, bytes })));
    expect(() => archiveSource(zip)).toThrow(
      /^The pack file holds more than 65,536 files \(a zip bomb\?\); a Sieve pack has far fewer\.$/,
    );
  });
});
