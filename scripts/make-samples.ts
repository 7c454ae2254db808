// Builds the sample collection the app offers a new user (Node, before dev and build): copies the
// hand-written documents of samples/source/ to public/samples/, makes its PDF and DOCX from their
// JSON specs with the project's own document writers, and lists everything in index.json.
//   tsx scripts/make-samples.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { SampleEntry } from '../src/core/types/library';
import { makeDocx, makePdf, type DocxParagraph, type PdfPageSpec } from '../test/documents';

const SOURCE = resolve('samples/source');
const OUT = resolve('public/samples');

const TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.py': 'text/x-python',
  '.ts': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

interface PdfSpec {
  name: string;
  pages: PdfPageSpec[];
}
interface DocxSpec {
  name: string;
  paragraphs: Array<{ text: string; heading?: 1 | 2 | 3 }>;
}

const readJson = <T>(name: string) => JSON.parse(readFileSync(join(SOURCE, name), 'utf8')) as T;
const SPECS = new Set(['pdf-spec.json', 'docx-spec.json']);

function build(): SampleEntry[] {
  const outputs = new Map<string, Uint8Array>();
  for (const name of readdirSync(SOURCE).sort()) {
    if (!SPECS.has(name)) outputs.set(name, readFileSync(join(SOURCE, name)));
  }
  const pdf = readJson<PdfSpec>('pdf-spec.json');
  outputs.set(pdf.name, makePdf(pdf.pages));
  const docx = readJson<DocxSpec>('docx-spec.json');
  const paragraphs = docx.paragraphs.map(({ text, heading }): DocxParagraph =>
    heading ? { heading, text } : text,
  );
  outputs.set(docx.name, makeDocx(paragraphs));

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const entries: SampleEntry[] = [];
  for (const [name, bytes] of [...outputs].sort(([a], [b]) => a.localeCompare(b))) {
    const type = TYPES[extname(name)];
    if (!type) throw new Error(`samples/source/${name}: no known type for ${extname(name)}`);
    writeFileSync(join(OUT, name), bytes);
    entries.push({ name, type, bytes: bytes.byteLength });
  }
  writeFileSync(join(OUT, 'index.json'), JSON.stringify(entries, null, 1) + '\n');
  return entries;
}

const entries = build();
const total = entries.reduce((sum, e) => sum + e.bytes, 0);
console.log(`samples: ${entries.length} files (${(total / 1024).toFixed(0)} KB) in public/samples`);
