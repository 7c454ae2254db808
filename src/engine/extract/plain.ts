// Plain text, code, CSV and JSON (pure; worker or Node): decoded with the app's shared rules
// (UTF-16 BOM, UTF-8, Windows-1252 fallback, binary refused) and kept as one section.
import { decodeText } from '../../core/text-file';
import { ExtractionError, type DocumentFormat, type ExtractedDocument } from './types';

/** Decodes bytes as text or throws the decoder's own reason as an ExtractionError. */
export function decodeOrThrow(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if ('kind' in decoded) throw new ExtractionError(decoded.kind, decoded.message);
  return decoded.text;
}

export function extractPlain(format: DocumentFormat, bytes: Uint8Array): ExtractedDocument {
  const text = decodeOrThrow(bytes);
  return { format, text, sections: [{ start: 0, end: text.length }], warnings: [] };
}
