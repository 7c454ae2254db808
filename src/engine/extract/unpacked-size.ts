// How many bytes a zip (a DOCX) unpacks to, measured by inflating every entry with a streaming
// DecompressionStream and stopping once past a limit. Worker or Node ≥ 20.12 (for 'deflate-raw').
// The sizes a zip declares are never believed: a zip bomb lies about them.

/** The zip's structure cannot be read (no central directory, a bad offset, an unknown method). */
export class ZipStructureError extends Error {
  override name = 'ZipStructureError';
}

/**
 * Most entries read. A Word document has tens of parts, a few thousand with many pictures; a zip
 * of a million tiny entries (each costing an inflater) would take minutes to measure.
 */
export const MAX_ZIP_ENTRIES = 16_384;

/** A zip with more entries than MAX_ZIP_ENTRIES. */
export class TooManyEntriesError extends ZipStructureError {
  override name = 'TooManyEntriesError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** Compressed bytes fed to the inflater at a time: what one step can expand to stays bounded. */
const INPUT_SLICE = 8 * 1024;

interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

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
function zip64Values(r: Reader, extra: number, extraLength: number, entry: Entry, raw: number[]) {
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

/** Every central-directory entry, read while the signatures hold (as zip readers do). */
function entries(r: Reader): Entry[] {
  const { start, end } = centralDirectory(r);
  const out: Entry[] = [];
  let at = start;
  while (at < end && r.isAt(at, CENTRAL_ENTRY) && r.fits(at, 46)) {
    if (out.length === MAX_ZIP_ENTRIES) throw new TooManyEntriesError('too many entries');
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const entry: Entry = {
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
function entryData(r: Reader, entry: Entry): Uint8Array {
  const at = entry.localOffset;
  if (!r.isAt(at, LOCAL_ENTRY) || !r.fits(at, 30)) throw new ZipStructureError('bad local header');
  const start = at + 30 + r.u16(at + 26) + r.u16(at + 28);
  if (!Number.isFinite(entry.compressedSize) || start > r.bytes.length) {
    throw new ZipStructureError('bad entry size');
  }
  return r.bytes.subarray(start, Math.min(r.bytes.length, start + entry.compressedSize));
}

/**
 * Inflates raw deflate `data`, counting output bytes and stopping as soon as they pass `budget`
 * (the output is dropped as it comes). Data that cannot be inflated counts what came out before
 * the error: the zip reader that reads it later fails at the same place.
 */
async function inflatedSize(data: Uint8Array, budget: number): Promise<number> {
  let offset = 0;
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        if (offset >= data.length) return controller.close();
        // A copy: the stream must own what it is given (and never sees the rest of the file).
        controller.enqueue(data.slice(offset, offset + INPUT_SLICE));
        offset += INPUT_SLICE;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  let produced = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      produced += value.byteLength;
      if (produced > budget) break;
    }
  } catch {
    // Damaged deflate data: what it inflated to so far is what counts.
  } finally {
    reader.cancel().catch(() => {});
  }
  return produced;
}

/**
 * The bytes `zip` unpacks to, every entry inflated in turn: `over` once past `limit` (counting
 * stops there, so `bytes` is then just above the limit). Throws ZipStructureError when the zip
 * cannot be read, TooManyEntriesError when it has more than MAX_ZIP_ENTRIES entries.
 */
export async function measureUnpacked(
  zip: Uint8Array,
  limit: number,
): Promise<{ bytes: number; over: boolean }> {
  const r = new Reader(zip);
  let total = 0;
  for (const entry of entries(r)) {
    const data = entryData(r, entry);
    if (entry.method === STORED) total += data.length;
    else if (entry.method === DEFLATED) total += await inflatedSize(data, limit - total);
    else throw new ZipStructureError(`compression method ${entry.method}`);
    if (total > limit) return { bytes: total, over: true };
  }
  return { bytes: total, over: false };
}
