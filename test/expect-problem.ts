// Test helper for the extractor tests (vitest only): the ExtractionError a file must produce.
import { expect } from 'vitest';
import { extractDocument, ExtractionError } from '../src/engine/extract/index';

export async function problemOf(name: string, bytes: Uint8Array): Promise<ExtractionError> {
  const error = await extractDocument(name, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}
