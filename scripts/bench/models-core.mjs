// @ts-check
// Measurement loop of `npm run bench:models`, shared as-is by Node (onnxruntime-node) and the
// headless Chromium page (onnxruntime-web, served unbundled): loads one stand-in, times cases.

/** Reranker pair = 73-token shared prefix (system prompt, instruction, query, `<Document>:`) + document + 9-token suffix. */
export const RERANK_PREFIX = 73;
export const RERANK_SUFFIX = 9;

/**
 * @typedef {{ tokens: number, batch: number, repeats: number, prefixReuse?: boolean,
 *   docTokens?: number }} BenchCase  `tokens`: the input's length (a pair's, for the reranker)
 * @typedef {{ model: 'embedding' | 'reranker', dtype: string, layers: number, kvHeads: number,
 *   headDim: number, modelUrl: string, dataFile: string, dataUrl: string, threads: number,
 *   keepLogits?: boolean, cases: BenchCase[] }} BenchModel
 * @typedef {{ tokens: number, doc_tokens: number | null, batch: number, prefix_reuse: boolean,
 *   runs_ms: number[], ms: number, finite: boolean }} CaseResult
 */

/** Deterministic token ids (spread over the vocabulary, away from the special tokens). */
function idsOf(/** @type {number} */ n, /** @type {number} */ salt) {
  return BigInt64Array.from({ length: n }, (_, i) =>
    BigInt(((i + 1) * 7919 + salt * 104729) % 150000),
  );
}

/**
 * Loads the model (`create` is the runtime's session factory) and runs every case.
 * @param {any} ort onnxruntime-node or onnxruntime-web
 * @param {BenchModel} m
 * @param {(path: string) => any} sessionInput  what `InferenceSession.create` takes for the model
 * @param {() => Promise<void> | void} [beforeCase] before each case (e.g. reset a peak-memory counter)
 * @param {(r: CaseResult) => Promise<void> | void} [afterCase]
 */
export async function runModel(ort, m, sessionInput, beforeCase, afterCase) {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(sessionInput(m.modelUrl), {
    intraOpNumThreads: m.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    externalData: m.dataUrl ? [{ path: m.dataFile, data: m.dataUrl }] : undefined,
  });
  const loadMs = performance.now() - t0;
  const half = m.dtype === 'fp16';
  const past = (/** @type {number} */ b, /** @type {number} */ len, /** @type {any} */ from) => {
    /** @type {Record<string, any>} */
    const feeds = {};
    for (let l = 0; l < m.layers; l++) {
      for (const kind of ['key', 'value']) {
        feeds[`past_key_values.${l}.${kind}`] =
          from?.[`present.${l}.${kind}`] ??
          new ort.Tensor(
            half ? 'float16' : 'float32',
            half ? new Uint16Array(0) : new Float32Array(0),
            [b, m.kvHeads, len, m.headDim],
          );
      }
    }
    return feeds;
  };
  /** One forward pass over `b` rows of `n` new tokens after `pastLen` cached ones. */
  const feedsOf = (
    /** @type {number} */ b,
    /** @type {number} */ n,
    /** @type {number} */ pastLen,
    /** @type {any} */ from,
    salt = 0,
  ) => {
    /** @type {Record<string, any>} */
    const feeds = {
      input_ids: new ort.Tensor('int64', idsOf(b * n, salt), [b, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(b * (pastLen + n)).fill(1n), [
        b,
        pastLen + n,
      ]),
      ...past(b, pastLen, from),
    };
    if (session.inputNames.includes('position_ids')) {
      const pos = BigInt64Array.from({ length: b * n }, (_, i) => BigInt(pastLen + (i % n)));
      feeds.position_ids = new ort.Tensor('int64', pos, [b, n]);
    }
    if (session.inputNames.includes('num_logits_to_keep'))
      feeds.num_logits_to_keep = new ort.Tensor('int64', BigInt64Array.from([1n]), []);
    return feeds;
  };
  const dispose = (/** @type {Record<string, any>} */ out) => {
    for (const t of Object.values(out)) t?.dispose?.();
  };
  const finite = (/** @type {any} */ t) => {
    if (t.type !== 'float32') return true; // float16 outputs: WebGPU-only dtype, not checked here
    for (let i = 0; i < t.data.length; i += 97) if (!Number.isFinite(t.data[i])) return false;
    return true;
  };

  /** @type {CaseResult[]} */
  const results = [];
  let warmed = false;
  for (const c of m.cases) {
    await beforeCase?.();
    const reuse = m.model === 'reranker' && !!c.prefixReuse;
    /** @type {any} */
    let prefix = null;
    if (reuse) prefix = await session.run(feedsOf(c.batch, RERANK_PREFIX, 0, null, 1));
    const newTokens = reuse ? c.tokens - RERANK_PREFIX : c.tokens;
    const pastLen = reuse ? RERANK_PREFIX : 0;
    if (!warmed) {
      dispose(await session.run(feedsOf(c.batch, Math.min(newTokens, 32), pastLen, prefix, 2)));
      warmed = true;
    }
    const runs = [];
    let ok = true;
    for (let r = 0; r < c.repeats; r++) {
      const feeds = feedsOf(c.batch, newTokens, pastLen, prefix, 3 + r);
      const start = performance.now();
      const out = await session.run(feeds);
      runs.push(performance.now() - start);
      ok &&= finite(out.logits ?? out.last_hidden_state);
      dispose(out);
    }
    if (prefix) dispose(prefix);
    const sorted = [...runs].sort((a, b) => a - b);
    const result = {
      tokens: c.tokens,
      doc_tokens: c.docTokens ?? null,
      batch: c.batch,
      prefix_reuse: reuse,
      runs_ms: runs.map((x) => Math.round(x)),
      ms: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      finite: ok,
    };
    results.push(result);
    await afterCase?.(result);
  }
  await session.release();
  return { load_ms: loadMs, results };
}
