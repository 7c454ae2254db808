// Browser side of e2e/extract.e2e.ts: builds real sample files with the unit tests' helper,
// sends them to a module worker running src/engine/extract, and returns what it extracted.
// The page itself imports the extraction entry (for formatOf) so that Vite's dependency scanner,
// which does not follow `new Worker(...)`, finds pdf.js, mammoth and htmlparser2 at start-up;
// otherwise the dev server discovers them inside the worker and reloads the page mid-test.
import { formatOf, type ExtractedDocument } from '../../src/engine/extract';
import { noTextPdf, sampleDocx, twoPagePdf } from '../../test/documents';

export interface ExtractRequest {
  id: number;
  name: string;
  bytes: ArrayBuffer;
}

export type ExtractReply = { id: number; scope: Record<string, string> } & (
  { ok: true; doc: ExtractedDocument } | { ok: false; problem: string; message: string }
);

const SAMPLES: Record<string, () => Uint8Array> = {
  'two-page.pdf': twoPagePdf,
  'scan.pdf': noTextPdf,
  'report.docx': sampleDocx,
  'page.html': () =>
    new TextEncoder().encode(
      '<title>T</title><script>self.__ran = 1</script><h1>Top</h1><p>Body &amp; soul</p>',
    ),
};

declare global {
  interface Window {
    extractHarness: {
      /** Extracts one of the samples built here, by name. */
      sample(name: string): Promise<ExtractReply>;
      /** Extracts bytes made elsewhere (the encrypted PDF needs Node's MD5). */
      bytes(name: string, bytes: number[]): Promise<ExtractReply>;
    };
  }
}

const worker = new Worker(new URL('./extract-worker.ts', import.meta.url), { type: 'module' });
const pending = new Map<number, (reply: ExtractReply) => void>();
let nextId = 0;
worker.onmessage = ({ data }: MessageEvent<ExtractReply>) => {
  pending.get(data.id)?.(data);
  pending.delete(data.id);
};

function extract(name: string, bytes: Uint8Array): Promise<ExtractReply> {
  if (!formatOf(name)) throw new Error(`${name}: not a supported document name`);
  const id = nextId++;
  const buffer = bytes.slice().buffer;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ id, name, bytes: buffer } satisfies ExtractRequest, [buffer]);
  });
}

window.extractHarness = {
  sample: (name) => extract(name, SAMPLES[name]!()),
  bytes: (name, bytes) => extract(name, Uint8Array.from(bytes)),
};

document.getElementById('status')!.textContent = 'ready';
