// How `npm run bench:keyword` hands its keyword records from Node to the browser page (pure, Node
// or browser): one binary blob — a JSON header (ids, term lists, sizes) then every record's typed
// arrays back to back — unpacked into records whose arrays own their buffers (a view into the
// blob would make IndexedDB clone the whole blob with every record).
import type { KeywordDocument } from '../../src/core/keyword/keyword-document';

interface Header {
  analyzer: string;
  ids: string[];
  terms: string[];
  /** Chunks per record (lengths and ends), entries per record (termOf and counts). */
  chunks: number[];
  entries: number[];
}

export function packRecords(
  records: ReadonlyArray<readonly [string, KeywordDocument]>,
): Uint8Array {
  const header: Header = {
    analyzer: records[0]?.[1].analyzer ?? '',
    ids: records.map(([id]) => id),
    terms: records.map(([, doc]) => doc.terms),
    chunks: records.map(([, doc]) => doc.lengths.length),
    entries: records.map(([, doc]) => doc.termOf.length),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((4 + json.length) / 4) * 4;
  const chunks = header.chunks.reduce((a, b) => a + b, 0);
  const entries = header.entries.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(start + chunks * 8 + entries * 6);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  const u32 = new Uint32Array(out.buffer, start, chunks * 2 + entries);
  const u16 = new Uint16Array(out.buffer, start + (chunks * 2 + entries) * 4, entries);
  let at32 = 0;
  let at16 = 0;
  for (const [, doc] of records) {
    for (const array of [doc.lengths, doc.ends, doc.termOf]) {
      u32.set(array, at32);
      at32 += array.length;
    }
    u16.set(doc.counts, at16);
    at16 += doc.counts.length;
  }
  return out;
}

export function unpackRecords(blob: ArrayBuffer): Array<[string, KeywordDocument]> {
  const jsonLength = new DataView(blob).getUint32(0, true);
  const header = JSON.parse(
    new TextDecoder().decode(new Uint8Array(blob, 4, jsonLength)),
  ) as Header;
  const start = Math.ceil((4 + jsonLength) / 4) * 4;
  const chunks = header.chunks.reduce((a, b) => a + b, 0);
  const entries = header.entries.reduce((a, b) => a + b, 0);
  const u32 = new Uint32Array(blob, start, chunks * 2 + entries);
  const u16 = new Uint16Array(blob, start + (chunks * 2 + entries) * 4, entries);
  let at32 = 0;
  let at16 = 0;
  const take32 = (n: number) => u32.slice(at32, (at32 += n));
  return header.ids.map((id, i) => {
    const n = header.chunks[i]!;
    const e = header.entries[i]!;
    const lengths = take32(n);
    const ends = take32(n);
    const termOf = take32(e);
    const counts = u16.slice(at16, (at16 += e));
    return [
      id,
      { analyzer: header.analyzer, terms: header.terms[i]!, lengths, ends, termOf, counts },
    ];
  });
}
