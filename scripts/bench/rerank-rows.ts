// Timing loop shared by the rerank benchmark's runtimes (scripts/bench/rerank.ts, Node): picks
// repetitions from a first probe run, takes medians and collects printed notes.
import { median, type CaseTiming, type RerankCase } from './rerank-shared';

/** Printed after the tables: skipped runtimes, long runs, caveats. */
export const notes: string[] = [];

export interface Row {
  runtime: string;
  dtype: string;
  candidates: number;
  doc_tokens: number;
  pair_tokens: number;
  batched: boolean;
  /** One-pair passes started from the query's cached prefix (the warm-up check's verdict). */
  prefix_reuse: boolean;
  repeats: number;
  total_ms: number;
  per_candidate_ms: number;
  peak_mb: number;
}

type RunCase = (c: RerankCase) => Promise<{ timing: CaseTiming; peakMb: number }>;

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Times every case; the first one is the probe that decides repetitions for the rest. */
export async function runCases(
  runtime: string,
  dtype: string,
  mode: { batched: boolean; prefixReuse: boolean },
  cases: readonly RerankCase[],
  run: RunCase,
): Promise<Row[]> {
  const rows: Row[] = [];
  let msPerToken: number | null = null;
  for (const c of cases) {
    const tokens = c.candidates * c.maxTokens;
    const estimate = msPerToken === null ? 0 : msPerToken * tokens;
    const repeats = estimate < 4_000 ? 3 : estimate < 20_000 ? 2 : 1;
    if (estimate > 60_000) {
      notes.push(
        `${runtime} ${c.candidates}×${c.docTokens}: ≈ ${round(estimate / 1000, 0)} s, one run`,
      );
    }
    const out = await run({ ...c, repeats: msPerToken === null ? 1 : repeats });
    let runs = out.timing.runs_ms;
    let peak = out.peakMb;
    msPerToken = median(runs) / tokens;
    if (runs.length === 1 && runs[0]! < 10_000) {
      // The probe was cheap: repeat it so the smallest case gets a median too.
      const again = await run({ ...c, repeats: 2 });
      runs = [...runs, ...again.timing.runs_ms];
      peak = Math.max(peak, again.peakMb);
    }
    const total = median(runs);
    const row: Row = {
      runtime,
      dtype,
      candidates: c.candidates,
      doc_tokens: c.docTokens,
      pair_tokens: round(out.timing.pair_tokens),
      batched: mode.batched,
      prefix_reuse: mode.prefixReuse,
      repeats: runs.length,
      total_ms: Math.round(total),
      per_candidate_ms: round(total / c.candidates),
      peak_mb: Math.round(peak),
    };
    console.log(
      `  ${runtime} ${c.candidates}×${c.docTokens}: ${row.total_ms} ms (${row.per_candidate_ms} ms/candidate, ×${row.repeats}), peak ${row.peak_mb} MB`,
    );
    rows.push(row);
  }
  return rows;
}
