// Word .docx extraction with mammoth (runs without a DOM; worker or Node). Loaded on demand by
// index.ts. The zip is first measured by inflating it, then its main part's text counted as it is
// read (a zip bomb or a document of too much text is refused before mammoth unpacks anything);
// convertToHtml keeps heading styles, which htmlToText turns into heading sections;
// extractRawText is the fallback when the HTML conversion fails.
import mammoth from 'mammoth';
import {
  MAX_ZIP_ENTRIES,
  measureUnpacked,
  TooManyEntriesError,
  ZipStructureError,
} from '../../core/zip-reader';
import { scanDocxText } from './docx-text-scan';
import { htmlToText } from './html';
import { checkTextLength, tooMuchText, unpackedTooLarge, type ExtractLimits } from './limits';
import { ExtractionError, type ExtractedDocument } from './types';

const DAMAGED = 'This DOCX file is damaged or not a Word document.';

/** Every zip (and so every .docx) starts with a local file header, "PK\3\4". */
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isCompoundFile = (b: Uint8Array) =>
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((byte, i) => b[i] === byte);

/** Password-protected Office files are OLE compound files holding an "EncryptedPackage" stream. */
function isEncryptedOffice(bytes: Uint8Array): boolean {
  if (!isCompoundFile(bytes)) return false;
  const name = new Uint8Array([...'EncryptedPackage'].flatMap((c) => [c.charCodeAt(0), 0]));
  outer: for (let i = 0; i + name.length <= bytes.length; i++) {
    for (let j = 0; j < name.length; j++) if (bytes[i + j] !== name[j]) continue outer;
    return true;
  }
  return false;
}

// mammoth reads `buffer` in Node and `arrayBuffer` in its browser build (its package.json
// "browser" field swaps the unzip module); JSZip accepts either, so both are given.
function mammothInput(bytes: Uint8Array) {
  const copy = bytes.slice().buffer;
  return { arrayBuffer: copy, buffer: copy } as unknown as { arrayBuffer: ArrayBuffer };
}

// Images are not text: an empty src stops mammoth from base64-encoding every picture.
const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * mammoth's warnings are about styles and images it could not map to HTML (they only cost us a
 * heading level); its errors mean some content was not read, which the user should know.
 */
function noteMessages(messages: { type: string }[], warnings: Set<string>): void {
  if (messages.some((m) => m.type === 'error')) {
    warnings.add('Parts of this Word document could not be read; their text may be missing.');
  }
}

/** Refuses a zip that unpacks to more than the limit, or whose structure cannot be read. */
function checkUnpacked(bytes: Uint8Array, limit: number): void {
  let over: boolean;
  try {
    over = measureUnpacked(bytes, limit).over;
  } catch (error) {
    if (error instanceof TooManyEntriesError) {
      const parts = MAX_ZIP_ENTRIES.toLocaleString('en-US');
      const message = `This DOCX holds more than ${parts} parts (a zip bomb?); Sieve does not read it.`;
      throw new ExtractionError('too-large', message);
    }
    throw error instanceof ZipStructureError ? new ExtractionError('corrupt', DAMAGED) : error;
  }
  if (over) throw unpackedTooLarge(limit);
}

export async function extractDocx(
  bytes: Uint8Array,
  limits: ExtractLimits,
): Promise<ExtractedDocument> {
  if (isEncryptedOffice(bytes)) {
    throw new ExtractionError(
      'encrypted',
      'This Word document is password-protected; Sieve cannot read it.',
    );
  }
  if (!isZip(bytes)) throw new ExtractionError('corrupt', DAMAGED);
  checkUnpacked(bytes, limits.maxUnpackedBytes);
  // The count never exceeds the text mammoth will make, so a document it refuses has more text
  // than the limit; one it passes is held to the limit exactly as its text is built, below.
  if (scanDocxText(bytes, limits.maxTextChars).over) throw tooMuchText(limits.maxTextChars);

  const warnings = new Set<string>();
  let extracted: { text: string; sections: ExtractedDocument['sections'] };
  try {
    const result = await mammoth.convertToHtml(mammothInput(bytes), { convertImage: noImages });
    noteMessages(result.messages, warnings);
    const { text, sections } = htmlToText(result.value, limits.maxTextChars);
    extracted = { text, sections };
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    try {
      const raw = await mammoth.extractRawText(mammothInput(bytes));
      noteMessages(raw.messages, warnings);
      const text = raw.value.replace(/\n{3,}/g, '\n\n').trim();
      extracted = { text, sections: text ? [{ start: 0, end: text.length }] : [] };
      warnings.add('Headings could not be read; the text was extracted without them.');
    } catch {
      // JSZip and mammoth fail with technical messages (no central directory, no main part).
      throw new ExtractionError('corrupt', DAMAGED);
    }
    // The fallback's text comes whole from mammoth; the scan above bounded how much it could be.
    checkTextLength(extracted.text.length, limits);
  }
  if (!/\S/.test(extracted.text)) {
    throw new ExtractionError('no-text', 'This Word document contains no text.');
  }
  return { format: 'docx', ...extracted, warnings: [...warnings] };
}
