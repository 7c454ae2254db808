// The `sieve` command end to end (Node): the real CLI (bin/sieve.mjs through tsx) packs a folder
// of mixed formats with one damaged file on the fixture models, the pack opens with the app's
// reader, `sieve search` ranks the expected document first, and a second run resumes from its work.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveSource } from '../../src/core/pack/pack-archive';
import { OpenedPack } from '../../src/core/pack/pack-reader';
import { makeDocx, makePdf } from '../../test/documents';
import { folderSource } from './folder-source';
import { WORK_FOLDER } from './pack-work';

const SIEVE = fileURLToPath(new URL('../../bin/sieve.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sieve(...args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SIEVE, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Each document has words no other one has, so keyword ranking alone decides the first hit. */
const FILES: Record<string, string | Uint8Array> = {
  'notes/volcano.md':
    '# Volcanoes\n\nMagma and basalt erupt from the caldera.\n\n## Ash\n\nTephra and pumice fall far from the crater.\n',
  'bread.txt': 'A sourdough starter needs flour, water and patience before the loaf is proofed.\n',
  'web/rocket.html':
    '<html><head><title>Rockets</title></head><body><h1>Rockets</h1><p>The booster lifts the payload into orbit.</p></body></html>',
  'papers/glacier.pdf': makePdf([
    { lines: ['Glaciers carve valleys', 'A moraine marks where the ice stopped.'] },
    { lines: ['Crevasses open where the glacier bends.'] },
  ]),
  'memo.docx': makeDocx([
    { heading: 1, text: 'Lighthouse memo' },
    'The keeper trims the lantern wick at dusk.',
  ]),
  // A zip header and nothing after it: not a readable Word document.
  'broken.docx': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]),
  'photo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  '.hidden/secret.md': '# Secret\n\nNever packed.\n',
};
const PACKED = [
  'docs/bread.txt',
  'docs/memo.docx',
  'docs/notes/volcano.md',
  'docs/papers/glacier.pdf',
  'docs/web/rocket.html',
];

let root: string;
let folder: string;
let out: string;
let first: Run;
let firstShards: string[];

const shardFiles = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      shards: Array<{ file: string }>;
    }
  ).shards.map((s) => s.file);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sieve-cli-'));
  folder = join(root, 'docs');
  out = join(root, 'pack');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  first = await sieve(
    'pack',
    folder,
    '-o',
    out,
    '--models',
    'fixtures',
    '--archive',
    join(root, 'docs.sievepack'),
  );
  if (first.code === 0) firstShards = shardFiles(out);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sieve pack', () => {
  it('packs every readable file, names the damaged one and the skipped one, and the pack opens', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Packed 5 of 7 files/);
    expect(first.stdout).toMatch(/failed\s+1\n\s+broken\.docx: \S/);
    expect(first.stdout).toMatch(
      /skipped\s+1 \(unsupported type\)\n\s+photo\.png: Unsupported file type/,
    );
    expect(first.stdout).toMatch(
      /documents .*\n\s+chunks .*\n\s+vectors .*\n\s+exact .*\n\s+keywords .*\n\s+manifest .*\n\s+total .*bytes per chunk/,
    );
    const pack = await OpenedPack.open(folderSource(out));
    expect(pack.documents.map((d) => d.path)).toEqual(PACKED);
    expect(pack.documents.find((d) => d.name === 'glacier.pdf')?.pages).toBe(2);
    const { embedding, vectors, chunking } = pack.manifest;
    expect([embedding.dimension, embedding.fullDimension, embedding.dtype]).toEqual([
      64,
      64,
      'fp32',
    ]);
    expect([vectors.exact, chunking.maxTokens, chunking.overlapTokens]).toEqual([
      'float32',
      511,
      48,
    ]);
    const archived = await OpenedPack.open(
      archiveSource(readFileSync(join(root, 'docs.sievepack'))),
    );
    expect(archived.manifest.shards).toEqual(pack.manifest.shards);
  });

  it('finds the document a query uniquely matches, in the folder and in the archive', async () => {
    const inFolder = await sieve(
      'search',
      out,
      'moraine crevasses',
      '--models',
      'fixtures',
      '-k',
      '3',
    );
    expect(inFolder.code, inFolder.stderr).toBe(0);
    expect(inFolder.stdout).toMatch(/^ 1\. \S+ {2}docs\/papers\/glacier\.pdf · Page \d/m);
    const inArchive = await sieve(
      'search',
      join(root, 'docs.sievepack'),
      'lantern wick',
      '--models',
      'fixtures',
    );
    expect(inArchive.code, inArchive.stderr).toBe(0);
    expect(inArchive.stdout).toMatch(/^ 1\. \S+ {2}docs\/memo\.docx/m);
    expect(inArchive.stdout).toMatch(/keywords \+ meaning/);
  });

  it('resumes from its work folder: nothing embedded again, the same shards', async () => {
    const again = await sieve('pack', folder, '-o', out, '--models', 'fixtures');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/files packed\s+5 \(0 embedded now, 5 reused/);
    expect(again.stdout).toMatch(/model load 0\.0 s/);
    expect(shardFiles(out)).toEqual(firstShards);
    expect(
      readdirSync(out)
        .filter((f) => /\.(json|bin)$/.test(f))
        .sort(),
    ).toEqual([...firstShards, 'manifest.json'].sort());
    // A run stopped after four files: only the fifth is embedded.
    const work = join(out, WORK_FOLDER, readdirSync(join(out, WORK_FOLDER))[0]!);
    const entry = readdirSync(work).find((f) => f.endsWith('.bin'))!;
    rmSync(join(work, entry));
    const resumed = await sieve('pack', folder, '-o', out, '--models', 'fixtures');
    expect(resumed.stdout).toMatch(/files packed\s+5 \(1 embedded now, 4 reused/);
  });

  it('--dim and --int8-only make a smaller pack without float32 rows', async () => {
    const small = join(root, 'small');
    const run = await sieve(
      'pack',
      folder,
      '-o',
      small,
      '--models',
      'fixtures',
      '--dim',
      '32',
      '--int8-only',
    );
    expect(run.code, run.stderr).toBe(0);
    const pack = await OpenedPack.open(folderSource(small));
    expect([pack.manifest.embedding.dimension, pack.manifest.embedding.fullDimension]).toEqual([
      32, 64,
    ]);
    expect(pack.manifest.vectors.exact).toBeNull();
    expect(pack.manifest.shards.some((s) => s.kind === 'exact')).toBe(false);
    expect(run.stdout).not.toMatch(/^\s+exact /m);
  });

  it('ends with one line and exit code 1 on errors', async () => {
    const run = await sieve('search', join(root, 'nowhere'), 'x', '--mode', 'keywords');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `sieve: No pack at ${join(root, 'nowhere')}: there is no such file or folder.`,
    );
  });
});
