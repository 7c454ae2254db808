// How `sieve pack` ends (Node): the pack's files written into the output folder (shards first,
// the manifest last and atomically, then shards of an earlier build removed), an optional
// .sievepack archive, and the summary on stdout: what was packed, skipped or failed, time, sizes.
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { formatBytes } from '../../src/core/format';
import { packArchive } from '../../src/core/pack/pack-archive';
import { packSizes, type BuiltPack } from '../../src/core/pack/pack-build';
import { MANIFEST_FILE, SHARD_KINDS } from '../../src/core/pack/pack-manifest';
import { describeModels, type NodeModels } from '../node-models';

/** The names buildPack gives shards: only these are ever removed from an output folder. */
const SHARD_FILE = new RegExp(`^(${SHARD_KINDS.join('|')})\\.[0-9a-f]{16}\\.(json|bin)$`);

export interface FileNote {
  path: string;
  message: string;
}

export interface PackTally {
  /** Files found in the folder. */
  files: number;
  packed: number;
  /** Files whose chunks and vectors came from the work folder. */
  reused: number;
  duplicates: FileNote[];
  skipped: FileNote[];
  failed: FileNote[];
  chunks: number;
  /** Chunks embedded in this run, and the files they are from. */
  embedded: number;
  embeddedFiles: number;
  prepareMs: number;
  loadMs: number;
  embedMs: number;
  writeMs: number;
  totalMs: number;
  /** Work-folder entries of files no longer in the folder, removed. */
  pruned: number;
}

export interface Written {
  manifestBytes: number;
  /** Shard files of an earlier build removed from the folder. */
  removed: string[];
  archiveBytes?: number;
}

const exists = (file: string, bytes: number) =>
  stat(file).then(
    (s) => s.isFile() && s.size === bytes,
    () => false,
  );

/** Writes `built` into `out`; a shard already there under its content-hashed name is kept. */
export async function writePack(out: string, built: BuiltPack, archive?: string): Promise<Written> {
  await mkdir(out, { recursive: true });
  let manifestBytes = 0;
  for (const file of built.files) {
    const path = join(out, file.name);
    if (file.name === MANIFEST_FILE) {
      // Last and atomic: a reader never finds a manifest naming shards not yet written.
      await writeFile(`${path}.tmp`, file.bytes);
      await rename(`${path}.tmp`, path);
      manifestBytes = file.bytes.length;
    } else if (!(await exists(path, file.bytes.length))) {
      await writeFile(path, file.bytes);
    }
  }
  const listed = new Set(built.manifest.shards.map((s) => s.file));
  const removed: string[] = [];
  for (const name of await readdir(out)) {
    if (SHARD_FILE.test(name) && !listed.has(name)) {
      await rm(join(out, name), { force: true });
      removed.push(name);
    }
  }
  let archiveBytes: number | undefined;
  if (archive) {
    const bytes = packArchive(built.files);
    await mkdir(dirname(resolve(archive)), { recursive: true });
    await writeFile(archive, bytes);
    archiveBytes = bytes.length;
  }
  return { manifestBytes, removed, ...(archiveBytes !== undefined ? { archiveBytes } : {}) };
}

const n = (x: number) => x.toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

function list(title: string, notes: readonly FileNote[], why?: string): void {
  console.log(
    `  ${title.padEnd(14)} ${n(notes.length)}${why && notes.length > 0 ? ` ${why}` : ''}`,
  );
  for (const note of notes) console.log(`    ${note.path}: ${note.message}`);
}

export interface PackReport {
  built: BuiltPack;
  written: Written;
  out: string;
  archive?: string;
  source: NodeModels;
  dtype: string;
}

/** The summary; `report` is absent when nothing could be packed. */
export function printSummary(tally: PackTally, report: PackReport | undefined): void {
  const shown = report && relative(process.cwd(), report.out);
  const where = report ? ` into ${shown && !shown.startsWith('..') ? shown : report.out}` : '';
  console.log(`Packed ${n(tally.packed)} of ${plural(tally.files, 'file')}${where}`);
  console.log(
    `  ${'files packed'.padEnd(14)} ${n(tally.packed)} (${n(tally.embeddedFiles)} embedded now, ` +
      `${n(tally.reused)} reused from the work folder)`,
  );
  list('duplicates', tally.duplicates);
  list('skipped', tally.skipped, '(unsupported type)');
  list('failed', tally.failed);
  console.log(`  ${'chunks'.padEnd(14)} ${n(tally.chunks)} (${n(tally.embedded)} embedded now)`);
  const rate = (count: number, ms: number) => (ms > 0 ? (count / (ms / 1000)).toFixed(1) : '–');
  console.log(
    `  ${'time'.padEnd(14)} ${s(tally.totalMs)}: extract + chunk ${s(tally.prepareMs)}, ` +
      `model load ${s(tally.loadMs)}, embed ${s(tally.embedMs)}, pack + write ${s(tally.writeMs)}`,
  );
  console.log(
    `  ${'chunks/s'.padEnd(14)} ${rate(tally.chunks, tally.totalMs)} overall, ` +
      `${rate(tally.embedded, tally.embedMs)} embedding`,
  );
  if (!report) return;
  const { manifest } = report.built;
  const e = manifest.embedding;
  console.log(
    `  ${'model'.padEnd(14)} ${e.modelId} ${report.dtype}, ${e.dimension} of ${e.fullDimension ?? e.dimension} dims ` +
      `(${describeModels(report.source)})`,
  );
  if (tally.pruned > 0)
    console.log(`  ${'work folder'.padEnd(14)} ${plural(tally.pruned, 'stale entry')} removed`);
  if (report.written.removed.length > 0) {
    console.log(`  ${'old shards'.padEnd(14)} ${n(report.written.removed.length)} removed`);
  }
  const sizes = packSizes(manifest, report.written.manifestBytes);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const kind = manifest.vectors.exact ? 'int8 + float32' : 'int8 only';
  console.log(`Pack size (${kind} vectors, ${e.dimension} dims):`);
  for (const part of [...SHARD_KINDS, 'manifest']) {
    const bytes = sizes[part];
    if (bytes === undefined) continue;
    console.log(`  ${part.padEnd(14)} ${formatBytes(bytes).padStart(10)}`);
  }
  const perChunk = manifest.chunks > 0 ? Math.round(total / manifest.chunks) : 0;
  console.log(
    `  ${'total'.padEnd(14)} ${formatBytes(total).padStart(10)}  (${n(perChunk)} bytes per chunk)`,
  );
  if (report.archive && report.written.archiveBytes !== undefined) {
    console.log(`Archive: ${report.archive} (${formatBytes(report.written.archiveBytes)})`);
  }
}
