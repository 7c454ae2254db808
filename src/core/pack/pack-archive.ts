// A Sieve pack as one file (pure): a zip archive of the pack folder's files at its root (vector
// shards stored as they are, the rest deflated), and a PackSource that reads such an archive.
// What the archive unpacks to is measured by inflating it (its declared sizes are not believed)
// and checked against a limit before anything is kept.

import { zipSync, type Zippable } from 'fflate';
import { formatBytes } from '../format';
import {
  entryBytes,
  entrySize,
  TooManyEntriesError,
  zipEntries,
  ZipStructureError,
  type ZipEntry,
} from '../zip-reader';
import { MANIFEST_FILE, PackError } from './pack-manifest';
import type { PackFile } from './pack-build';
import type { PackSource } from './pack-reader';

export const PACK_ARCHIVE_EXTENSION = '.sievepack';

/**
 * Most bytes an archive may unpack to by default (a guard against zip bombs). A browser cannot
 * hold a pack near this size (its vectors are stored unpacked, its text deflates 3–5×), so no
 * real pack reaches it; a caller with the memory to spare can pass a larger one.
 */
export const DEFAULT_MAX_PACK_UNPACKED_BYTES = 2 ** 31;
/** Most files an archive may hold: a pack of ten million chunks has under 50,000. */
export const MAX_PACK_FILES = 65_536;

export function packArchive(files: readonly PackFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const { name, bytes } of files) {
    // Vector codes and floats barely deflate; text, JSON and postings lists shrink a lot.
    const stored = name.startsWith('vectors.') || name.startsWith('exact.');
    entries[name] = [bytes, { level: stored ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** Why an archive is refused, each reason with its own message opening with `label`. */
const refusals = (label: string, limit: number) => {
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  return {
    expands: () =>
      new PackError(
        `${Label} expands to more than ${formatBytes(limit)} when unpacked (a zip bomb?); ` +
          `Sieve does not open a pack larger than ${formatBytes(limit)}.`,
      ),
    files: () =>
      new PackError(
        `${Label} holds more than ${MAX_PACK_FILES.toLocaleString('en-US')} files (a zip bomb?); ` +
          'a Sieve pack has far fewer.',
      ),
    unreadable: () =>
      new PackError(
        `${Label} is not a Sieve pack, or it is damaged or truncated (not a readable zip archive).`,
      ),
    noManifest: () => new PackError(`${Label} is not a Sieve pack: it has no manifest.json.`),
  };
};

/**
 * The archive's files at its root, each measured by inflating it (output dropped) until the total
 * passes `limit`, and only then inflated again to be kept: a zip bomb costs no memory.
 */
function unpack(bytes: Uint8Array, limit: number, refuse: ReturnType<typeof refusals>) {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes, MAX_PACK_FILES).filter((e) => !e.name.includes('/'));
  } catch (error) {
    throw error instanceof TooManyEntriesError ? refuse.files() : refuse.unreadable();
  }
  try {
    let total = 0;
    const sizes = entries.map((entry) => {
      const size = entrySize(bytes, entry, limit - total);
      total += size;
      if (total > limit) throw refuse.expands();
      return size;
    });
    const files = new Map<string, Uint8Array>();
    entries.forEach((entry, i) => files.set(entry.name, entryBytes(bytes, entry, sizes[i]!)));
    return files;
  } catch (error) {
    if (error instanceof ZipStructureError) throw refuse.unreadable();
    throw error;
  }
}

/**
 * Reads the pack inside an archive; throws a PackError for anything that is not one, or that
 * unpacks to more than `maxUnpackedBytes`.
 */
export function archiveSource(
  bytes: Uint8Array,
  label = 'the pack file',
  maxUnpackedBytes = DEFAULT_MAX_PACK_UNPACKED_BYTES,
): PackSource {
  const refuse = refusals(label, maxUnpackedBytes);
  const files = unpack(bytes, maxUnpackedBytes, refuse);
  if (!files.has(MANIFEST_FILE)) throw refuse.noManifest();
  return {
    label,
    read: async (file) => {
      const found = files.get(file);
      if (!found) throw new PackError(`The pack is incomplete: ${label} has no ${file}.`);
      return found;
    },
  };
}
