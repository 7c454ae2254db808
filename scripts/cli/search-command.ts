// `sieve search <pack> "query"` (Node): opens a pack folder or .sievepack file, searches it with the
// app's stage 1 (keywords + meaning, fused) and, with --rerank, the app's stage 2 (the Qwen3
// cross-encoder over the candidates), and prints the ranked hits with their document paths.
import { errorMessage } from '../../src/core/errors';
import { OpenedPack } from '../../src/core/pack/pack-reader';
import { QWEN3_RERANKER_MODEL_ID } from '../../src/core/qwen3-reranker';
import { RRF_K } from '../../src/core/fusion';
import {
  defaultCandidates,
  defaultRerankTokens,
  fuseScores,
  rerankedTop,
} from '../../src/core/two-stage';
import type { SearchHit, SearchMode } from '../../src/core/types/library';
import type { Dtype } from '../../src/core/types/models';
import { searchStage1, type QueryEmbedder } from '../../src/engine/library/hybrid-search';
import { PackLibrary } from '../../src/engine/pack/pack-library';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import * as models from '../node-models';
import { packSourceAt } from './folder-source';

export interface SearchOptions {
  pack: string;
  query: string;
  models?: string;
  k: number;
  mode: SearchMode;
  rerank: boolean;
  rerankDtype?: Dtype;
  /** Stage-1 candidates the reranker reads (default: the app's count for a CPU backend). */
  candidates?: number;
  instruction?: string;
}

/** Hits each leg gives the fusion: the app's default (src/state/search-options). */
const PER_LEG = 100;
const SNIPPET_CHARS = 100;

/** One line of a hit's text: whitespace collapsed, cut at about SNIPPET_CHARS. */
export function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SNIPPET_CHARS ? line : `${line.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}

/** The embedder the pack's vectors were made with; an error that says what is missing. */
async function packEmbedder(pack: OpenedPack, source: models.NodeModels): Promise<Qwen3Embedder> {
  const { modelId, dtype, dimension, fullDimension } = pack.manifest.embedding;
  const where = models.describeModels(source);
  await models.requireModels(source, [modelId]).catch((error: unknown) => {
    throw new Error(
      `The pack was embedded with ${modelId} (${dtype}), which ${where} lacks: ${errorMessage(error)}`,
    );
  });
  await models.pickDtype(source, modelId, dtype as Dtype, [dtype as Dtype]);
  const embedder = await Qwen3Embedder.load({
    modelId,
    device: 'cpu',
    dtype: dtype as Dtype,
    dimension,
  });
  if (fullDimension !== undefined && embedder.hiddenSize !== fullDimension) {
    await embedder.dispose();
    throw new Error(
      `${modelId} in ${where} has ${embedder.hiddenSize} dimensions; the pack was made with one of ${fullDimension} (another model of that name?).`,
    );
  }
  return embedder;
}

interface Row {
  hit: SearchHit;
  score: number;
  rerank?: number;
  firstStageRank: number;
}

/** The reranked top k: the app's stage 2 (P(yes) per candidate, ranked by it). */
async function reranked(
  hits: readonly SearchHit[],
  options: SearchOptions,
  instruction: string,
  source: models.NodeModels,
): Promise<Row[]> {
  const modelId = QWEN3_RERANKER_MODEL_ID;
  await models.requireModels(source, [modelId]);
  const { dtype } = await models.pickDtype(
    source,
    modelId,
    options.rerankDtype,
    models.RERANKER_DTYPES,
  );
  const reranker = await Qwen3Reranker.load({ modelId, device: 'cpu', dtype });
  try {
    await reranker.calibrateBatching();
    const scores = Array.from(
      await reranker.score(
        options.query,
        hits.map((h) => h.text),
        instruction,
        // Node's CPU backend is not the browser's one WASM thread: the WebGPU budget fits.
        defaultRerankTokens('webgpu'),
      ),
    );
    const final = fuseScores(
      hits.map((h) => h.score),
      scores,
      { kind: 'rerank' },
    );
    return rerankedTop(final, options.k).map(({ candidate, score }) => ({
      hit: hits[candidate]!,
      score: hits[candidate]!.score,
      rerank: score,
      firstStageRank: candidate,
    }));
  } finally {
    await reranker.dispose();
  }
}

export async function runSearch(options: SearchOptions): Promise<void> {
  const pack = await OpenedPack.open(await packSourceAt(options.pack));
  const library = await PackLibrary.create(pack, pack.vectors.exact ? 'flat-f32' : 'flat-int8');
  const instruction = options.instruction ?? pack.manifest.embedding.instruction;
  const source = models.nodeModelsOf(options.models);
  let embedder: Qwen3Embedder | undefined;
  let queryEmbedder: QueryEmbedder = { unavailable: 'keywords only were asked for' };
  if (options.mode !== 'keywords') {
    models.useModels(source);
    embedder = await packEmbedder(pack, source);
    const e = embedder;
    queryEmbedder = { embed: () => e.embedQuery(options.query, instruction) };
  } else if (options.rerank) {
    models.useModels(source);
  }
  try {
    const candidates = options.rerank
      ? Math.max(options.k, options.candidates ?? defaultCandidates(options.k, 'wasm'))
      : options.k;
    const response = await searchStage1(
      library,
      {
        query: options.query,
        k: candidates,
        mode: options.mode,
        perLeg: PER_LEG,
        rrfK: RRF_K,
        instruction,
      },
      queryEmbedder,
    );
    if (response.notice) console.error(response.notice);
    const rows: Row[] =
      options.rerank && response.hits.length > 0
        ? await reranked(response.hits, options, instruction, source)
        : response.hits
            .slice(0, options.k)
            .map((hit, i) => ({ hit, score: hit.score, firstStageRank: i }));
    printHits(rows, pack, options, response.legs);
  } finally {
    await embedder?.dispose();
  }
}

function printHits(
  rows: readonly Row[],
  pack: OpenedPack,
  options: SearchOptions,
  legs: readonly string[],
) {
  const m = pack.manifest;
  console.log(
    `${m.title}: ${m.documents.toLocaleString('en-US')} documents, ${m.chunks.toLocaleString('en-US')} chunks; ` +
      `${legs.join(' + ') || 'no legs'}${options.rerank ? ' + rerank' : ''}`,
  );
  if (rows.length === 0) {
    console.log('No results.');
    return;
  }
  for (const [i, row] of rows.entries()) {
    const scores =
      row.rerank !== undefined
        ? `rerank ${row.rerank.toFixed(3)} (stage 1 #${row.firstStageRank + 1}, ${row.score.toFixed(4)})`
        : row.score.toFixed(4);
    const location = row.hit.location ? ` · ${row.hit.location}` : '';
    console.log(`${String(i + 1).padStart(2)}. ${scores}  ${row.hit.docPath}${location}`);
    console.log(`    ${snippet(row.hit.text)}`);
  }
}
