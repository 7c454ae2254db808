// Real sample documents built from scratch for the extraction tests (pure; Node or browser):
// hand-written PDFs with correct xref offsets, DOCX zips, and hostile files (a DOCX zip bomb, a
// one-line JSON). Not imported by the app; scripts/make-samples.ts builds the sample collection's
// PDF and DOCX with it.
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';

/** One PDF page: lines of Helvetica text, and/or raw drawing operators. */
export interface PdfPageSpec {
  lines?: string[];
  graphics?: string;
}

/** Standard Security Handler hooks (see test-encrypted-pdf.ts); streams go through `cipher`. */
export interface PdfSecurity {
  /** The /Encrypt dictionary, written unencrypted. */
  dictionary: string;
  /** The first file identifier, which the encryption key depends on. */
  id: Uint8Array;
  cipher(objectNumber: number, data: Uint8Array): Uint8Array;
}

/** Bytes of a string whose characters are all below U+0100 (PDF syntax is bytes). */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

export const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const escapePdfString = (s: string) => s.replace(/[\\()]/g, (c) => '\\' + c);

function contentStream(page: PdfPageSpec): string {
  const ops: string[] = [];
  if (page.graphics) ops.push(page.graphics);
  if (page.lines?.length) {
    // T* moves to the next line (leading 24), which pdf.js reports as an end of line.
    ops.push('BT /F1 18 Tf 24 TL 72 720 Td');
    page.lines.forEach((line, i) => ops.push(`${i ? 'T* ' : ''}(${escapePdfString(line)}) Tj`));
    ops.push('ET');
  }
  return ops.join('\n');
}

/**
 * A complete PDF: catalog, page tree, one shared Type1 Helvetica font, one page object and one
 * content stream per page, and an xref table whose offsets point at each object.
 */
export function makePdf(pages: PdfPageSpec[], security?: PdfSecurity): Uint8Array<ArrayBuffer> {
  const kids = pages.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects: (string | { stream: string })[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pages.forEach((page, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`,
      { stream: contentStream(page) },
    );
  });
  const encryptNumber = security ? objects.push(security.dictionary) : 0;

  const chunks: Uint8Array[] = [];
  let length = 0;
  const write = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? latin1(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  // The binary comment line tells tools the file is binary, as real PDFs do.
  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    const number = i + 1;
    offsets.push(length);
    write(`${number} 0 obj\n`);
    if (typeof object === 'string') {
      write(object);
    } else {
      const raw = latin1(object.stream);
      const data = security ? security.cipher(number, raw) : raw;
      write(`<< /Length ${data.length} >>\nstream\n`);
      write(data);
      write('\nendstream');
    }
    write('\nendobj\n');
  });
  const xref = length;
  write(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) write(`${String(offset).padStart(10, '0')} 00000 n \n`);
  const trailerExtra = security
    ? ` /Encrypt ${encryptNumber} 0 R /ID [<${hex(security.id)}> <${hex(security.id)}>]`
    : '';
  write(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\n`);
  write(`startxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The two-page sample: each page's text is unique so tests can tell where it landed. */
export const TWO_PAGE_PDF_TEXT = [
  ['Sieve sample page one', 'The quick brown fox (jumps)'],
  ['Second page about otters', 'Otters hold hands while sleeping'],
];

export const twoPagePdf = () => makePdf(TWO_PAGE_PDF_TEXT.map((lines) => ({ lines })));

/** A page with only a filled rectangle: a PDF with no text layer, like a scan. */
export const noTextPdf = () => makePdf([{ graphics: '0.2 0.4 0.8 rg 100 100 300 200 re f' }]);

/** A DOCX paragraph: body text, or a heading with a built-in heading style. */
export type DocxParagraph = string | { heading: 1 | 2 | 3; text: string };

const escapeXml = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

const OOXML = 'http://schemas.openxmlformats.org';
const W_NS = `${OOXML}/wordprocessingml/2006/main`;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const WORD_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
const relationships = (type: string, target: string) =>
  XML_HEAD +
  `<Relationships xmlns="${OOXML}/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${OOXML}/officeDocument/2006/relationships/${type}" ` +
  `Target="${target}"/></Relationships>`;

const DOCUMENT_OPEN = XML_HEAD + `<w:document xmlns:w="${W_NS}"><w:body>`;
const DOCUMENT_CLOSE = '</w:body></w:document>';

const paragraphXml = (p: DocxParagraph) => {
  const { text, style } =
    typeof p === 'string' ? { text: p, style: '' } : { text: p.text, style: `Heading${p.heading}` };
  const pPr = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${pPr}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
};

/** Every part of a minimal Word document except word/document.xml. */
function docxParts(): Record<string, string> {
  const style = (id: string, name: string, extra = '') =>
    `<w:style w:type="paragraph"${id === 'Normal' ? ' w:default="1"' : ''} w:styleId="${id}">` +
    `<w:name w:val="${name}"/>${extra}</w:style>`;
  const headingStyles = [1, 2, 3].map((n) =>
    style(
      `Heading${n}`,
      `heading ${n}`,
      `<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="${n - 1}"/></w:pPr>`,
    ),
  );
  return {
    '[Content_Types].xml':
      XML_HEAD +
      `<Types xmlns="${OOXML}/package/2006/content-types">` +
      '<Default Extension="rels" ' +
      'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/word/document.xml" ContentType="${WORD_TYPE}.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="${WORD_TYPE}.styles+xml"/>` +
      '</Types>',
    '_rels/.rels': relationships('officeDocument', 'word/document.xml'),
    'word/_rels/document.xml.rels': relationships('styles', 'styles.xml'),
    'word/styles.xml':
      XML_HEAD +
      `<w:styles xmlns:w="${W_NS}">${style('Normal', 'Normal')}` +
      `${headingStyles.join('')}</w:styles>`,
  };
}

/**
 * A minimal but real Word document: content types, package relationships, the main document and
 * a styles part that names the heading styles (mammoth maps headings by style name).
 */
export function makeDocx(paragraphs: DocxParagraph[]): Uint8Array<ArrayBuffer> {
  const files = {
    ...docxParts(),
    'word/document.xml': DOCUMENT_OPEN + paragraphs.map(paragraphXml).join('') + DOCUMENT_CLOSE,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

/**
 * A DOCX zip bomb: a valid Word document whose word/document.xml repeats one paragraph until it
 * is at least `unpackedBytes` long (in steps of about 1 MB). It is deflated as it is made, never
 * held whole, and zips to well under a hundredth of that (72 MB unpacked: about 110 KB).
 */
export function makeDocxBomb(unpackedBytes: number): Uint8Array<ArrayBuffer> {
  const out: Uint8Array[] = [];
  let done = false;
  const zip = new Zip((error, data, final) => {
    if (error) throw error;
    out.push(data);
    done = final;
  });
  const add = (name: string, chunks: Iterable<Uint8Array>) => {
    const file = new ZipDeflate(name, { level: 9 });
    zip.add(file);
    for (const chunk of chunks) file.push(chunk);
    file.push(new Uint8Array(0), true);
  };
  for (const [name, text] of Object.entries(docxParts())) add(name, [strToU8(text)]);
  // Paragraphs of one letter repeated: deflate's longest matches, so the most compression.
  const paragraph = strToU8(paragraphXml('z'.repeat(2 ** 16)));
  const block = new Uint8Array(Math.floor(2 ** 20 / paragraph.length) * paragraph.length);
  for (let at = 0; at < block.length; at += paragraph.length) block.set(paragraph, at);
  function* documentXml() {
    yield strToU8(DOCUMENT_OPEN);
    for (let written = 0; written < unpackedBytes; written += block.length) yield block;
    yield strToU8(DOCUMENT_CLOSE);
  }
  add('word/document.xml', documentXml());
  zip.end();
  // fflate's Zip with ZipDeflate works synchronously: everything has been written by now.
  if (!done) throw new Error('the zip was not finished synchronously');
  const bytes = new Uint8Array(out.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of out) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The same zip claiming that every entry unpacks to no more than it takes packed: the declared
 * uncompressed sizes in the central directory and the local headers are rewritten (no zip64).
 */
export function understateZipSizes(zip: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  let at = view.getUint32(eocd + 16, true);
  while (view.getUint32(at, true) === 0x02014b50) {
    const compressed = view.getUint32(at + 20, true);
    view.setUint32(at + 24, compressed, true);
    view.setUint32(view.getUint32(at + 42, true) + 22, compressed, true);
    const [name, extra, comment] = [28, 30, 32].map((field) => view.getUint16(at + field, true));
    at += 46 + name! + extra! + comment!;
  }
  return bytes;
}

export const SAMPLE_DOCX: DocxParagraph[] = [
  { heading: 1, text: 'Quarterly Report' },
  'Revenue grew in every region.',
  { heading: 2, text: 'Risks & Outlook' },
  'Supply chains remain fragile.',
  'We expect a calmer second half.',
];

export const sampleDocx = () => makeDocx(SAMPLE_DOCX);

/**
 * Minified JSON on one line, about `chars` characters long: records of keys, numbers and short
 * strings, with no sentence end anywhere (so a sentence splitter sees one huge sentence).
 */
export function oneLineJson(chars: number): string {
  const parts: string[] = [];
  let length = 1;
  for (let i = 0; length < chars; i++) {
    const record = JSON.stringify({
      id: i,
      name: `item-${i}`,
      tags: ['alpha', i % 2 ? 'beta' : 'gamma'],
      point: [(i % 97) / 4, -(i % 13) / 8],
      note: `reading ${i % 1000} within range`,
    });
    parts.push(record);
    length += record.length + 1;
  }
  return `[${parts.join(',')}]`;
}
