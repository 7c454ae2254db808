// Search options: retrieval mode (hybrid, meaning, keywords), hits per leg and RRF k, result
// count, reranking on/off, candidate count and token budget (automatic per backend unless set),
// task instruction, score mode and the reranker's idle unload time.
// Persisted in localStorage; `?rerank=off` turns reranking off for one session.

import { instructionText, type InstructionPreset } from '../core/instructions';
import type { Backend } from '../core/types/models';
import { RRF_K } from '../core/fusion';
import { SEARCH_MODES, type SearchMode } from '../core/types/library';
import {
  defaultCandidates,
  defaultRerankTokens,
  MAX_CANDIDATES,
  type ScoreMode,
} from '../core/two-stage';

const STORAGE_KEY = 'sieve:search-options';

/** Hits each leg hands to fusion by default. */
export const DEFAULT_PER_LEG = 100;
export const MAX_PER_LEG = 1000;
export const MAX_RRF_K = 1000;
/** The result list's length (k) and the reranker's tokens per candidate: allowed ranges. */
export const MAX_RESULTS = 50;
export const MIN_RERANK_TOKENS = 64;
export const MAX_RERANK_TOKENS = 2048;
export const MAX_IDLE_MINUTES = 120;

interface StoredOptions {
  retrieval: SearchMode;
  perLeg: number;
  rrfK: number;
  k: number;
  rerank: boolean;
  candidates: number | null;
  rerankTokens: number | null;
  preset: InstructionPreset;
  customInstruction: string;
  scoreMode: ScoreMode['kind'];
  rerankWeight: number;
  idleMinutes: number;
}

const DEFAULTS: StoredOptions = {
  retrieval: 'hybrid',
  perLeg: DEFAULT_PER_LEG,
  rrfK: RRF_K,
  k: 10,
  rerank: true,
  candidates: null,
  rerankTokens: null,
  preset: 'general',
  customInstruction: '',
  scoreMode: 'rerank',
  rerankWeight: 0.7,
  idleMinutes: 5,
};

/** `value` as an integer in [min, max], or `fallback` when it is not a number. */
function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' ? Math.round(value) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** `value` in [min, max], or `fallback` when it is not a number. */
function clampReal(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(max, Math.max(min, value))
    : fallback;
}

export class SearchOptions {
  retrieval = $state<SearchMode>(DEFAULTS.retrieval);
  perLeg = $state(DEFAULTS.perLeg);
  rrfK = $state(DEFAULTS.rrfK);
  k = $state(DEFAULTS.k);
  rerank = $state(DEFAULTS.rerank);
  /** `null`: automatic for the reranker's backend. */
  candidates = $state<number | null>(null);
  rerankTokens = $state<number | null>(null);
  preset = $state<InstructionPreset>(DEFAULTS.preset);
  customInstruction = $state('');
  scoreMode = $state<ScoreMode['kind']>(DEFAULTS.scoreMode);
  rerankWeight = $state(DEFAULTS.rerankWeight);
  idleMinutes = $state(DEFAULTS.idleMinutes);

  constructor(search = window.location.search) {
    let stored: Partial<StoredOptions> = {};
    try {
      stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<StoredOptions>;
    } catch {
      // Corrupt settings: keep the defaults.
    }
    Object.assign(this, DEFAULTS, stored);
    if (!SEARCH_MODES.includes(this.retrieval)) this.retrieval = DEFAULTS.retrieval;
    const asked = /[?&]retrieval=(\w+)/.exec(search)?.[1];
    if (SEARCH_MODES.some((m) => m === asked)) this.retrieval = asked as SearchMode;
    if (/[?&]rerank=off\b/.test(search)) this.rerank = false;
  }

  /** Hits per leg and RRF k as the worker gets them: whole numbers in range. */
  fusion(): { perLeg: number; rrfK: number } {
    return {
      perLeg: clampInt(this.perLeg, 1, MAX_PER_LEG, DEFAULT_PER_LEG),
      rrfK: clampInt(this.rrfK, 0, MAX_RRF_K, RRF_K),
    };
  }

  /**
   * The result count as searches use it: a whole number in 1..50 (the field holds what was typed,
   * which may be 0, 500 or empty).
   */
  resultCount(): number {
    return clampInt(this.k, 1, MAX_RESULTS, DEFAULTS.k);
  }

  instruction(): string {
    return instructionText(this.preset, this.customInstruction);
  }

  /** Candidates to rerank: the backend's default unless set, at least k and at most 200. */
  candidateCount(backend: Backend): number {
    const k = this.resultCount();
    const auto = defaultCandidates(k, backend);
    const n = this.candidates === null ? auto : clampInt(this.candidates, 1, MAX_CANDIDATES, auto);
    return Math.min(MAX_CANDIDATES, Math.max(k, n));
  }

  /** Tokens per candidate: the backend's default unless set, within 64..2048. */
  tokenBudget(backend: Backend): number {
    const auto = defaultRerankTokens(backend);
    if (this.rerankTokens === null) return auto;
    return clampInt(this.rerankTokens, MIN_RERANK_TOKENS, MAX_RERANK_TOKENS, auto);
  }

  /** How long the reranker may sit idle before it is unloaded (0: it stays loaded). */
  idleMs(): number {
    return clampReal(this.idleMinutes, 0, MAX_IDLE_MINUTES, DEFAULTS.idleMinutes) * 60_000;
  }

  mode(): ScoreMode {
    return this.scoreMode === 'weighted'
      ? {
          kind: 'weighted',
          rerankWeight: clampReal(this.rerankWeight, 0, 1, DEFAULTS.rerankWeight),
        }
      : { kind: 'rerank' };
  }

  save(): void {
    const stored: StoredOptions = {
      retrieval: this.retrieval,
      perLeg: this.perLeg,
      rrfK: this.rrfK,
      k: this.k,
      rerank: this.rerank,
      candidates: this.candidates,
      rerankTokens: this.rerankTokens,
      preset: this.preset,
      customInstruction: this.customInstruction,
      scoreMode: this.scoreMode,
      rerankWeight: this.rerankWeight,
      idleMinutes: this.idleMinutes,
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  }
}
