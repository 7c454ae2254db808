// What one file may become while its text is extracted (pure; worker or Node): the unpacked
// size of a zip-based file and the characters of text, with the messages that refuse a file over
// them. The numbers come from the engine settings; the defaults are src/core's.
import { formatBytes } from '../../core/format';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../../core/types/library';
import { ExtractionError } from './types';

export type ExtractLimits = Pick<FileLimits, 'maxUnpackedBytes' | 'maxTextChars'>;

export const DEFAULT_EXTRACT_LIMITS: Readonly<ExtractLimits> = {
  maxUnpackedBytes: DEFAULT_FILE_LIMITS.maxUnpackedBytes,
  maxTextChars: DEFAULT_FILE_LIMITS.maxTextChars,
};

export function unpackedTooLarge(limit: number): ExtractionError {
  const size = formatBytes(limit);
  return new ExtractionError(
    'too-large',
    `The document expands to more than ${size} when unpacked (a zip bomb?); ` +
      `the limit is ${size}, set in Model settings.`,
  );
}

/** Characters are counted as bytes are in the settings (MB = 2^20); small limits by count. */
const textAmount = (chars: number) =>
  chars < 1024 ? `${chars} characters` : `${formatBytes(chars)}`;

export function tooMuchText(limit: number): ExtractionError {
  const amount = textAmount(limit);
  return new ExtractionError(
    'too-large',
    `This file has more than ${amount} of text; the limit is ${amount} of text per file, ` +
      'set in Model settings.',
  );
}

/** Throws when `length` characters of text are over the limit. */
export function checkTextLength(length: number, limits: ExtractLimits): void {
  if (length > limits.maxTextChars) throw tooMuchText(limits.maxTextChars);
}
