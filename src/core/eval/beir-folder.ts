// A picked folder as a BEIR dataset (pure): where its corpus, queries and qrels are among the
// picked paths, which judged queries run, and reading the files with every problem named (file
// and line). Used by the page's evaluation (src/state/evaluation.svelte.ts).

import {
  jsonLines,
  parseCorpusLine,
  parseQrels,
  parseQueryLine,
  type BeirDocument,
  type BeirQuery,
  type Qrels,
} from './beir';
import { judgedQueries, type JudgedQueries } from './evaluate';

/** Where a dataset's files are among the picked paths (indexes into them). */
export interface BeirFolder {
  /** The dataset folder's name (its path inside the pick when deeper). */
  name: string;
  corpus: number;
  queries: number;
  /** Files in qrels/, by name; `test.tsv` first when present, then by name. */
  qrels: Array<{ name: string; index: number }>;
}

const segmentsOf = (path: string) => path.split('/').filter((s) => s !== '');
const hidden = (segments: readonly string[]) =>
  segments.some((s) => s.startsWith('.') || s.toLowerCase() === '__macosx');

/** The split BEIR evaluates on, chosen first when a dataset has several qrels files. */
export const DEFAULT_QRELS = 'test.tsv';

/**
 * Finds a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/*.tsv) among a picked folder's
 * '/'-separated paths: the folder may be the dataset itself or hold it deeper. Throws, saying what
 * is missing, when there is none or more than one.
 */
export function findBeirFolder(paths: readonly string[]): BeirFolder {
  const entries = paths
    .map((path, index) => ({ segments: segmentsOf(path), index }))
    .filter(({ segments }) => segments.length > 0 && !hidden(segments));
  const nameOf = (segments: readonly string[]) => segments[segments.length - 1]!;
  const corpora = entries.filter(({ segments }) => nameOf(segments) === 'corpus.jsonl');
  if (corpora.length === 0) {
    const packed = entries.find(({ segments }) => /\.(gz|zip|tar|tgz)$/i.test(nameOf(segments)));
    if (packed)
      throw new Error(
        `No corpus.jsonl in the folder, only the packed ${nameOf(packed.segments)}: unpack it first.`,
      );
    throw new Error(
      'No corpus.jsonl in the folder: pick a BEIR dataset folder (corpus.jsonl, queries.jsonl and qrels/test.tsv).',
    );
  }
  const depth = Math.min(...corpora.map(({ segments }) => segments.length));
  const shallowest = corpora.filter(({ segments }) => segments.length === depth);
  const dirOf = (segments: readonly string[]) => segments.slice(0, -1).join('/');
  if (shallowest.length > 1) {
    const names = shallowest.map(({ segments }) => dirOf(segments) || '.').join(', ');
    throw new Error(`The folder holds several datasets (${names}): pick one of them.`);
  }
  const corpus = shallowest[0]!;
  const root = dirOf(corpus.segments);
  const inRoot = (segments: readonly string[], dir: string) => dirOf(segments) === dir;
  const queries = entries.find(
    ({ segments }) => inRoot(segments, root) && nameOf(segments) === 'queries.jsonl',
  );
  const where = root === '' ? 'the folder' : root;
  if (!queries) throw new Error(`queries.jsonl is missing next to corpus.jsonl (in ${where}).`);
  const qrelsDir = root === '' ? 'qrels' : `${root}/qrels`;
  const qrels = entries
    .filter(
      ({ segments }) => inRoot(segments, qrelsDir) && /\.(tsv|txt|qrels)$/i.test(nameOf(segments)),
    )
    .map(({ segments, index }) => ({ name: nameOf(segments), index }))
    .sort((a, b) =>
      a.name === DEFAULT_QRELS ? -1 : b.name === DEFAULT_QRELS ? 1 : a.name < b.name ? -1 : 1,
    );
  if (qrels.length === 0)
    throw new Error(`No relevance judgements: qrels/test.tsv is missing (in ${where}).`);
  const name = root === '' ? 'dataset' : nameOf(segmentsOf(root));
  return { name, corpus: corpus.index, queries: queries.index, qrels };
}

export type QuerySelection = JudgedQueries;

/** The judged queries to run (see judgedQueries: the same ones `npm run eval -- --sample` takes). */
export function selectQueries(
  texts: ReadonlyMap<string, string>,
  qrels: Qrels,
  sample?: number | null,
): QuerySelection {
  return judgedQueries(texts, qrels, sample ?? undefined);
}

/** How many of `queries` have no document the qrels call relevant (grade > 0) in the corpus. */
export function queriesWithoutRelevant(
  queries: readonly BeirQuery[],
  qrels: Qrels,
  inCorpus: (docId: string) => boolean,
): number {
  return queries.filter(({ id }) => {
    for (const [docId, grade] of qrels.get(id) ?? [])
      if (grade > 0 && inCorpus(docId)) return false;
    return true;
  }).length;
}

type Chunks = AsyncIterable<string> | Iterable<string>;

export interface DatasetSource {
  /** The qrels file's text and its path in messages (e.g. "qrels/test.tsv"). */
  qrels: { text: string; path: string };
  /** queries.jsonl and corpus.jsonl, streamed. */
  queries: Chunks;
  corpus: Chunks;
  sample?: number | null;
}

export interface BeirDataset extends QuerySelection {
  qrels: Qrels;
  documents: BeirDocument[];
  /** Queries run that have no relevant document in the corpus. */
  withoutRelevant: number;
}

/**
 * Reads and checks a whole dataset: malformed lines (file and line number), duplicate document
 * ids, judgements of queries that queries.jsonl lacks or of documents the corpus lacks.
 */
export async function readBeirDataset(source: DatasetSource): Promise<BeirDataset> {
  const { path } = source.qrels;
  const qrels = parseQrels(source.qrels.text, path);
  if (qrels.size === 0) throw new Error(`${path} holds no judgements.`);

  const texts = new Map<string, string>();
  for await (const { line, lineNumber } of jsonLines(source.queries)) {
    const query = parseQueryLine(line, lineNumber, 'queries.jsonl');
    if (qrels.has(query.id)) texts.set(query.id, query.text);
  }
  const selection = selectQueries(texts, qrels, source.sample);
  if (selection.judged === 0)
    throw new Error(
      `None of the ${qrels.size} queries judged in ${path} is in queries.jsonl: are they from the same dataset?`,
    );

  const documents: BeirDocument[] = [];
  const lineOf = new Map<string, number>();
  for await (const { line, lineNumber } of jsonLines(source.corpus)) {
    const doc = parseCorpusLine(line, lineNumber, 'corpus.jsonl');
    const earlier = lineOf.get(doc.id);
    if (earlier !== undefined)
      throw new Error(
        `corpus.jsonl line ${lineNumber}: document id "${doc.id}" is already on line ${earlier}.`,
      );
    lineOf.set(doc.id, lineNumber);
    documents.push(doc);
  }
  if (documents.length === 0) throw new Error('corpus.jsonl holds no documents.');
  const { queries } = selection;
  const withoutRelevant = queriesWithoutRelevant(queries, qrels, (id) => lineOf.has(id));
  if (withoutRelevant === queries.length) {
    const which = queries.length === 1 ? 'the query' : `these ${queries.length} queries`;
    throw new Error(
      `No document that ${path} marks relevant for ${which} is in corpus.jsonl: are they from the same dataset?`,
    );
  }
  return { ...selection, qrels, documents, withoutRelevant };
}
