// Deterministic documents in every format Sieve ingests, for `npm run bench:ingest` (Node): prose
// with a long tail of rare words (so the tokenizer's word cache cannot make it look cheap), as
// text, Markdown, HTML, code, CSV, JSON, multi-page PDFs and DOCX (the extraction tests' makers).
import { makeDocx, makePdf, type DocxParagraph } from '../../test/documents';
import { rng } from './corpus';

export type BenchFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'code' | 'csv' | 'json';

export const EXTENSION: Record<BenchFormat, string> = {
  pdf: 'pdf',
  docx: 'docx',
  html: 'html',
  markdown: 'md',
  text: 'txt',
  code: 'ts',
  csv: 'csv',
  json: 'json',
};

const COMMON = `the of and to a in is it that for was on are as with be at by this have from or
  had not but what all were when we there can an your which their said if do will each about how
  up out them then she many some so these would other into has more her two like him see time
  could no make than first been its who now people my made over did down only way find use may
  water long little very after words called just where most know get through back much before
  go good new write our used me man too any day same right look think also around another came
  come work three must because does part even place well such here take why help put different
  away again off went old number great tell men say small every found still between name should
  home big give air line set own under read last never us left end along while might next sound
  below saw something thought both few those always show large often together asked house world
  going want school important until form food keep children feet land side without boy once`
  .trim()
  .split(/\s+/);
const TOPICS = [
  'volcano magma lava eruption crater ash basalt seismic caldera tephra pyroclastic',
  'yeast dough flour starter gluten oven loaf proof knead crust hydration levain',
  'rocket orbit satellite booster launch payload thrust fairing stage propellant apogee',
  'protein enzyme membrane receptor gene mutation pathway ribosome antibody kinase',
  'court contract liability statute plaintiff appeal verdict clause tenant arbitration',
  'compiler parser syntax runtime function closure pointer thread memory cache allocator',
].map((t) => t.split(' '));
const SYLLABLES = 'ka lo ri ven tor mal esh qui dra pon sel urb im gra thu nex cor'.split(' ');

class Prose {
  readonly next: () => number;
  readonly topic: string[];

  constructor(seed: number) {
    this.next = rng(seed);
    this.topic = TOPICS[seed % TOPICS.length]!;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  word(): string {
    const r = this.next();
    if (r < 0.3) return this.pick(this.topic);
    if (r < 0.35) return String(this.int(2000));
    // About 5% made-up words: names, jargon and typos that no cache has seen.
    if (r < 0.4)
      return Array.from({ length: 2 + this.int(3) }, () => this.pick(SYLLABLES)).join('');
    return this.pick(COMMON);
  }

  sentence(): string {
    const words = Array.from({ length: 6 + this.int(18) }, () => this.word());
    if (words.length > 10 && this.next() < 0.4) words[4] += ',';
    const text = words.join(' ');
    return text[0]!.toUpperCase() + text.slice(1) + (this.next() < 0.1 ? '?' : '.');
  }

  paragraph(sentences = 3 + this.int(6)): string {
    return Array.from({ length: sentences }, () => this.sentence()).join(' ');
  }

  title(): string {
    const words = Array.from({ length: 2 + this.int(4) }, () => this.word());
    return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  }
}

/** Calls `part` until the joined output reaches `bytes` characters (all output is ASCII). */
function fill(bytes: number, part: () => string, separator = '\n\n'): string {
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const text = part();
    parts.push(text);
    length += text.length + separator.length;
  }
  return parts.join(separator);
}

function textDocument(p: Prose, bytes: number): string {
  return fill(bytes, () => p.paragraph()) + '\n';
}

function markdownDocument(p: Prose, bytes: number): string {
  let level = 1;
  const block = () => {
    const r = p.next();
    if (r < 0.12) {
      level = Math.max(1, Math.min(3, level + p.int(3) - 1));
      return `${'#'.repeat(level)} ${p.title()}`;
    }
    if (r < 0.2) return Array.from({ length: 2 + p.int(4) }, () => `- ${p.sentence()}`).join('\n');
    if (r < 0.24) return '```ts\n' + `const ${p.pick(p.topic)} = ${p.int(100)};\n` + '```';
    return p.paragraph().replace(/ (\w+) (\w+)\./, ' [$1](https://example.com/$2).');
  };
  return `# ${p.title()}\n\n` + fill(bytes, block) + '\n';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function htmlDocument(p: Prose, bytes: number): string {
  const head =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${p.title()}</title>` +
    '<style>body{font:16px/1.5 sans-serif}nav a{margin:0 1em}</style>' +
    '<script>window.dataLayer=[];function track(){dataLayer.push(arguments)}</script></head>' +
    '<body><nav><a href="/">Home</a><a href="/about">About</a></nav><main>';
  const block = () => {
    const r = p.next();
    if (r < 0.12) {
      const level = 2 + p.int(2);
      return `<h${level}>${p.title()}</h${level}>`;
    }
    if (r < 0.2) {
      const items = Array.from({ length: 3 }, () => `<li>${escapeHtml(p.sentence())}</li>`);
      return `<ul>${items.join('')}</ul>`;
    }
    if (r < 0.25) {
      const cells = () => `<tr><td>${p.title()}</td><td>${p.int(999)}</td></tr>`;
      return `<table>${Array.from({ length: 4 }, cells).join('')}</table>`;
    }
    const text = escapeHtml(p.paragraph()).replace(/ (\w+) /, ' <em>$1</em> &amp; ');
    return `<p class="body">${text}</p>`;
  };
  return `${head}<h1>${p.title()}</h1>\n${fill(bytes, block, '\n')}\n</main></body></html>\n`;
}

function codeDocument(p: Prose, bytes: number): string {
  const name = () => p.pick(p.topic) + p.title().replace(/\W/g, '').slice(0, 12);
  const fn = () =>
    `/**\n * ${p.sentence()}\n * ${p.sentence()}\n */\n` +
    `export function ${name()}(input: number[], limit = ${p.int(64)}): number {\n` +
    `  let total = 0;\n  for (const value of input) {\n` +
    `    if (value > limit) break; // ${p.sentence()}\n    total += value * ${p.int(9)};\n` +
    `  }\n  return total;\n}`;
  return `// ${p.sentence()}\nimport { readFile } from 'node:fs/promises';\n\n` + fill(bytes, fn);
}

function csvDocument(p: Prose, bytes: number): string {
  const row = (i: number) =>
    `${i},${p.title()},2024-${1 + p.int(12)}-${1 + p.int(28)},${p.int(99999) / 100},"${p
      .sentence()
      .replace(/"/g, '""')}"`;
  let i = 0;
  return 'id,name,date,amount,description\n' + fill(bytes, () => row(++i), '\n') + '\n';
}

function jsonDocument(p: Prose, bytes: number): string {
  let id = 0;
  const record = () =>
    JSON.stringify(
      { id: ++id, title: p.title(), tags: [p.pick(p.topic), p.pick(p.topic)], body: p.paragraph() },
      null,
      2,
    );
  return '[\n' + fill(bytes, record, ',\n') + '\n]\n';
}

/** A PDF of about `bytes` bytes: pages of 40 lines of about 80 characters (~3.5 KB each). */
function pdfDocument(p: Prose, bytes: number): Uint8Array {
  const lines = fill(bytes, () => p.paragraph(), ' ').match(/.{1,80}(?:\s|$)/g) ?? [];
  const pages = [];
  for (let i = 0; i < lines.length; i += 40) pages.push({ lines: lines.slice(i, i + 40) });
  return makePdf(pages);
}

/** A DOCX with about `bytes` characters of text (its zip is smaller: deflate). */
function docxDocument(p: Prose, bytes: number): Uint8Array {
  const paragraphs: DocxParagraph[] = [{ heading: 1, text: p.title() }];
  let length = 0;
  while (length < bytes) {
    const r = p.next();
    const next: DocxParagraph =
      r < 0.1 ? { heading: (2 + p.int(2)) as 2 | 3, text: p.title() } : p.paragraph();
    paragraphs.push(next);
    length += (typeof next === 'string' ? next : next.text).length + 1;
  }
  return makeDocx(paragraphs);
}

const encoder = new TextEncoder();
const MAKERS: Record<BenchFormat, (p: Prose, bytes: number) => string | Uint8Array> = {
  pdf: pdfDocument,
  docx: docxDocument,
  html: htmlDocument,
  markdown: markdownDocument,
  text: textDocument,
  code: codeDocument,
  csv: csvDocument,
  json: jsonDocument,
};

/** File bytes of one document of `format`, about `bytes` long (of text, for DOCX), by seed. */
export function makeDocument(format: BenchFormat, seed: number, bytes: number): Uint8Array {
  const made = MAKERS[format](new Prose(seed), bytes);
  return typeof made === 'string' ? encoder.encode(made) : made;
}
