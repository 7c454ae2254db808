// A Sieve pack as one file (pure): a zip archive of the pack folder's files at its root (vector
// shards stored as they are, the rest deflated), and a PackSource that reads such an archive.
// Sizes are checked from the zip directory before anything is inflated.

import { unzipSync, zipSync, type Zippable } from 'fflate';
import { MANIFEST_FILE, PackError } from './pack-manifest';
import type { PackFile } from './pack-build';
import type { PackSource } from './pack-reader';

export const PACK_ARCHIVE_EXTENSION = '.sievepack';
/** Largest pack file an archive may hold unpacked (a guard against zip bombs). */
const MAX_ARCHIVE_ENTRY_BYTES = 2 ** 31;

export function packArchive(files: readonly PackFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const { name, bytes } of files) {
    // Vector codes and floats barely deflate; text, JSON and postings lists shrink a lot.
    const stored = name.startsWith('vectors.') || name.startsWith('exact.');
    entries[name] = [bytes, { level: stored ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** Reads the pack inside an archive; throws a PackError for anything that is not one. */
export function archiveSource(bytes: Uint8Array, label = 'the pack file'): PackSource {
  // Messages open with the label: a sentence starts with a capital.
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.originalSize > MAX_ARCHIVE_ENTRY_BYTES) {
          throw new PackError(`${Label} holds a file too large to be part of a Sieve pack.`);
        }
        return !f.name.includes('/');
      },
    });
  } catch (error) {
    if (error instanceof PackError) throw error;
    throw new PackError(
      `${Label} is not a Sieve pack, or it is damaged or truncated (not a readable zip archive).`,
    );
  }
  if (!files[MANIFEST_FILE]) {
    throw new PackError(`${Label} is not a Sieve pack: it has no manifest.json.`);
  }
  return {
    label,
    read: async (file) => {
      const found = files[file];
      if (!found) throw new PackError(`The pack is incomplete: ${label} has no ${file}.`);
      return found;
    },
  };
}
