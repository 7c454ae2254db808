// Node part of `npm run bench:ingest`: the app's own extraction, section chunking (real Qwen3
// tokenizer from fixtures/models, 511 tokens, 48 overlap) and chunk hashing, per format and on
// one 50 MB file. Run as a child (`… ingest-formats.ts large <file>`) it measures that file alone.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { TokenCounter } from '../../src/core/chunking';
import { chunkSections, embeddingInput, joinLoneHeadings } from '../../src/core/section-chunks';
import { hashChunks } from '../../src/engine/library/chunk-hashes';
import { extractDocument, formatOf } from '../../src/engine/extract';
import { EXTENSION, makeDocument, type BenchFormat } from './ingest-docs';
import { emptyRow, MIB, perSecond, round, ROWS_PREFIX, type Row } from './ingest-shared';

const MODEL = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';
/** What the app uses: min(chunk setting 512, embedder.maxTokens − 1) and 48 tokens of overlap. */
const CHUNK_OPTIONS = { maxTokens: 511, overlapTokens: 48 };
const FORMATS: BenchFormat[] = ['pdf', 'docx', 'html', 'markdown', 'text', 'code', 'csv', 'json'];
const FORMAT_BYTES = MIB;

/** The app's `Qwen3Embedder.countTokens`: the same tokenizer files, no special tokens. */
export async function loadCounter(): Promise<TokenCounter> {
  env.localModelPath = resolve('fixtures/models') + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
}

interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

interface Totals {
  bytes: number;
  textBytes: number;
  extractMs: number;
  chunkMs: number;
  tokenizeMs: number;
  hashMs: number;
  chunks: number;
  tokens: number;
}

const encoder = new TextEncoder();

/** One file through the steps of `ingestOne` that come before embedding, each timed. */
async function ingestSteps(file: NamedFile, count: TokenCounter, into: Totals): Promise<void> {
  const t0 = performance.now();
  const extracted = await extractDocument(file.name, file.bytes);
  const t1 = performance.now();
  const timed: TokenCounter = (text) => {
    const start = performance.now();
    const n = count(text);
    into.tokenizeMs += performance.now() - start;
    return n;
  };
  const sections = joinLoneHeadings(extracted.text, extracted.sections);
  const chunks = chunkSections(extracted.text, sections, timed, CHUNK_OPTIONS);
  const inputs = chunks.map((c) => embeddingInput(c.text, sections[c.section]));
  const t2 = performance.now();
  await hashChunks(inputs);
  const t3 = performance.now();
  into.bytes += file.bytes.length;
  into.textBytes += encoder.encode(extracted.text).length;
  into.extractMs += t1 - t0;
  into.chunkMs += t2 - t1;
  into.hashMs += t3 - t2;
  into.chunks += chunks.length;
  into.tokens += chunks.reduce((sum, c) => sum + c.tokens, 0);
}

async function measure(files: NamedFile[], count: TokenCounter): Promise<Totals> {
  const into: Totals = {
    bytes: 0,
    textBytes: 0,
    extractMs: 0,
    chunkMs: 0,
    tokenizeMs: 0,
    hashMs: 0,
    chunks: 0,
    tokens: 0,
  };
  for (const file of files) await ingestSteps(file, count, into);
  return into;
}

function toRow(kind: Row['kind'], format: string, files: number, t: Totals): Row {
  const total = t.extractMs + t.chunkMs + t.hashMs;
  return {
    ...emptyRow(kind, format),
    files,
    megabytes: round(t.bytes / MIB, 2),
    text_megabytes: round(t.textBytes / MIB, 2),
    extract_ms: round(t.extractMs),
    extract_mb_s: perSecond(t.bytes / MIB, t.extractMs),
    chunk_ms: round(t.chunkMs),
    chunk_mb_s: perSecond(t.textBytes / MIB, t.chunkMs),
    tokenize_ms: round(t.tokenizeMs),
    hash_ms: round(t.hashMs),
    chunks: t.chunks,
    tokens: t.tokens,
    chunks_per_s: perSecond(t.chunks, total),
    total_ms: round(total),
  };
}

/** About 1 MiB of files of 20–100 KB (of text, for DOCX), with seeds that differ per format. */
function formatFiles(format: BenchFormat, salt = 0): NamedFile[] {
  const files: NamedFile[] = [];
  let bytes = 0;
  for (let i = 0; bytes < FORMAT_BYTES; i++) {
    const seed = 1 + salt + FORMATS.indexOf(format) * 10_000 + i;
    const size = 20_000 + ((seed * 7919) % 80_000);
    const file = { name: `doc-${i}.${EXTENSION[format]}`, bytes: makeDocument(format, seed, size) };
    files.push(file);
    bytes += format === 'docx' ? size : file.bytes.length;
  }
  return files;
}

/** Per-format rows: one warm-up document first (module loads, JIT), then every file timed. */
export async function formatRows(count: TokenCounter): Promise<Row[]> {
  const rows: Row[] = [];
  for (const format of FORMATS) {
    if (formatOf(`x.${EXTENSION[format]}`) !== format) throw new Error(`not ${format}: .${format}`);
    await measure(formatFiles(format, 5_000).slice(0, 1), count);
    const files = formatFiles(format);
    const row = toRow('format', format, files.length, await measure(files, count));
    console.error(`  ${format}: ${files.length} files, ${row.total_ms} ms`);
    rows.push(row);
  }
  return rows;
}

/**
 * One large file, in a fresh process (the parent wrote it, so generating it costs nothing here).
 * Peak RSS is the kernel's high-water mark: extraction and chunking are synchronous, so a timer
 * sampling memoryUsage() would never run while they do.
 */
async function largeFileChild(path: string): Promise<void> {
  const count = await loadCounter();
  const bytes = new Uint8Array(readFileSync(path));
  const before = process.memoryUsage().rss;
  const totals = await measure([{ name: basename(path), bytes }], count);
  const format = formatOf(path) ?? '?';
  const row: Row = {
    ...toRow('large-file', format, 1, totals),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
    note: `RSS ${round(before / MIB)} MiB with the file read and the tokenizer loaded`,
  };
  console.log(ROWS_PREFIX + JSON.stringify([row]));
}

if (process.argv[2] === 'large' && process.argv[3]) await largeFileChild(process.argv[3]);
