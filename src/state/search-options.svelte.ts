// Search options: result count, reranking on/off, candidate count and token budget (automatic
// per backend unless set), task instruction, score mode and the reranker's idle unload time.
// Persisted in localStorage; `?rerank=off` turns reranking off for one session.

import { instructionText, type InstructionPreset } from '../core/instructions';
import type { Backend } from '../core/types/models';
import {
  defaultCandidates,
  defaultRerankTokens,
  MAX_CANDIDATES,
  type ScoreMode,
} from '../core/two-stage';

const STORAGE_KEY = 'sieve:search-options';

interface StoredOptions {
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

export class SearchOptions {
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
    if (/[?&]rerank=off\b/.test(search)) this.rerank = false;
  }

  instruction(): string {
    return instructionText(this.preset, this.customInstruction);
  }

  candidateCount(backend: Backend): number {
    const n = this.candidates ?? defaultCandidates(this.k, backend);
    return Math.min(MAX_CANDIDATES, Math.max(this.k, n));
  }

  tokenBudget(backend: Backend): number {
    return this.rerankTokens ?? defaultRerankTokens(backend);
  }

  mode(): ScoreMode {
    return this.scoreMode === 'weighted'
      ? { kind: 'weighted', rerankWeight: this.rerankWeight }
      : { kind: 'rerank' };
  }

  save(): void {
    const stored: StoredOptions = {
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
