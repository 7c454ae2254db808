// Reading the BEIR dataset layout (corpus.jsonl, queries.jsonl, qrels/*.tsv) from text. Pure:
// callers read the files (the page from File objects, Node from fs) and pass strings or streamed
// chunks, so a large corpus never has to sit in one string.

export interface BeirDocument {
  id: string;
  /** Empty when the dataset has no titles. */
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** Query id → doc id → graded relevance. */
export type Qrels = Map<string, Map<string, number>>;

export interface NumberedLine {
  /** Without its line break. */
  line: string;
  /** 1-based line number in the file, for error messages. */
  lineNumber: number;
}

const failure = (fileName: string, lineNumber: number, why: string) =>
  new Error(`${fileName} line ${lineNumber}: ${why}`);

function parseObject(line: string, lineNumber: number, fileName: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw failure(fileName, lineNumber, 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw failure(fileName, lineNumber, 'not a JSON object');
  return value as Record<string, unknown>;
}

/** Some datasets write numeric ids; the qrels name them as text, so ids are kept as strings. */
function idOf(record: Record<string, unknown>, lineNumber: number, fileName: string): string {
  const id = record._id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id !== '') return id;
  throw failure(fileName, lineNumber, '"_id" is missing or not a string or number');
}

/** A missing or null field reads as empty, as BEIR's loader does (`line.get("title")`). */
function optionalText(
  record: Record<string, unknown>,
  field: string,
  lineNumber: number,
  fileName: string,
): string {
  const value = record[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw failure(fileName, lineNumber, `"${field}" is not a string`);
  return value;
}

export function parseCorpusLine(
  line: string,
  lineNumber: number,
  fileName = 'corpus.jsonl',
): BeirDocument {
  const record = parseObject(line, lineNumber, fileName);
  return {
    id: idOf(record, lineNumber, fileName),
    title: optionalText(record, 'title', lineNumber, fileName),
    text: optionalText(record, 'text', lineNumber, fileName),
  };
}

export function parseQueryLine(
  line: string,
  lineNumber: number,
  fileName = 'queries.jsonl',
): BeirQuery {
  const record = parseObject(line, lineNumber, fileName);
  const id = idOf(record, lineNumber, fileName);
  if (typeof record.text !== 'string') throw failure(fileName, lineNumber, '"text" is missing');
  return { id, text: record.text };
}

/** BEIR's "flat" layout, as Anserini indexes it: title and body as one text. */
export function documentText(doc: BeirDocument): string {
  return doc.title ? `${doc.title} ${doc.text}` : doc.text;
}

const INTEGER = /^[+-]?\d+$/;

/** Tab-separated columns as BEIR writes them; otherwise, as in TREC files, any whitespace. */
function columnsOf(line: string): string[] {
  const byTab = line.split('\t').map((field) => field.trim());
  if (byTab.length === 3 || byTab.length === 4) return byTab;
  return line.trim().split(/\s+/);
}

/**
 * Qrels as BEIR writes them (`query-id \t corpus-id \t score`, with or without that header) or
 * in TREC's four columns (`qid 0 docid grade`, any whitespace). Grades must be integers, as in
 * pytrec_eval. A pair listed twice keeps its last grade, as a Python dict would.
 */
export function parseQrels(text: string, fileName = 'qrels.tsv'): Qrels {
  const qrels: Qrels = new Map();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let seenLine = false;
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    if (raw.trim() === '') continue;
    const fields = columnsOf(raw);
    const isFirst = !seenLine;
    seenLine = true;
    // Only the first line may be a header, and only one whose score column holds no digit:
    // a score like "1.0" is a malformed grade, not a header to skip silently.
    if (isFirst && fields.length === 3 && !/\d/.test(fields[2]!)) continue;
    if (fields.length !== 3 && fields.length !== 4)
      throw failure(fileName, lineNumber, `expected 3 or 4 columns, found ${fields.length}`);
    const [queryId, docId, grade] =
      fields.length === 3 ? fields : [fields[0], fields[2], fields[3]];
    if (!queryId || !docId) throw failure(fileName, lineNumber, 'empty query or doc id');
    if (!INTEGER.test(grade!))
      throw failure(fileName, lineNumber, `score "${grade}" is not an integer`);
    let judgements = qrels.get(queryId);
    if (!judgements) qrels.set(queryId, (judgements = new Map()));
    judgements.set(docId, Number(grade));
  }
  return qrels;
}

/**
 * Splits streamed text into its non-blank lines, numbered as in the file. Chunks may end
 * anywhere, even between the \r and \n of a line break; a last line without a break counts.
 * A byte-order mark at the start is dropped (JSON.parse would reject it).
 */
export async function* jsonLines(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<NumberedLine> {
  let pending = '';
  let lineNumber = 0;
  let first = true;
  function* numbered(lines: readonly string[]): Generator<NumberedLine> {
    for (const raw of lines) {
      lineNumber++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() !== '') yield { line, lineNumber };
    }
  }
  for await (let chunk of chunks) {
    if (first && chunk !== '') {
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      first = false;
    }
    const lastBreak = chunk.lastIndexOf('\n');
    if (lastBreak < 0) {
      pending += chunk;
      continue;
    }
    const lines = (pending + chunk.slice(0, lastBreak)).split('\n');
    pending = chunk.slice(lastBreak + 1);
    yield* numbered(lines);
  }
  if (pending !== '') yield* numbered([pending]);
}

/** The documents of a streamed corpus.jsonl, in file order. */
export async function* corpusDocuments(
  chunks: AsyncIterable<string> | Iterable<string>,
  fileName = 'corpus.jsonl',
): AsyncGenerator<BeirDocument> {
  for await (const { line, lineNumber } of jsonLines(chunks))
    yield parseCorpusLine(line, lineNumber, fileName);
}

/** The queries of a streamed queries.jsonl, in file order. */
export async function* queryRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
  fileName = 'queries.jsonl',
): AsyncGenerator<BeirQuery> {
  for await (const { line, lineNumber } of jsonLines(chunks))
    yield parseQueryLine(line, lineNumber, fileName);
}
