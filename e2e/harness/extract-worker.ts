// Worker side of e2e/harness/extract.html: a Vite-bundled ES module worker, like the app's
// embedder worker, that runs the real extraction code (pdf.js in-thread, mammoth, htmlparser2).
import { extractDocument, ExtractionError } from '../../src/engine/extract';
import type { ExtractReply, ExtractRequest } from './extract-page';

/**
 * What this global scope offers, read after extracting (so that anything extraction ran or set
 * shows): extraction must not depend on a DOM or on nested workers.
 */
const scopeNow = () => ({
  document: typeof document,
  DOMParser: typeof DOMParser,
  pdfjsWorker: typeof (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker,
  // Set by the sample page's <script> if anything ever ran it.
  scriptRan: typeof (globalThis as { __ran?: unknown }).__ran,
});

self.onmessage = async ({ data }: MessageEvent<ExtractRequest>) => {
  let reply: ExtractReply;
  try {
    const doc = await extractDocument(data.name, new Uint8Array(data.bytes));
    reply = { id: data.id, ok: true, doc, scope: scopeNow() };
  } catch (error) {
    const scope = scopeNow();
    reply =
      error instanceof ExtractionError
        ? { id: data.id, ok: false, problem: error.problem, message: error.message, scope }
        : { id: data.id, ok: false, problem: 'crash', message: String(error), scope };
  }
  self.postMessage(reply);
};
