// Document extraction entry point: turns a dropped file's bytes into searchable text with
// sections (PDF pages, heading paths). Runs in the embedder worker and in Node; no DOM needed.
// pdf.js, mammoth and htmlparser2 (with its entity tables) are loaded only when a file needs them.
import { baseName, formatOf, SUPPORTED_SUMMARY } from './formats';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './limits';
import { markdownSections } from './markdown';
import { decodeOrThrow, decodeWithin, extractPlain } from './plain';
import { ExtractionError, type ExtractedDocument } from './types';

export { formatOf } from './formats';
export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './limits';
export {
  ExtractionError,
  type DocumentFormat,
  type ExtractedDocument,
  type ExtractionProblem,
  type TextSection,
} from './types';

/** Why `fileName` is not read, naming its extension and what Sieve does read. */
export function unsupportedMessage(fileName: string): string {
  const base = baseName(fileName);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? ` "${base.slice(dot).toLowerCase()}"` : '';
  return `Unsupported file type${ext}: Sieve reads ${SUPPORTED_SUMMARY}.`;
}

/**
 * Extracts text and sections, or throws an ExtractionError. The file's size is the caller's to
 * check; what it unpacks to (DOCX) and its characters of text are checked here against `limits`
 * while extracting, never after: DOCX before mammoth unpacks it (its size) and parses it (its
 * text, counted as its XML is read), PDF page by page, HTML as its text is built, plain text and
 * Markdown before they are decoded whole.
 */
export async function extractDocument(
  fileName: string,
  bytes: Uint8Array,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<ExtractedDocument> {
  const format = formatOf(fileName);
  if (!format) throw new ExtractionError('unsupported', unsupportedMessage(fileName));
  if (bytes.length === 0) throw new ExtractionError('empty', 'The file is empty.');

  switch (format) {
    case 'pdf':
      return (await import('./pdf')).extractPdf(bytes, limits);
    case 'docx':
      return (await import('./docx')).extractDocx(bytes, limits);
    case 'html': {
      // Markup over the limit may hold text under it (scripts, styles, inline images): the text
      // is held to the limit as it is built.
      const html = decodeOrThrow(bytes);
      const { text, sections } = (await import('./html')).htmlToText(html, limits.maxTextChars);
      if (!/\S/.test(text)) {
        throw new ExtractionError('no-text', 'This web page contains no readable text.');
      }
      return { format, text, sections, warnings: [] };
    }
    case 'markdown': {
      const text = decodeWithin(bytes, limits.maxTextChars);
      return { format, text, sections: markdownSections(text), warnings: [] };
    }
    default:
      return extractPlain(format, bytes, limits.maxTextChars);
  }
}
