// Text file intake rules (pure): which files we accept, size limits, binary detection and
// decoding. Each rejection carries a message written for the person who dropped the file.

export const TEXT_EXTENSIONS = ['txt', 'text', 'md', 'markdown'] as const;
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileProblemKind = 'unsupported' | 'empty' | 'too-large' | 'binary' | 'no-text';

export interface FileProblem {
  kind: FileProblemKind;
  message: string;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Checks that need only the name and size, before any byte is read. */
export function checkFileMeta(
  name: string,
  size: number,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): FileProblem | null {
  const ext = extensionOf(name);
  if (!(TEXT_EXTENSIONS as readonly string[]).includes(ext)) {
    return {
      kind: 'unsupported',
      message: `Unsupported file type${ext ? ` ".${ext}"` : ''}: Sieve reads ${TEXT_EXTENSIONS.map((e) => '.' + e).join(', ')} files.`,
    };
  }
  if (size === 0) return { kind: 'empty', message: 'The file is empty.' };
  if (size > maxBytes) {
    return {
      kind: 'too-large',
      message: `The file is too large (${megabytes(size)}; the limit is ${megabytes(maxBytes)}).`,
    };
  }
  return null;
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
