// The text of `npm run bench:keyword` (Node): BEIR SciFact abstracts read from the shared data set
// folder (never copied into the repo), cut into chunks of three sentences and replicated (each
// replica's chunks end in a word naming the replica) to the sizes measured, plus its real queries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSciFact, sciFactCandidates } from '../eval/beir-files';

/** Consecutive chunks per document: the stored keyword records are one per document. */
export const CHUNKS_PER_DOC = 20;
const SENTENCES_PER_CHUNK = 3;

export interface BenchDocument {
  id: string;
  /** The chunks' text as the keyword index sees it. */
  texts: string[];
}

export interface ScifactQuery {
  id: string;
  text: string;
}

/** Where SciFact is (see sciFactCandidates); throws, saying how to get it, when absent. */
export function scifactFolder(): string {
  const found = findSciFact();
  if (found !== undefined) return found;
  throw new Error(
    `BEIR SciFact not found: no corpus.jsonl in ${sciFactCandidates().join(' or ')}. ` +
      'Unzip https://public.ukp.informatik.tu-darmstadt.de/thakur/BEIR/datasets/scifact.zip ' +
      'outside the repository (never into it) and set SIEVE_SCIFACT to its folder.',
  );
}

function jsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** A sentence ends at . ! or ? followed by space and a capital, digit or bracket. */
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9([])/;

/** One abstract's chunks: three sentences each; the first starts with the title. */
function abstractChunks(title: string, text: string): string[] {
  const sentences = text
    .trim()
    .split(SENTENCE_END)
    .filter((s) => s !== '');
  const chunks: string[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_CHUNK) {
    chunks.push(sentences.slice(i, i + SENTENCES_PER_CHUNK).join(' '));
  }
  if (chunks.length === 0) chunks.push('');
  chunks[0] = title === '' ? chunks[0]! : `${title}\n\n${chunks[0]}`;
  return chunks;
}

/** Every SciFact abstract's chunks, in corpus order (≈ 16.8k chunks). */
export function scifactChunks(folder: string): string[] {
  const docs = jsonLines<{ _id: string; title?: string; text?: string }>(
    join(folder, 'corpus.jsonl'),
  );
  return docs.flatMap((doc) => abstractChunks(doc.title ?? '', doc.text ?? ''));
}

export function scifactQueries(folder: string): ScifactQuery[] {
  return jsonLines<{ _id: string; text: string }>(join(folder, 'queries.jsonl')).map((q) => ({
    id: q._id,
    text: q.text,
  }));
}

/**
 * `total` chunks: the base chunks, then replicas of them whose chunks end in " replicaN" (so no
 * two replicas' text is the same), grouped into documents of CHUNKS_PER_DOC chunks.
 */
export function benchDocuments(base: readonly string[], total: number): BenchDocument[] {
  const docs: BenchDocument[] = [];
  let texts: string[] = [];
  for (let i = 0; i < total; i++) {
    const replica = Math.floor(i / base.length);
    const text = base[i % base.length]!;
    texts.push(replica === 0 ? text : `${text} replica${replica}`);
    if (texts.length === CHUNKS_PER_DOC || i === total - 1) {
      docs.push({ id: `doc${docs.length}`, texts });
      texts = [];
    }
  }
  return docs;
}

/** UTF-8 bytes of every chunk's text. */
export function textBytes(docs: readonly BenchDocument[]): number {
  let bytes = 0;
  for (const doc of docs) for (const text of doc.texts) bytes += Buffer.byteLength(text);
  return bytes;
}
