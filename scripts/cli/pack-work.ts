// `sieve pack`'s work folder (Node): each file's chunks and vectors, saved as soon as the file is
// embedded, so a run stopped by Ctrl-C or a crash resumes where it was. Entries are keyed by the
// file's content id under a folder per setting that changes results (model, dtype, dimension,
// chunking), so a changed setting never reuses stale vectors.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { arrayOf, decodeBinaryShard, encodeBinaryShard } from '../../src/core/pack/binary-shard';
import type { PackChunk } from '../../src/core/pack/pack-shards';
import { sha256Hex } from '../../src/core/pack/pack-shards';
import type { PreparedFile } from '../../src/engine/ingest/prepare-file';

export const WORK_FOLDER = '.sieve-work';
/** Bumped when what an entry holds, or how it is computed, changes. */
const WORK_VERSION = 1;

/** What a file became: its document fields and its chunks with their vectors. */
export interface FileResult {
  format?: string;
  pages?: number;
  tokenCount: number;
  chunks: Array<Omit<PackChunk, 'doc'>>;
  /** chunks.length × dimension, row-major. */
  vectors: Float32Array;
}

/** What a prepared file will be in the pack, less its vectors: chunks with their page and headings. */
export function resultOf({
  extracted,
  sections,
  chunks,
}: PreparedFile): Omit<FileResult, 'vectors'> {
  return {
    format: extracted.format,
    ...(extracted.pages !== undefined ? { pages: extracted.pages } : {}),
    tokenCount: chunks.reduce((sum, c) => sum + c.tokens, 0),
    chunks: chunks.map((c) => {
      const { page, headings } = sections[c.section] ?? {};
      return {
        start: c.start,
        end: c.end,
        text: c.text,
        ...(page !== undefined ? { page } : {}),
        ...(headings && headings.length > 0 ? { headings } : {}),
      };
    }),
  };
}

/** Every setting that changes a file's chunks or vectors. */
export interface WorkSettings {
  modelId: string;
  revision?: string;
  dtype: string;
  dimension: number;
  maxTokens: number;
  overlapTokens: number;
  maxChunks: number;
  maxTextChars: number;
  maxUnpackedBytes: number;
}

const ENTRY = /^[0-9a-f]{32}\.bin$/;

export class PackWork {
  /** Entries read or written in this run; the others are pruned after a successful build. */
  readonly #used = new Set<string>();

  private constructor(readonly dir: string) {}

  /** The work folder of `settings` inside `outDir`, created with a note of what it is for. */
  static async open(outDir: string, settings: WorkSettings): Promise<PackWork> {
    const key = JSON.stringify({ version: WORK_VERSION, ...settings });
    const hash = (await sha256Hex(new TextEncoder().encode(key))).slice(0, 16);
    const dir = join(outDir, WORK_FOLDER, hash);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
    return new PackWork(dir);
  }

  /** The saved result of the file with content id `id`, or undefined (absent or unreadable). */
  async get(id: string, dimension: number): Promise<FileResult | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.dir, `${id}.bin`)));
    } catch {
      return undefined;
    }
    try {
      const shard = decodeBinaryShard(bytes, `${id}.bin`);
      const vectors = arrayOf(shard, 'vectors', 'f32', `${id}.bin`);
      const result = shard.fields as Omit<FileResult, 'vectors'>;
      if (!Array.isArray(result.chunks) || vectors.length !== result.chunks.length * dimension) {
        return undefined;
      }
      this.#used.add(`${id}.bin`);
      return { ...result, vectors };
    } catch {
      // A damaged entry (a crash mid-write on a file system without atomic rename): redo the file.
      return undefined;
    }
  }

  /** Saves a file's result; written aside then renamed, so an entry is whole or absent. */
  async put(id: string, result: FileResult): Promise<void> {
    const { vectors, ...fields } = result;
    const bytes = encodeBinaryShard({ vectors }, fields as unknown as Record<string, unknown>);
    const file = join(this.dir, `${id}.bin`);
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
    this.#used.add(`${id}.bin`);
  }

  /** Removes entries of files no longer in the folder (and leftovers of interrupted writes). */
  async prune(): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if ((ENTRY.test(name) && !this.#used.has(name)) || name.endsWith('.bin.tmp')) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
