// A zip read without believing it (pure; page, worker or Node): its entries from the central
// directory, each inflated in bounded steps (fflate's streaming Inflate) that stop once past a
// limit. The sizes a zip declares are never used: a zip bomb lies about them.
import { Inflate, strFromU8 } from 'fflate';
import { errorMessage } from './errors';

/** The zip's structure cannot be read (no central directory, a bad offset, an unknown method). */
export class ZipStructureError extends Error {
  override name = 'ZipStructureError';
}

/** A zip with more entries than its reader allows. */
export class TooManyEntriesError extends ZipStructureError {
  override name = 'TooManyEntriesError';
}

/** An entry whose compressed data cannot be inflated (damaged, or cut short). */
export class ZipDataError extends ZipStructureError {
  override name = 'ZipDataError';
}

/**
 * Most entries read by default. A Word document has tens of parts, a few thousand with many
 * pictures; a zip of a million tiny entries (each costing an inflater) would take minutes.
 */
export const MAX_ZIP_ENTRIES = 16_384;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/**
 * Compressed bytes inflated per step. Deflate expands at most ~1032×, so a step near the limit is
 * small (what it adds past the limit stays under a megabyte) and no step makes more than ~16 MB;
 * steps are not smaller than needed, as each copies fflate's 32 KB window.
 */
const MIN_STEP = 1024;
const MAX_STEP = 16 * 1024;
const stepFor = (room: number) => Math.max(MIN_STEP, Math.min(MAX_STEP, Math.floor(room / 2048)));

class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fits = (at: number, length: number) => at >= 0 && at + length <= this.bytes.length;
  u16 = (at: number) => this.view.getUint16(at, true);
  u32 = (at: number) => this.view.getUint32(at, true);
  u64 = (at: number) => this.u32(at) + this.u32(at + 4) * 2 ** 32;
  isAt = (at: number, signature: number) => this.fits(at, 4) && this.u32(at) === signature;
}

/** The end-of-central-directory record: searched backwards over at most a maximal comment. */
function centralDirectory(r: Reader): { start: number; end: number } {
  const last = r.bytes.length - 22;
  let eocd = -1;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (r.isAt(at, EOCD)) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipStructureError('no end of central directory');
  let start = r.u32(eocd + 16);
  if (start === 0xffffffff && r.isAt(eocd - 20, ZIP64_LOCATOR)) {
    const record = r.u64(eocd - 20 + 8);
    if (!r.isAt(record, ZIP64_EOCD)) throw new ZipStructureError('bad zip64 record');
    start = r.u64(record + 48);
  }
  return { start, end: eocd };
}

/** Sizes and offsets that do not fit in 32 bits are in the entry's zip64 extra field. */
function zip64Values(
  r: Reader,
  extra: number,
  extraLength: number,
  entry: ZipEntry,
  raw: number[],
) {
  for (let at = extra; at + 4 <= extra + extraLength; at += 4 + r.u16(at + 2)) {
    if (r.u16(at) !== 0x0001) continue;
    let field = at + 4;
    const next = () => {
      const value = r.fits(field, 8) ? r.u64(field) : NaN;
      field += 8;
      return value;
    };
    // In this order, each present only when its 32-bit field is all ones.
    if (raw[0] === 0xffffffff) next(); // uncompressed size: not believed anyway
    if (raw[1] === 0xffffffff) entry.compressedSize = next();
    if (raw[2] === 0xffffffff) entry.localOffset = next();
  }
}

/**
 * Every central-directory entry, read while the signatures hold (as zip readers do). Names are
 * UTF-8 when the entry says so and Latin-1 otherwise, as fflate reads them.
 */
export function zipEntries(zip: Uint8Array, maxEntries = MAX_ZIP_ENTRIES): ZipEntry[] {
  const r = new Reader(zip);
  const { start, end } = centralDirectory(r);
  const out: ZipEntry[] = [];
  let at = start;
  while (at < end && r.isAt(at, CENTRAL_ENTRY) && r.fits(at, 46)) {
    if (out.length === maxEntries) throw new TooManyEntriesError('too many entries');
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const name = zip.subarray(at + 46, Math.min(end, at + 46 + nameLength));
    const entry: ZipEntry = {
      name: strFromU8(name, !(r.u16(at + 8) & 0x800)),
      method: r.u16(at + 10),
      compressedSize: r.u32(at + 20),
      localOffset: r.u32(at + 42),
    };
    const raw = [r.u32(at + 24), entry.compressedSize, entry.localOffset];
    zip64Values(r, at + 46 + nameLength, extraLength, entry, raw);
    out.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (out.length === 0) throw new ZipStructureError('no central directory entries');
  return out;
}

/** The entry's compressed bytes, from its local header; clipped to the file. */
function entryData(r: Reader, entry: ZipEntry): Uint8Array {
  const at = entry.localOffset;
  if (!r.isAt(at, LOCAL_ENTRY) || !r.fits(at, 30)) throw new ZipStructureError('bad local header');
  const start = at + 30 + r.u16(at + 26) + r.u16(at + 28);
  if (!Number.isFinite(entry.compressedSize) || start > r.bytes.length) {
    throw new ZipStructureError('bad entry size');
  }
  return r.bytes.subarray(start, Math.min(r.bytes.length, start + entry.compressedSize));
}

/**
 * Hands the entry's unpacked bytes to `onChunk` as they are inflated, a step at a time, until it
 * returns false (then nothing more is inflated). `room` (how much more the caller means to take)
 * only sizes the steps. Throws ZipDataError for data that cannot be inflated, ZipStructureError
 * for an entry that cannot be found or an unknown compression method.
 */
export function inflateEntry(
  zip: Uint8Array,
  entry: ZipEntry,
  onChunk: (chunk: Uint8Array) => boolean | void,
  room = Infinity,
): void {
  const data = entryData(new Reader(zip), entry);
  if (entry.method === STORED) {
    for (let at = 0; at < data.length; at += MAX_STEP) {
      if (onChunk(data.subarray(at, at + MAX_STEP)) === false) return;
    }
    return;
  }
  if (entry.method !== DEFLATED) throw new ZipStructureError(`compression method ${entry.method}`);
  let stopped = false;
  let given = 0;
  // What the caller throws is its own error, not a sign of damaged data.
  let failed: { error: unknown } | undefined;
  const inflater = new Inflate((chunk) => {
    if (stopped || chunk.length === 0) return;
    given += chunk.length;
    try {
      if (onChunk(chunk) === false) stopped = true;
    } catch (error) {
      failed = { error };
      throw error;
    }
  });
  try {
    for (let at = 0; !stopped && at < data.length;) {
      const step = stepFor(room - given);
      inflater.push(data.subarray(at, at + step), at + step >= data.length);
      at += step;
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (error) {
    if (failed) throw failed.error;
    throw new ZipDataError(`damaged data (${errorMessage(error)})`, { cause: error });
  }
}

/**
 * How many bytes the entry unpacks to, the output dropped as it comes: once past `room`, counting
 * stops (the result is then just above it). Throws as inflateEntry does.
 */
export function entrySize(zip: Uint8Array, entry: ZipEntry, room = Infinity): number {
  let size = 0;
  inflateEntry(zip, entry, (chunk) => (size += chunk.length) <= room, room);
  return size;
}

/** The entry's unpacked bytes, which entrySize found to be `size`; ZipDataError if they differ. */
export function entryBytes(zip: Uint8Array, entry: ZipEntry, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  inflateEntry(
    zip,
    entry,
    (chunk) => {
      if (at + chunk.length > size) throw new ZipDataError('more data than measured');
      out.set(chunk, at);
      at += chunk.length;
    },
    size,
  );
  if (at !== size) throw new ZipDataError('less data than measured');
  return out;
}

/**
 * The bytes `zip` unpacks to, every entry inflated in turn: `over` once past `limit` (counting
 * stops there, so `bytes` is then just above the limit). Data that cannot be inflated counts what
 * came out before the damage: a reader that reads it later fails at the same place. Throws
 * ZipStructureError when the zip cannot be read, TooManyEntriesError past `maxEntries` entries.
 */
export function measureUnpacked(
  zip: Uint8Array,
  limit: number,
  maxEntries = MAX_ZIP_ENTRIES,
): { bytes: number; over: boolean } {
  let total = 0;
  for (const entry of zipEntries(zip, maxEntries)) {
    try {
      inflateEntry(zip, entry, (chunk) => (total += chunk.length) <= limit, limit - total);
    } catch (error) {
      if (!(error instanceof ZipDataError)) throw error;
    }
    if (total > limit) return { bytes: total, over: true };
  }
  return { bytes: total, over: false };
}
