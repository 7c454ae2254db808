// Freeing model outputs as soon as they are read, in the model workers (and Node): GPU buffers
// under WebGPU, and on WASM the JavaScript copies ONNX Runtime makes of every output.
import type { Tensor } from '@huggingface/transformers';

/**
 * Frees `tensors` except those in `keep`, at once: under WebGPU they hold GPU buffers until
 * disposed, and on WASM every output is a fresh JavaScript copy that the page keeps until its next
 * garbage collection. A 442-token pass returns 268 MB of logits and 101 MB of present.* keys and
 * values; left to the collector, 20 such passes on the full-size stand-in peaked at 2.79 GB where
 * one pass needs 1.77 GB (`npm run bench:rerank -- --standins`). Detaching the buffer
 * (`ArrayBuffer.prototype.transfer`, Chromium 114+) returns its memory immediately.
 */
export function disposeAll(tensors: Iterable<Tensor>, keep: ReadonlySet<Tensor> = new Set()): void {
  for (const tensor of tensors) {
    if (keep.has(tensor)) continue;
    const buffer = tensor.location === 'cpu' ? (tensor.data as ArrayBufferView).buffer : undefined;
    tensor.dispose();
    detach(buffer);
  }
}

type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };

function detach(buffer: ArrayBufferLike | undefined): void {
  const transfer = (buffer as Transferable | undefined)?.transfer;
  // A shared or already detached buffer is left alone; so are runtimes without transfer().
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || !transfer) return;
  try {
    transfer.call(buffer, 0);
  } catch {
    // A buffer its runtime marked non-detachable (native memory, e.g. in Node): the collector's.
  }
}
