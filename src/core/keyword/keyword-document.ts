// One document's keyword record (pure): per chunk, its indexed length and the counts of its terms,
// in typed arrays over the document's own term list. It is what IndexedDB stores beside the
// chunks and vectors, and what KeywordIndex takes in and removes again.
import { ANALYZER_ID, analyze } from './analyzer';

export interface KeywordDocument {
  /** The analyzer that made it: records of another one are rebuilt from the stored text. */
  analyzer: string;
  /** The document's distinct terms, joined by '\n' (one string clones faster than an array). */
  terms: string;
  /** Indexed terms per chunk (BM25's document length). */
  lengths: Uint32Array;
  /** Chunk i's entries are [ends[i - 1] ?? 0, ends[i]) of `termOf` and `counts`. */
  ends: Uint32Array;
  /** Index into `terms` of each entry. */
  termOf: Uint32Array;
  /** How often the term occurs in the chunk (capped at 65,535). */
  counts: Uint16Array;
}

const MAX_COUNT = 0xffff;

/** The keyword record of a document whose chunks (as indexed: heading path and text) are `texts`. */
export function keywordDocument(texts: readonly string[]): KeywordDocument {
  const termIds = new Map<string, number>();
  const lengths = new Uint32Array(texts.length);
  const ends = new Uint32Array(texts.length);
  const termOf: number[] = [];
  const counts: number[] = [];
  texts.forEach((text, chunk) => {
    const terms = analyze(text);
    lengths[chunk] = terms.length;
    const inChunk = new Map<number, number>();
    for (const term of terms) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
      }
      inChunk.set(id, (inChunk.get(id) ?? 0) + 1);
    }
    for (const [id, count] of inChunk) {
      termOf.push(id);
      counts.push(Math.min(count, MAX_COUNT));
    }
    ends[chunk] = termOf.length;
  });
  return {
    analyzer: ANALYZER_ID,
    terms: [...termIds.keys()].join('\n'),
    lengths,
    ends,
    termOf: Uint32Array.from(termOf),
    counts: Uint16Array.from(counts),
  };
}

/** The terms of a record, by index. */
export function recordTerms(doc: KeywordDocument): string[] {
  return doc.terms.length === 0 ? [] : doc.terms.split('\n');
}

/** Bytes the record's arrays and term list take (the term list counted as UTF-16). */
export function keywordDocumentBytes(doc: KeywordDocument): number {
  return (
    doc.terms.length * 2 +
    doc.lengths.byteLength +
    doc.ends.byteLength +
    doc.termOf.byteLength +
    doc.counts.byteLength
  );
}
