// Types of the document extraction layer (pure): what a document becomes once its text is pulled
// out, and the one error type every extractor throws. Used in the embedder worker and in Node.

export type DocumentFormat =
  'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'code' | 'csv' | 'json';

import type { TextSection } from '../../core/section-chunks';

export type { TextSection };

/**
 * Sections are in text order, do not overlap and cover all of `text`; `text.slice(start, end)` is
 * a section's text. `warnings` are for the person who dropped the file.
 */
export interface ExtractedDocument {
  format: DocumentFormat;
  text: string;
  sections: TextSection[];
  pages?: number;
  warnings: string[];
}

/** `too-large`: over a limit of what one file may become (unpacked bytes, characters of text). */
export type ExtractionProblem =
  'unsupported' | 'empty' | 'binary' | 'encrypted' | 'corrupt' | 'no-text' | 'too-large';

/** Why a file yields no text; `message` is written for end users. */
export class ExtractionError extends Error {
  constructor(
    readonly problem: ExtractionProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
