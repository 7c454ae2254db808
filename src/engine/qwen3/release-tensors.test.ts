// disposeAll frees each output at once: disposed, and a CPU output's buffer detached where the
// runtime can (`transfer`, Chromium 114+; Node 20 has none, so the test gives the buffer one).
import type { Tensor } from '@huggingface/transformers';
import { describe, expect, it, vi } from 'vitest';
import { disposeAll } from './release-tensors';

function cpuTensor(bytes = 16) {
  const buffer = new ArrayBuffer(bytes);
  const transfer = vi.fn(() => new ArrayBuffer(0));
  Object.defineProperty(buffer, 'transfer', { value: transfer });
  const tensor = { location: 'cpu', data: new Float32Array(buffer), dispose: vi.fn() };
  return { tensor: tensor as unknown as Tensor, transfer, dispose: tensor.dispose };
}

describe('disposeAll', () => {
  it('disposes every tensor and detaches the buffers of CPU ones, except those kept', () => {
    const a = cpuTensor();
    const b = cpuTensor();
    const kept = cpuTensor();
    disposeAll([a.tensor, b.tensor, kept.tensor], new Set([kept.tensor]));
    for (const t of [a, b]) {
      expect(t.dispose).toHaveBeenCalledOnce();
      expect(t.transfer).toHaveBeenCalledWith(0);
    }
    expect(kept.dispose).not.toHaveBeenCalled();
    expect(kept.transfer).not.toHaveBeenCalled();
  });

  it('leaves GPU tensors’ data alone (reading it would throw) and empty buffers untouched', () => {
    const gpu = {
      location: 'gpu-buffer',
      get data(): never {
        throw new Error('The data is not on CPU.');
      },
      dispose: vi.fn(),
    };
    const empty = cpuTensor(0);
    disposeAll([gpu as unknown as Tensor, empty.tensor]);
    expect(gpu.dispose).toHaveBeenCalledOnce();
    expect(empty.dispose).toHaveBeenCalledOnce();
    expect(empty.transfer).not.toHaveBeenCalled();
  });

  it('disposes the rest when a buffer cannot be detached', () => {
    const stuck = cpuTensor();
    stuck.transfer.mockImplementation(() => {
      throw new TypeError('Cannot detach a non-detachable ArrayBuffer');
    });
    const next = cpuTensor();
    expect(() => disposeAll([stuck.tensor, next.tensor])).not.toThrow();
    expect(next.dispose).toHaveBeenCalledOnce();
    expect(next.transfer).toHaveBeenCalledWith(0);
  });
});
