// Document extraction entry point: turns a dropped file's bytes into searchable text with
// sections (PDF pages, heading paths). Runs in the embedder worker and in Node; no DOM needed.
// pdf.js, mammoth and htmlparser2 (with its entity tables) are loaded only when a file needs them.
import { baseName, formatOf, SUPPORTED_SUMMARY } from './formats';
import { checkTextLength, DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './limits';
import { markdownSections } from './markdown';
import { decodeOrThrow, extractPlain } from './plain';
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
 * check; what it unpacks to (DOCX) and its characters of text are checked here against `limits`,
 * as early as each format allows (DOCX before it is unpacked, PDF page by page).
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
      const html = decodeOrThrow(bytes);
      const { text, sections } = (await import('./html')).htmlToText(html);
      checkTextLength(text.length, limits);
      if (!/\S/.test(text)) {
        throw new ExtractionError('no-text', 'This web page contains no readable text.');
      }
      return { format, text, sections, warnings: [] };
    }
    case 'markdown': {
      const text = decodeOrThrow(bytes);
      checkTextLength(text.length, limits);
      return { format, text, sections: markdownSections(text), warnings: [] };
    }
    default: {
      const doc = extractPlain(format, bytes);
      checkTextLength(doc.text.length, limits);
      return doc;
    }
  }
}
