// The evaluation's first step on the main thread: which picked files are a BEIR dataset's corpus,
// queries and qrels, and reading them (streamed, with progress, Cancel between pieces) into a
// checked dataset before the library changes at all.

import { findBeirFolder, readBeirDataset, type BeirDataset } from '../core/eval/beir-folder';
import type { EvalProgress, EvalSummary, PickedDataset } from './evaluation-types';
import { fileText } from './file-text';

/** The dataset among a picked folder's files (webkitRelativePath gives their paths); throws why not. */
export function pickedDataset(files: readonly File[]): PickedDataset {
  const found = findBeirFolder(files.map((f) => f.webkitRelativePath || f.name));
  return {
    name: found.name,
    corpus: files[found.corpus]!,
    queries: files[found.queries]!,
    qrels: found.qrels.map(({ name, index }) => ({ name, file: files[index]! })),
  };
}

export interface ReadingHooks {
  progress: (progress: EvalProgress) => void;
  /** Throws when the user cancelled; called between pieces of each file. */
  checkCancel: () => void;
}

/** Reads and checks the whole dataset with `qrelsFile`'s judgements, and what it holds. */
export async function readPickedDataset(
  dataset: PickedDataset,
  qrelsFile: { name: string; file: File },
  sample: number | null,
  hooks: ReadingHooks,
): Promise<{ data: BeirDataset; summary: EvalSummary }> {
  const path = `qrels/${qrelsFile.name}`;
  const reading = (label: string, done: number, file: Blob) =>
    hooks.progress({ label: `Reading ${label}`, done, total: file.size, bytes: true });
  /** A file's text, streamed, with the bytes read as progress. */
  const text = (name: string, file: Blob) =>
    fileText(file, (bytes) => {
      hooks.checkCancel();
      reading(name, bytes, file);
    });
  reading(path, 0, qrelsFile.file);
  const data = await readBeirDataset({
    qrels: { text: await qrelsFile.file.text(), path },
    queries: text('queries.jsonl', dataset.queries),
    corpus: text('corpus.jsonl', dataset.corpus),
    sample,
  });
  const summary: EvalSummary = {
    dataset: dataset.name,
    qrels: path,
    queries: data.queries.length,
    judged: data.judged,
    missingQueries: data.missing,
    withoutRelevant: data.withoutRelevant,
    documents: data.documents.length,
    notIndexed: 0,
  };
  return { data, summary };
}
