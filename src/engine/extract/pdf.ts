// PDF text extraction with pdf.js, entirely on the current thread (embedder worker or Node).
// Loaded on demand by index.ts, so other formats never load pdf.js (1.8 MB minified, 540 kB gzip).
import type * as PdfJsModule from 'pdfjs-dist';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { checkTextLength, type ExtractLimits } from './limits';
import { ExtractionError, type ExtractedDocument, type TextSection } from './types';

// Build choice: pdfjs-dist's legacy build, in the browser and in Node alike. The modern build
// does not even load on Node 20 (it needs the Iterator global: Node 22, Chrome 122) and targets
// only the latest browsers; the legacy build polyfills newer features with core-js, all but
// Promise.withResolvers (Node 22, Chrome 119), added below when missing. One build for both means
// the Node tests exercise exactly what ships.
function polyfillWithResolvers(): void {
  if (typeof (Promise as { withResolvers?: unknown }).withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type PdfJs = typeof PdfJsModule;
let loading: Promise<PdfJs> | undefined;

/**
 * pdf.js normally parses in a Worker of its own, but this code already runs in a worker, where
 * nested workers cannot be relied on (and Node has none). Handing pdf.js its worker module as
 * `globalThis.pdfjsWorker` makes it use its documented in-thread "fake worker" instead, with no
 * workerSrc URL to resolve; Vite bundles both modules into lazily loaded chunks. (Exported for
 * the tests, which open the encrypted sample with its password.)
 */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    polyfillWithResolvers();
    const [pdfjs, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return pdfjs as PdfJs;
  })();
  return loading;
}

const isTextItem = (item: TextItem | TextMarkedContent): item is TextItem => 'str' in item;

/**
 * Joins a page's text items: pdf.js marks line ends with `hasEOL`; elsewhere a jump to another
 * line or a horizontal gap wider than a fifth of the font size means a space the PDF never drew.
 */
export function joinTextItems(items: (TextItem | TextMarkedContent)[]): string {
  let out = '';
  let prev: TextItem | undefined;
  for (const item of items) {
    if (!isTextItem(item)) continue;
    if (item.str && prev && !prev.hasEOL && out && !/\s$/.test(out) && !/^\s/.test(item.str)) {
      const size = Math.max(item.height, prev.height, 1);
      const [px = 0, py = 0] = [prev.transform[4] as number, prev.transform[5] as number];
      const [x = 0, y = 0] = [item.transform[4] as number, item.transform[5] as number];
      if (Math.abs(y - py) > size * 0.5) out += '\n';
      else if (item.dir !== 'ttb' && x - (px + prev.width) > size * 0.2) out += ' ';
    }
    out += item.str;
    if (item.hasEOL) out += '\n';
    if (item.str || item.hasEOL) prev = item;
  }
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** Text per page; the text limit is checked page by page, so a huge PDF stops where it passes. */
export async function extractPdf(
  bytes: Uint8Array,
  limits: ExtractLimits,
): Promise<ExtractedDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller keeps its own bytes.
    data: bytes.slice(),
    // No fonts are loaded or rendered: text only. (pdf.js 6 dropped `isEvalSupported`: it no
    // longer compiles fonts with eval at all.)
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (error) {
      if (errorName(error) === 'PasswordException') {
        throw new ExtractionError(
          'encrypted',
          'This PDF is password-protected; Sieve cannot read it.',
        );
      }
      throw new ExtractionError('corrupt', 'This PDF is damaged or not a PDF file.');
    }
    let text = '';
    const sections: TextSection[] = [];
    const blank: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const pageText = joinTextItems((await page.getTextContent()).items);
      page.cleanup();
      if (!pageText) {
        blank.push(n);
        continue;
      }
      // The blank line between pages belongs to the page before it, so sections tile the text.
      const last = sections.at(-1);
      if (last) {
        text += '\n\n';
        last.end = text.length;
      }
      sections.push({ start: text.length, end: text.length + pageText.length, page: n });
      checkTextLength(text.length + pageText.length, limits);
      text += pageText;
    }
    if (!text) {
      throw new ExtractionError(
        'no-text',
        'This PDF has no text layer (a scanned document?); Sieve cannot search it without OCR.',
      );
    }
    const one = blank.length === 1;
    const warnings = blank.length
      ? [
          `${one ? 'Page' : 'Pages'} ${blank.join(', ')} of ${doc.numPages} ` +
            `${one ? 'has' : 'have'} no text (scanned?) and ${one ? 'was' : 'were'} skipped.`,
        ]
      : [];
    return { format: 'pdf', text, sections, pages: doc.numPages, warnings };
  } finally {
    await task.destroy();
  }
}
