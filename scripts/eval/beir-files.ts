// A BEIR dataset folder read in Node (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) through
// core's parsers: the corpus streamed, every problem named with its file (and line, from the
// parsers). Shared by `npm run eval` and the SciFact test.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  corpusDocuments,
  parseQrels,
  queryRecords,
  type BeirDocument,
  type BeirQuery,
  type Qrels,
} from '../../src/core/eval/beir';

export interface BeirPaths {
  /** The folder's name: the dataset in reports. */
  dataset: string;
  folder: string;
  corpus: string;
  queries: string;
  qrels: string;
}

export interface BeirData {
  documents: BeirDocument[];
  queries: BeirQuery[];
  qrels: Qrels;
}

function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found: ${path}`);
  if (!statSync(path).isFile()) throw new Error(`${what} is not a file: ${path}`);
}

/** The dataset's files, checked to exist; qrels default to `<folder>/qrels/test.tsv`. */
export function beirPaths(folder: string, qrels?: string): BeirPaths {
  const root = resolve(folder);
  if (!existsSync(root)) throw new Error(`BEIR folder not found: ${root}`);
  if (!statSync(root).isDirectory()) throw new Error(`Not a folder: ${root}`);
  const paths = {
    dataset: basename(root),
    folder: root,
    corpus: join(root, 'corpus.jsonl'),
    queries: join(root, 'queries.jsonl'),
    qrels: qrels === undefined ? join(root, 'qrels', 'test.tsv') : resolve(qrels),
  };
  requireFile(paths.corpus, 'Corpus');
  requireFile(paths.queries, 'Queries');
  requireFile(paths.qrels, 'Qrels');
  return paths;
}

/** The corpus, read as a stream: an 8 MB or an 8 GB file never sits in one string. */
export async function readCorpus(path: string): Promise<BeirDocument[]> {
  const documents: BeirDocument[] = [];
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const doc of corpusDocuments(stream as AsyncIterable<string>, path))
      documents.push(doc);
  } finally {
    stream.destroy();
  }
  return documents;
}

export async function readQueries(path: string): Promise<BeirQuery[]> {
  const queries: BeirQuery[] = [];
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const query of queryRecords(stream as AsyncIterable<string>, path))
      queries.push(query);
  } finally {
    stream.destroy();
  }
  return queries;
}

export function readQrels(path: string): Qrels {
  return parseQrels(readFileSync(path, 'utf8'), path);
}

export async function readBeir(paths: BeirPaths): Promise<BeirData> {
  const [documents, queries] = await Promise.all([
    readCorpus(paths.corpus),
    readQueries(paths.queries),
  ]);
  return { documents, queries, qrels: readQrels(paths.qrels) };
}

/**
 * Where BEIR SciFact may be (CC BY-NC test data, kept outside the repository, never shipped):
 * $SIEVE_SCIFACT, then ../shared/datasets/scifact beside the checkout, then /work/shared.
 */
export function sciFactCandidates(): string[] {
  const fromEnv = process.env.SIEVE_SCIFACT;
  return [
    ...(fromEnv ? [resolve(fromEnv)] : []),
    fileURLToPath(new URL('../../../shared/datasets/scifact', import.meta.url)),
    '/work/shared/datasets/scifact',
  ];
}

/** The first SciFact candidate folder that has a corpus, if any. */
export function findSciFact(): string | undefined {
  return sciFactCandidates().find((dir) => existsSync(join(dir, 'corpus.jsonl')));
}
