// Node-side inputs for the rerank benchmark: synthetic documents cut to an exact number of
// tokens in the reranker prompt, the shared-prefix analysis, and peak-RSS probes from /proc.
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  formatRerankerBody,
  RERANKER_PREFIX,
  RERANKER_SUFFIX,
  rerankerInputIds,
} from '../../src/core/qwen3-reranker';
import { syntheticDocument } from './corpus';

export interface PromptTokens {
  encode: (text: string) => number[];
  decode: (ids: number[]) => string;
  prefix: number[];
  suffix: number[];
}

export function promptTokens(tokenizer: PreTrainedTokenizer): PromptTokens {
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  return {
    encode,
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false }),
    prefix: encode(RERANKER_PREFIX),
    suffix: encode(RERANKER_SUFFIX),
  };
}

/** The pair's ids exactly as Qwen3Reranker.pairIds builds them, never truncated. */
export function pairIds(p: PromptTokens, query: string, instruction: string, doc: string) {
  return rerankerInputIds(p, p.encode(formatRerankerBody(instruction, query, doc)), 1e9);
}

/** Everything before the document's own tokens: system prompt + Instruct + Query + "<Document>:". */
export function sharedPrefixIds(p: PromptTokens, query: string, instruction: string): number[] {
  const body = formatRerankerBody(instruction, query, '').trimEnd();
  return [...p.prefix, ...p.encode(body)];
}

/** Tokens the document itself takes in the pair (after the shared prefix, before the suffix). */
export function documentTokens(p: PromptTokens, query: string, instruction: string, doc: string) {
  const pair = pairIds(p, query, instruction, doc);
  return pair.length - sharedPrefixIds(p, query, instruction).length - p.suffix.length;
}

/** `count` documents (synthetic English, 6 topics) of exactly `tokens` tokens each in the pair. */
export function documentsOfTokens(
  p: PromptTokens,
  query: string,
  instruction: string,
  count: number,
  tokens: number,
): string[] {
  return Array.from({ length: count }, (_, i) => {
    // At least one token per word, so this always has enough tokens to cut.
    const ids = p.encode(' ' + syntheticDocument(1000 + i, tokens + 40, 3));
    let n = tokens;
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc = p.decode(ids.slice(0, n)).trimStart();
      const got = documentTokens(p, query, instruction, doc);
      if (got === tokens) return doc;
      n += tokens - got;
    }
    throw new Error(`could not cut document ${i} to exactly ${tokens} tokens`);
  });
}

export interface PrefixRow {
  doc_tokens: number;
  pair_tokens: number;
  shared_prefix_tokens: number;
  document_tokens: number;
  suffix_tokens: number;
  per_document_tokens: number;
  reusable_share_pct: number;
  tokens_saved_100_candidates: number;
}

/** Checks by tokenizing that every pair starts with the shared prefix; returns the split. */
export function prefixAnalysis(
  p: PromptTokens,
  query: string,
  instruction: string,
  docTokens: number,
  documents: readonly string[],
): PrefixRow {
  const shared = sharedPrefixIds(p, query, instruction);
  const pairs = documents.map((d) => pairIds(p, query, instruction, d));
  let common = pairs[0]!.length;
  for (const pair of pairs) {
    if (shared.some((id, i) => pair[i] !== id)) throw new Error('a pair does not start with it');
    let i = 0;
    while (i < common && pair[i] === pairs[0]![i]) i++;
    common = i;
  }
  if (common !== shared.length) {
    console.warn(
      `note: pairs share ${common} leading tokens, the prompt prefix is ${shared.length}`,
    );
  }
  const pairTokens = pairs.reduce((s, x) => s + x.length, 0) / pairs.length;
  const perDocument = pairTokens - shared.length;
  return {
    doc_tokens: docTokens,
    pair_tokens: pairTokens,
    shared_prefix_tokens: shared.length,
    document_tokens: docTokens,
    suffix_tokens: p.suffix.length,
    per_document_tokens: perDocument,
    reusable_share_pct: Math.round((shared.length / pairTokens) * 1000) / 10,
    tokens_saved_100_candidates: 99 * shared.length,
  };
}

/** Resets the peak-RSS mark (VmHWM, and so maxRSS) of `pid`; false where Linux refuses. */
export function resetPeak(pid: number | 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak resident set (VmHWM) of a process in MB, or 0 if it is gone. */
export function peakMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Renderer processes (`--type=renderer`) in the process tree under `root`. */
export function rendererPids(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the `(comm)`, which may itself hold spaces: state, ppid, …
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we were listing.
    }
  }
  const underRoot = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    if (!underRoot(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}
