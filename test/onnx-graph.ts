// Shared helpers for the fixture tests: paths and dtypes of the generated repos, cached ONNX
// sessions, one forward pass with padding/KV-cache control, and the transformers.js setup.
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { onnxFileName, type Dtype } from '../src/core/types/models';
import { ENDOFTEXT_ID, NO_ID, YES_ID } from '../scripts/fixtures/corpus';
import { EMBEDDING_REPO, RERANKER_REPO } from '../scripts/fixtures/make-fixtures.mjs';
import { f16BitsToNumber } from '../scripts/fixtures/onnx-builder.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const OUT = resolve(HERE, '../fixtures/models');
export const KV_HEADS = 2;
export const HEAD_DIM = 64;

// The fixture embedder ships every dtype; the fixture reranker ships what the real one does.
export { DTYPES as EMBEDDING_DTYPES, RERANKER_DTYPES } from '../src/core/types/models';

// ---------------------------------------------------------------- sessions and forward passes

const sessions = new Map<string, Promise<ort.InferenceSession>>();
export function session(repo: string, dtype: Dtype): Promise<ort.InferenceSession> {
  const path = join(OUT, repo, 'onnx', onnxFileName(dtype));
  if (!sessions.has(path)) sessions.set(path, ort.InferenceSession.create(path));
  return sessions.get(path)!;
}

/** Releases every session opened through `session()` (call in afterAll). */
export async function releaseSessions(): Promise<void> {
  for (const s of sessions.values()) await (await s).release();
}

export function config(repo: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(OUT, repo, 'config.json'), 'utf8'));
}

export const half = (dtype: Dtype) => dtype === 'fp16' || dtype === 'q4f16';

interface RunOptions {
  side?: 'left' | 'right';
  /** 'cumsum': cumsum(mask) − 1 with pads = 1 (what transformers.js feeds); 'arange': 0..S−1 */
  positions?: 'cumsum' | 'arange';
  past?: Record<string, ort.Tensor>;
  pastLength?: number;
}

export interface RunResult {
  /** main output as numbers ([B, S, H] or [B, S, V]) */
  data: Float32Array;
  dims: number[];
  outputs: ort.InferenceSession.OnnxValueMapType;
}

export function toFloat32(t: ort.Tensor): Float32Array {
  if (t.type === 'float32') return t.data as Float32Array;
  const bits = t.data as Uint16Array;
  return Float32Array.from(bits, (b) => f16BitsToNumber(b));
}

/** Runs one forward pass of `rows` (token ids), padded with <|endoftext|> on `side`. */
export async function run(
  s: ort.InferenceSession,
  rows: number[][],
  dtype: Dtype,
  opts: RunOptions = {},
): Promise<RunResult> {
  const B = rows.length;
  const S = Math.max(...rows.map((r) => r.length));
  const P = opts.pastLength ?? 0;
  const ids = new BigInt64Array(B * S).fill(BigInt(ENDOFTEXT_ID));
  const mask = new BigInt64Array(B * (P + S));
  const pos = new BigInt64Array(B * S);
  rows.forEach((r, b) => {
    const off = opts.side === 'right' ? 0 : S - r.length;
    r.forEach((t, i) => (ids[b * S + off + i] = BigInt(t)));
    for (let j = 0; j < P; j++) mask[b * (P + S) + j] = 1n;
    for (let i = 0; i < r.length; i++) mask[b * (P + S) + P + off + i] = 1n;
    let c = 0;
    for (let j = 0; j < P + S; j++) {
      const m = mask[b * (P + S) + j]!;
      c += Number(m);
      if (j >= P) pos[b * S + j - P] = BigInt(opts.positions === 'arange' ? j : m ? c - 1 : 1);
    }
  });
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, [B, S]),
    attention_mask: new ort.Tensor('int64', mask, [B, P + S]),
    position_ids: new ort.Tensor('int64', pos, [B, S]),
  };
  for (const name of s.inputNames.filter((n) => n.startsWith('past_key_values.'))) {
    feeds[name] =
      opts.past?.[name] ??
      (half(dtype)
        ? new ort.Tensor('float16', new Uint16Array(0), [B, KV_HEADS, 0, HEAD_DIM])
        : new ort.Tensor('float32', new Float32Array(0), [B, KV_HEADS, 0, HEAD_DIM]));
  }
  const outputs = await s.run(feeds);
  const main = (outputs.last_hidden_state ?? outputs.logits)!;
  return { data: toFloat32(main), dims: [...main.dims], outputs };
}

/** L2-normalised hidden state of the last position of row `b`. */
export function lastToken(r: RunResult, b = 0): Float32Array {
  const [, S, H] = r.dims as [number, number, number];
  const v = r.data.slice((b * S + S - 1) * H, (b * S + S) * H);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** logit(yes) − logit(no) at the last position of row `b`. */
export function yesNo(r: RunResult, b = 0): number {
  const [, S, V] = r.dims as [number, number, number];
  const base = (b * S + S - 1) * V;
  return r.data[base + YES_ID]! - r.data[base + NO_ID]!;
}

export const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// ---------------------------------------------------------------- fixtures and tokenizers

let tokenizers: { embTok: PreTrainedTokenizer; rrTok: PreTrainedTokenizer } | undefined;

function loaded() {
  if (!tokenizers) throw new Error('call setupFixtures() in beforeAll first');
  return tokenizers;
}

/** Token ids of `text` with the embedding tokenizer (appends <|endoftext|>). */
export const embIds = (text: string) =>
  loaded().embTok(text).input_ids.tolist()[0].map(Number) as number[];
/** Token ids of `text` with the reranker tokenizer, no special tokens. */
export const rrIds = (text: string) =>
  loaded().rrTok(text, { add_special_tokens: false }).input_ids.tolist()[0].map(Number) as number[];

/**
 * Generates the fixtures if missing or stale (a no-op that prints one line when the stamp
 * matches), points transformers.js at them (local files only) and loads both tokenizers.
 */
export async function setupFixtures(): Promise<{
  embTok: PreTrainedTokenizer;
  rrTok: PreTrainedTokenizer;
}> {
  execFileSync(process.execPath, [join(HERE, '../scripts/fixtures/make-fixtures.mjs')], {
    stdio: 'inherit',
  });
  env.localModelPath = `${OUT}/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const embTok = await AutoTokenizer.from_pretrained(EMBEDDING_REPO);
  const rrTok = await AutoTokenizer.from_pretrained(RERANKER_REPO);
  tokenizers = { embTok, rrTok };
  return tokenizers;
}
