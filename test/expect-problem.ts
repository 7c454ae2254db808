// Test helper for the extractor tests (vitest only): the ExtractionError a file must produce.
import { expect } from 'vitest';
import { extractDocument, ExtractionError, type ExtractLimits } from '../src/engine/extract/index';

export async function problemOf(
  name: string,
  bytes: Uint8Array,
  limits?: ExtractLimits,
): Promise<ExtractionError> {
  const error = await extractDocument(name, bytes, limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

/** The message of a file refused for a limit (problem 'too-large'). */
export async function tooLargeMessage(
  name: string,
  bytes: Uint8Array,
  limits: ExtractLimits,
): Promise<string> {
  const error = await problemOf(name, bytes, limits);
  expect(error.problem).toBe('too-large');
  return error.message;
}
