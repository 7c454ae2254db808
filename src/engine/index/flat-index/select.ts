// Top-k selection over a Float32Array of scores (pure; runs wherever the index runs). Same order
// as core's topK (higher score first, ties to the lower index, NaN ignored) but it keeps a heap of
// indices in a typed array, because allocating per element is slow when every query scans 100k.

/** Indices of the `k` best entries of `scores`, best first. */
export function selectTop(scores: Float32Array, k: number): Int32Array {
  const size = Math.max(0, Math.min(Math.floor(k), scores.length));
  if (size === 0) return new Int32Array(0);
  const heap = new Int32Array(size);
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    return sa < sb || (sa === sb && a > b);
  };
  let filled = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    // Indices arrive in increasing order, so once the heap is full a newcomer that only ties the
    // root loses the tie and is skipped; NaN fails `>` and is skipped too.
    if (filled < size) {
      if (Number.isNaN(s)) continue;
      let at = filled++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(i, heap[parent]!)) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = i;
    } else if (s > scores[heap[0]!]!) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && worse(heap[right]!, heap[left]!) ? right : left;
        if (!worse(heap[child]!, i)) break;
        heap[at] = heap[child]!;
        at = child;
      }
      heap[at] = i;
    }
  }
  return heap.slice(0, filled).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
