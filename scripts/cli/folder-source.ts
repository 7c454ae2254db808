// Pack sources for Node (`sieve search`, tests, benchmarks): a pack folder on disk as a PackSource,
// or a .sievepack archive read whole; `packSourceAt` picks one by what the path is.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { archiveSource } from '../../src/core/pack/pack-archive';
import { PackError } from '../../src/core/pack/pack-manifest';
import type { PackSource } from '../../src/core/pack/pack-reader';

/** A pack folder's files. Names come from the manifest, which only allows plain file names. */
export function folderSource(dir: string): PackSource {
  return {
    label: dir,
    read: async (file, onBytes) => {
      if (file.includes('/') || file.includes('\\') || file.startsWith('.')) {
        throw new PackError(`The pack names a file outside its folder: ${file}.`);
      }
      const bytes = new Uint8Array(await readFile(join(dir, file)));
      onBytes?.(bytes.length);
      return bytes;
    },
  };
}

/** The pack at `path`: a folder holding manifest.json, or a .sievepack file. */
export async function packSourceAt(path: string): Promise<PackSource> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new PackError(`No pack at ${path}: there is no such file or folder.`);
  if (info.isDirectory()) return folderSource(path);
  return archiveSource(new Uint8Array(await readFile(path)), basename(path));
}
