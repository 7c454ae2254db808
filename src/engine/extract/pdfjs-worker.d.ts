// Types for pdf.js' worker module, which pdfjs-dist ships without a declaration. pdf.ts imports it
// into the current thread and hands it to pdf.js as `globalThis.pdfjsWorker` (the fake worker).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
