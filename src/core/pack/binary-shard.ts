// The binary shard container of Sieve packs (pure): the magic "SIEVEBIN", a little-endian u32
// header length, a JSON header naming each array (type and length) with any plain fields, then
// the arrays' little-endian bytes, each starting at a multiple of 8 so they can be viewed in place.

import { PackError } from './pack-manifest';

const MAGIC = 'SIEVEBIN';
const ALIGN = 8;

const ARRAY_TYPES = {
  i8: Int8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f32: Float32Array,
} as const;
export type ArrayType = keyof typeof ARRAY_TYPES;
export type ShardArray = Int8Array | Uint16Array | Uint32Array | Float32Array;

interface ArrayEntry {
  name: string;
  type: ArrayType;
  length: number;
}

interface Header {
  arrays: ArrayEntry[];
  fields: Record<string, unknown>;
}

/** Typed arrays share the platform's byte order; every platform browsers and Node run on is LE. */
function requireLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new PackError('Sieve packs need a little-endian platform.');
  }
}

function typeOf(array: ShardArray): ArrayType {
  for (const [name, type] of Object.entries(ARRAY_TYPES)) {
    if (array instanceof type) return name as ArrayType;
  }
  throw new TypeError('Unsupported array type');
}

const padded = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** One binary shard holding `arrays` (in this order) and JSON-safe `fields`. */
export function encodeBinaryShard(
  arrays: Record<string, ShardArray>,
  fields: Record<string, unknown> = {},
): Uint8Array {
  requireLittleEndian();
  const entries = Object.entries(arrays);
  const header: Header = {
    arrays: entries.map(([name, a]) => ({ name, type: typeOf(a), length: a.length })),
    fields,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  let size = padded(MAGIC.length + 4 + headerBytes.length);
  const offsets = entries.map(([, a]) => {
    const at = size;
    size = padded(size + a.byteLength);
    return at;
  });
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC));
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  entries.forEach(([, a], i) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]);
  });
  return out;
}

export interface BinaryShard {
  arrays: Map<string, ShardArray>;
  fields: Record<string, unknown>;
}

/** Reads a shard written by encodeBinaryShard; the arrays are copies aligned for their type. */
export function decodeBinaryShard(bytes: Uint8Array, file: string): BinaryShard {
  requireLittleEndian();
  const damaged = (why: string) => new PackError(`The pack is damaged: ${file} ${why}.`);
  if (bytes.length < MAGIC.length + 4) throw damaged('is too short');
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw damaged('is not a Sieve binary shard');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) throw damaged('has a header past its end');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd)));
  } catch {
    throw damaged('has an unreadable header');
  }
  if (!Array.isArray(header?.arrays)) throw damaged('has no array list');
  const arrays = new Map<string, ShardArray>();
  let at = padded(headerEnd);
  for (const entry of header.arrays) {
    const type = ARRAY_TYPES[entry?.type];
    if (!type || !Number.isSafeInteger(entry.length) || entry.length < 0) {
      throw damaged(`describes array "${String(entry?.name)}" wrongly`);
    }
    const byteLength = entry.length * type.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.length) throw damaged(`ends inside array "${entry.name}"`);
    // A copy: the source may be a view into a larger buffer at any alignment.
    const copy = new Uint8Array(bytes.subarray(at, at + byteLength));
    arrays.set(entry.name, new type(copy.buffer));
    at = padded(at + byteLength);
  }
  return { arrays, fields: typeof header.fields === 'object' ? (header.fields ?? {}) : {} };
}

/** The array `name` of type `type` in `shard`; throws a PackError when absent or of another type. */
export function arrayOf<T extends ArrayType>(
  shard: BinaryShard,
  name: string,
  type: T,
  file: string,
): InstanceType<(typeof ARRAY_TYPES)[T]> {
  const array = shard.arrays.get(name);
  if (!(array instanceof ARRAY_TYPES[type])) {
    throw new PackError(`The pack is damaged: ${file} has no ${type} array "${name}".`);
  }
  return array as InstanceType<(typeof ARRAY_TYPES)[T]>;
}
