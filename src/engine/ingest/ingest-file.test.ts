// The worker's ingest pipeline end to end in Node: real extraction, chunking, the fixture
// embedder (transformers.js + onnxruntime-node) and the Library on fake-indexeddb.
import 'fake-indexeddb/auto';
import { env } from '@huggingface/transformers';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestCancelledError, ingestFile, type IngestContext } from './ingest-file';
import { DEFAULT_FILE_LIMITS, type IngestUpdate } from '../../core/types/library';
import { makeDocxBomb, makePdf } from '../../../test/documents';
import { Library } from '../library/library';
import { chunkSection, indexKeyOf, LibraryStore } from '../library/library-store';
import { Qwen3Embedder } from '../qwen3/embedder';
import { reindexMissing } from './reindex';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowRemoteModels = false;
const MODEL = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';

let embedder: Qwen3Embedder;
beforeAll(async () => {
  embedder = await Qwen3Embedder.load({ modelId: MODEL, device: 'cpu', dtype: 'q8' });
});
afterAll(() => embedder.dispose());

let dbCount = 0;
async function setUp(options: Partial<IngestContext> = {}) {
  const library = new Library(new LibraryStore(`ingest-test-${++dbCount}`, 'library'));
  const key = indexKeyOf(MODEL, 'q8', null);
  await library.open(key, 'flat-f32');
  await library.attachIndex(
    key,
    { modelId: MODEL, dtype: 'q8', dimension: embedder.dimension },
    'flat-f32',
  );
  const ctx: IngestContext = {
    library,
    tokens: async () => embedder,
    embedder: async () => embedder,
    ...DEFAULT_FILE_LIMITS,
    maxFileBytes: 1 << 20,
    chunkTokens: 64,
    overlapTokens: 8,
    ...options,
  };
  const updates: IngestUpdate[] = [];
  const ingestItems = async (files: Array<[path: string, content: string | Uint8Array]>) => {
    for (const [path, content] of files) {
      const file = new File([content as BlobPart], path.split('/').at(-1)!);
      await ingestFile({ file, path }, ctx, (u) => updates.push({ key: path, name: path, ...u }));
    }
  };
  /** The last update of each file, in the order they were first reported. */
  const final = () => {
    const last = new Map<string, IngestUpdate>();
    for (const u of updates) last.set(u.key, u);
    return [...last.values()];
  };
  return { library, ingest: ingestItems, updates, final, ctx };
}

const paragraphs = (n: number, topic: string) =>
  Array.from(
    { length: n },
    (_, i) => `Paragraph ${i} explains ${topic} in plain words, step ${i}.`,
  ).join('\n\n');

describe('ingestFiles', () => {
  it('indexes a file once; the same bytes again are a duplicate', async () => {
    const { library, ingest, final, updates } = await setUp();
    await ingest([['notes/a.md', `# Guide\n\n${paragraphs(12, 'tides')}`]]);
    expect(final()[0]).toMatchObject({
      status: 'done',
      message: expect.stringMatching(/^\d+ chunks$/),
    });
    updates.length = 0;
    await ingest([['elsewhere/a.md', `# Guide\n\n${paragraphs(12, 'tides')}`]]);
    expect(final()[0]).toMatchObject({ status: 'duplicate' });
    expect(library.summaries()).toHaveLength(1);
    expect(library.summaries()[0]).toMatchObject({ path: 'notes/a.md', format: 'markdown' });
  });

  it('replaces a changed file at the same path, embedding only its changed chunks', async () => {
    const { library, ingest, final, updates } = await setUp();
    const original = paragraphs(20, 'volcanoes');
    await ingest([['notes/v.txt', original]]);
    const before = library.summaries()[0]!;
    updates.length = 0;
    await ingest([
      ['notes/v.txt', original.replace('Paragraph 19 explains', 'Paragraph 19 now explains')],
    ]);
    const done = final()[0]!;
    expect(done.status).toBe('done');
    expect(done.message).toMatch(/replaced the earlier version/);
    const embedded = updates.filter((u) => u.status === 'embedding').at(-1)!.total!;
    const reused = Number(/(\d+) reused/.exec(done.message!)![1]);
    expect(embedded).toBeGreaterThan(0);
    expect(reused).toBeGreaterThan(embedded);
    const after = library.summaries();
    expect(reused + embedded).toBe(after[0]!.chunkCount);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before.id);
    expect(library.vectorCount).toBe(after[0]!.chunkCount);
  });

  it('keeps the page and heading path of each chunk, and both round-trip to the text', async () => {
    const { library, ingest } = await setUp();
    const pdf = makePdf([
      { lines: ['Harbour seals rest on sandbanks at low tide.'] },
      { lines: ['Sea otters hold hands while they sleep.'] },
    ]);
    const md = '# Garden\n\n## Compost\n\nTurn the heap every week so it stays warm.\n';
    await ingest([
      ['animals.pdf', pdf],
      ['garden.md', new TextEncoder().encode(md)],
    ]);
    const view = async (name: string) => {
      const doc = library.summaries().find((d) => d.name === name)!;
      return (await library.document(doc.id))!;
    };
    const animals = await view('animals.pdf');
    expect(animals.record).toMatchObject({ format: 'pdf', pages: 2 });
    const pages = Array.from(animals.chunks.starts, (start, i) => ({
      text: animals.source.slice(start, animals.chunks.ends[i]),
      page: chunkSection(animals.chunks, i)?.page,
    }));
    expect(pages).toEqual([
      { text: expect.stringContaining('Harbour seals'), page: 1 },
      { text: expect.stringContaining('Sea otters'), page: 2 },
    ]);
    const garden = await view('garden.md');
    expect(chunkSection(garden.chunks, 0)?.headings).toEqual(['Garden', 'Compost']);
    const query = await embedder.embedQuery('otters sleeping');
    const hits = await library.search(query, 10);
    const otter = hits.find((h) => h.text.includes('Sea otters'))!;
    expect(otter).toMatchObject({ docName: 'animals.pdf', location: 'Page 2' });
    expect(animals.source.slice(otter.start, otter.end)).toBe(otter.text);
  });

  it('re-embedding a stored document reads what ingest embedded, heading path included', async () => {
    const embedded: string[] = [];
    const recording = Object.create(embedder, {
      embedDocuments: {
        value: (texts: readonly string[], ...rest: unknown[]) => {
          embedded.push(...texts);
          return (embedder.embedDocuments as (...a: unknown[]) => unknown)(texts, ...rest);
        },
      },
    }) as Qwen3Embedder;
    const { library, ingest } = await setUp({ embedder: async () => recording });
    await ingest([['garden.md', '# Garden\n\n## Compost\n\nTurn the heap every week.\n']]);
    const doc = (await library.document(library.summaries()[0]!.id))!;
    const inputs = await library.embeddingInputs(doc);
    expect(inputs).toEqual(embedded);
    expect(inputs[0]).toMatch(/^Garden › Compost\n\n[^]*Turn the heap/);
  });

  it('times each embedded slice and reports the content tokens it embeds', async () => {
    const slices: Array<[tokens: number, ms: number]> = [];
    let paused = 0;
    const { library, ingest, updates } = await setUp({
      onEmbedded: (tokens, ms) => slices.push([tokens, ms]),
      // A pause inside a slice is not embedding time.
      checkpoint: async () => {
        if (paused++ === 3) await new Promise((resolve) => setTimeout(resolve, 400));
      },
    });
    await ingest([['long.txt', paragraphs(150, 'glaciers')]]);
    const doc = (await library.document(library.summaries()[0]!.id))!;
    const inputs = await library.embeddingInputs(doc);
    const tokens = inputs.reduce((sum, text) => sum + embedder.countTokens(text), 0);
    expect(inputs.length).toBeGreaterThan(32);
    expect(slices).toHaveLength(Math.ceil(inputs.length / 32));
    expect(slices.reduce((sum, [n]) => sum + n, 0)).toBe(tokens);
    expect(slices.every(([, ms]) => ms > 0 && ms < 400)).toBe(true);
    const embedding = updates.filter((u) => u.status === 'embedding');
    expect(embedding.every((u) => u.tokens === tokens && u.total === inputs.length)).toBe(true);
  });

  it('gives each bad file its own row while the rest index', async () => {
    const { library, ingest, final } = await setUp({ maxFileBytes: 2000 });
    await ingest([
      ['ok.txt', paragraphs(3, 'otters')],
      ['empty.txt', ''],
      ['big.txt', 'x'.repeat(3000)],
      ['photo.png', 'not really'],
      ['binary.txt', '\u0000\u0001\u0002'.repeat(50)],
    ]);
    expect(final().map((u) => [u.name, u.status])).toEqual([
      ['ok.txt', 'done'],
      ['empty.txt', 'failed'],
      ['big.txt', 'failed'],
      ['photo.png', 'skipped'],
      ['binary.txt', 'failed'],
    ]);
    expect(final()[2]!.message).toMatch(/too large/);
    expect(library.summaries().map((d) => d.path)).toEqual(['ok.txt']);
  });

  it('fails a zip bomb, too much text and too many chunks, each with its own message', async () => {
    const { library, ingest, final, updates } = await setUp({
      maxUnpackedBytes: 2 << 20,
      maxTextChars: 16 << 10,
      maxChunks: 10,
    });
    const bomb = makeDocxBomb(8 << 20);
    expect(bomb.length).toBeLessThan(64 << 10);
    await ingest([
      ['bomb.docx', bomb],
      ['long.txt', paragraphs(400, 'dunes')],
      ['many.md', paragraphs(60, 'reefs')],
      ['ok.txt', paragraphs(3, 'otters')],
    ]);
    expect(final().map((u) => [u.name, u.status, u.message])).toEqual([
      [
        'bomb.docx',
        'failed',
        'The document expands to more than 2.0 MB when unpacked (a zip bomb?); ' +
          'the limit is 2.0 MB, set in Model settings.',
      ],
      [
        'long.txt',
        'failed',
        'This file has more than 16 KB of text; the limit is 16 KB of text per file, ' +
          'set in Model settings.',
      ],
      [
        'many.md',
        'failed',
        'This file makes more than 10 chunks; the limit is 10 chunks per file, ' +
          'set in Model settings.',
      ],
      ['ok.txt', 'done', expect.stringMatching(/^\d+ chunks?$/)],
    ]);
    // Refused while chunking: nothing of it was embedded.
    const many = updates.filter((u) => u.name === 'many.md').map((u) => u.status);
    expect(many).toEqual(['extracting', 'failed']);
    expect(library.summaries().map((d) => d.path)).toEqual(['ok.txt']);
  });

  it('stops at a cancelling checkpoint without saving anything', async () => {
    let calls = 0;
    const checkpoint = async () => {
      // Let extraction and the first embedding slice through, then cancel.
      if (++calls > 3) throw new IngestCancelledError();
    };
    const { library, ingest, final } = await setUp({ checkpoint });
    await ingest([['first.txt', paragraphs(400, 'glaciers')]]);
    expect(final().map((u) => u.status)).toEqual(['cancelled']);
    expect(library.summaries()).toEqual([]);
  });

  it('keeps a file queued and names the cause when the tokenizer cannot be loaded', async () => {
    const offline = new Error('huggingface.co is unreachable (offline?)');
    const { library, ctx, final } = await setUp({ tokens: () => Promise.reject(offline) });
    const file = new File([paragraphs(3, 'tides')], 'tides.txt');
    const updates: IngestUpdate[] = [];
    const block = await ingestFile({ file, path: 'tides.txt' }, ctx, (u) =>
      updates.push({ key: 'k', name: 'tides.txt', ...u }),
    );
    expect(block).toMatchObject({ cause: 'model', message: /unreachable \(offline\?\)\. Queued/ });
    expect(updates.at(-1)!.status).toBe('queued');
    expect(final()).toEqual([]);
    expect(library.summaries()).toEqual([]);
  });

  it('still fails a damaged file on its own while the model is down', async () => {
    const { ctx } = await setUp({ tokens: () => Promise.reject(new Error('down')) });
    const statuses: string[] = [];
    const block = await ingestFile(
      { file: new File(['\u0000\u0001'.repeat(40)], 'binary.txt'), path: 'binary.txt' },
      ctx,
      (u) => statuses.push(u.status),
    );
    expect(block).toBeUndefined();
    expect(statuses.at(-1)).toBe('failed');
  });

  it('without the model, saves a file for keyword search; its vectors follow once the model loads', async () => {
    const { library, ingest, final } = await setUp({ embedder: async () => undefined });
    await ingest([
      ['tides.txt', paragraphs(3, 'tides')],
      ['moss.txt', paragraphs(3, 'moss')],
    ]);
    expect(final().map((u) => [u.status, u.message])).toEqual([
      ['done', expect.stringMatching(/keyword search only until the embedding model loads/)],
      ['done', expect.stringMatching(/keyword search only/)],
    ]);
    expect(library.summaries().map((d) => d.indexed)).toEqual([false, false]);
    const hits = await library.searchKeywords({ terms: new Map([['moss', 1]]) }, 3);
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.docName))).toEqual(new Set(['moss.txt']));

    const notes: string[] = [];
    await reindexMissing(library, embedder, { onProgress: () => {}, onNote: (m) => notes.push(m) });
    expect(notes).toEqual([]);
    expect(library.summaries().map((d) => d.indexed)).toEqual([true, true]);
    const query = await embedder.embedQuery('moss');
    expect((await library.search(query, 1))[0]?.docName).toMatch(/\.txt$/);
    expect(library.vectorCount).toBe(library.summaries().reduce((n, d) => n + d.chunkCount, 0));
  });

  it('keeps a file queued when storage is full while saving', async () => {
    const { library, ctx } = await setUp();
    library.add = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    const block = await ingestFile(
      { file: new File([paragraphs(2, 'moss')], 'moss.txt'), path: 'moss.txt' },
      ctx,
      () => {},
    );
    expect(block?.cause).toBe('storage-full');
  });
});
