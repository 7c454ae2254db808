// Decoding of text files (pure): binary detection, UTF-8, UTF-16 with a BOM and a Windows-1252
// fallback. Each rejection carries a message written for the person who dropped the file.

export type FileProblemKind = 'binary' | 'no-text';

export interface FileProblem {
  kind: FileProblemKind;
  message: string;
}

const SAMPLE_BYTES = 64 * 1024;

/** Control bytes other than tab, newline, form feed, carriage return and escape. */
function isSuspiciousControl(byte: number): boolean {
  return (
    byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b
  );
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let suspicious = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (isSuspiciousControl(byte)) suspicious++;
  }
  return suspicious > sample.length * 0.01;
}

/**
 * Decodes file bytes as text: a UTF-16 BOM wins, then strict UTF-8, then Windows-1252 (a
 * superset of Latin-1) for legacy files. Binary content is rejected rather than indexed as noise.
 */
export function decodeText(bytes: Uint8Array): { text: string } | FileProblem {
  const hasUtf16Bom =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  let text: string;
  if (hasUtf16Bom) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    if (looksBinary(bytes)) {
      return { kind: 'binary', message: 'This looks like a binary file, not text.' };
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  if (text.trim().length === 0) return { kind: 'no-text', message: 'The file contains no text.' };
  return { text };
}
