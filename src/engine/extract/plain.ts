// Plain text, code, CSV and JSON (pure; worker or Node): decoded with the app's shared rules
// (UTF-16 BOM, UTF-8, Windows-1252 fallback, binary refused) and kept as one section. The text
// limit is checked before a file is decoded whole, by counting as it is decoded in slices.
import { decodeText } from '../../core/text-file';
import { tooMuchText } from './limits';
import { ExtractionError, type DocumentFormat, type ExtractedDocument } from './types';

/** Bytes decoded at a time while counting a file's characters. */
const SLICE = 1 << 20;
/** What decodeText samples to tell binary from text. */
const BINARY_SAMPLE = 64 * 1024;

/** Decodes bytes as text or throws the decoder's own reason as an ExtractionError. */
export function decodeOrThrow(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if ('kind' in decoded) throw new ExtractionError(decoded.kind, decoded.message);
  return decoded.text;
}

/**
 * Whether `bytes` decode (by decodeText's rules) to more than `maxChars` characters, found out
 * while decoding in slices and stopping once past it. No encoding decodeText uses makes more
 * characters than bytes, so a file of at most `maxChars` bytes is never decoded here.
 */
export function hasMoreText(bytes: Uint8Array, maxChars: number): boolean {
  if (bytes.length <= maxChars) return false;
  const [first, second] = bytes;
  if ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)) {
    // UTF-16: two bytes a character (the BOM dropped, an odd last byte one replacement character).
    return Math.ceil((bytes.length - 2) / 2) > maxChars;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let chars = 0;
  try {
    for (let at = 0; at < bytes.length; at += SLICE) {
      const end = Math.min(bytes.length, at + SLICE);
      chars += decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }).length;
      if (chars > maxChars) return true;
    }
  } catch {
    // Not UTF-8: decodeText falls back to Windows-1252, a character a byte.
    return true;
  }
  return false;
}

/**
 * Decodes bytes as text, refusing more than `maxChars` characters before decoding them whole. A
 * binary file is told as binary (decodeText's sample), whatever its size.
 */
export function decodeWithin(bytes: Uint8Array, maxChars: number): string {
  if (bytes.length > maxChars) {
    const sample = decodeText(bytes.subarray(0, BINARY_SAMPLE));
    if ('kind' in sample && sample.kind === 'binary') {
      throw new ExtractionError(sample.kind, sample.message);
    }
    if (hasMoreText(bytes, maxChars)) throw tooMuchText(maxChars);
  }
  return decodeOrThrow(bytes);
}

export function extractPlain(
  format: DocumentFormat,
  bytes: Uint8Array,
  maxChars = Infinity,
): ExtractedDocument {
  const text = decodeWithin(bytes, maxChars);
  return { format, text, sections: [{ start: 0, end: text.length }], warnings: [] };
}
