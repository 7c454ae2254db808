// The `sieve` command (Node, started by bin/sieve.mjs through tsx, no build step): parses the
// arguments of `sieve pack` and `sieve search`, prints help, and turns any error into one line on
// stderr with exit code 1.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import { errorMessage } from '../../src/core/errors';
import { INSTRUCTION_PRESETS } from '../../src/core/instructions';
import { PACK_ARCHIVE_EXTENSION } from '../../src/core/pack/pack-archive';
import { SEARCH_MODES, type SearchMode } from '../../src/core/types/library';
import { DTYPES, type Dtype } from '../../src/core/types/models';
import { runPack } from './pack-command';
import { runSearch } from './search-command';

/** The app's default chunk size (EngineSettings.chunkTokens in src/state/settings.svelte.ts). */
const DEFAULT_CHUNK_TOKENS = 512;

const MODELS_HELP = `  --models <where>      fixtures (fixtures/models, made by \`npm run fixtures\`), a folder
                        holding <org>/<name>/ repositories as on the hub, a mirror URL laid
                        out the same way, or hub (the default: the Hugging Face hub)`;

const HELP = {
  main: `Usage: sieve <command> [options]

Commands:
  pack <folder> -o <dir>    build a Sieve pack from a folder's documents
  search <pack> "query"     search a pack folder or .sievepack file

Run \`sieve <command> --help\` for a command's options.`,
  pack: `Usage: sieve pack <folder> -o <dir> [options]

Reads every file under <folder> (hidden files and folders left out), extracts, chunks and embeds
it with the app's own code, and writes the pack's files into <dir>. Work is kept per file in
<dir>/${'.sieve-work'}: run the same command again after an interruption and it goes on from there.

  -o, --out <dir>       the pack folder to write (created if missing)
${MODELS_HELP}
  --dtype <d>           embedder weights: ${DTYPES.join(', ')} (default fp32 if present, else
                        q8, q4, fp16, q4f16)
  --dim <N>             Matryoshka dimension (default: the model's full size)
  --chunk <N>           tokens per chunk (default ${DEFAULT_CHUNK_TOKENS}, the app's; the model's limit applies too)
  --int8-only           leave out the float32 rows: about 4× smaller vectors
  --title <text>        the pack's title (default: the folder's name)
  --instruction <text>  the query instruction searches of this pack use (default: General)
  --archive <file>      also write the pack as one ${PACK_ARCHIVE_EXTENSION} file`,
  search: `Usage: sieve search <pack folder | file${PACK_ARCHIVE_EXTENSION}> "query" [options]

Searches the pack as the app does and prints the ranked hits: rank, score, document path,
location and a one-line snippet.

${MODELS_HELP}
                        (needs the pack's embedding model, and the reranker for --rerank)
  -k <N>                results to print (default 10)
  --mode <m>            ${SEARCH_MODES.join(' | ')} (default hybrid; keywords needs no model)
  --rerank              rerank the candidates with Qwen3-Reranker (the app's stage 2)
  --rerank-dtype <d>    reranker weights (default q8 if present, else q4)
  --candidates <N>      candidates the reranker reads (default max(2k, 10))
  --instruction <text>  query instruction (default: the pack's)`,
};

class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--${name} must be a positive integer, not "${raw}".`);
  }
  return value;
}

function dtypeOf(name: string, raw: string | undefined): Dtype | undefined {
  if (raw === undefined) return undefined;
  if (!(DTYPES as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${DTYPES.join(', ')}, not "${raw}".`);
  }
  return raw as Dtype;
}

function generator(): string {
  const url = new URL('../../package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return `sieve ${version} (node)`;
}

async function pack(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      models: { type: 'string' },
      dtype: { type: 'string' },
      dim: { type: 'string' },
      chunk: { type: 'string' },
      'int8-only': { type: 'boolean' },
      title: { type: 'string' },
      instruction: { type: 'string' },
      archive: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(HELP.pack);
  if (positionals.length !== 1) throw new UsageError('Name one folder to pack.');
  if (!values.out) throw new UsageError('Name the pack folder to write with -o <dir>.');
  await runPack({
    folder: positionals[0]!,
    out: values.out,
    models: values.models,
    dtype: dtypeOf('dtype', values.dtype),
    dimension: positiveInt('dim', values.dim),
    chunkTokens: positiveInt('chunk', values.chunk) ?? DEFAULT_CHUNK_TOKENS,
    overlapTokens: DEFAULT_OVERLAP_TOKENS,
    int8Only: values['int8-only'] ?? false,
    title: values.title,
    instruction: values.instruction?.trim() || INSTRUCTION_PRESETS.general.text,
    archive: values.archive,
    generator: generator(),
  });
}

async function search(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      models: { type: 'string' },
      k: { type: 'string', short: 'k' },
      mode: { type: 'string' },
      rerank: { type: 'boolean' },
      'rerank-dtype': { type: 'string' },
      candidates: { type: 'string' },
      instruction: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(HELP.search);
  if (positionals.length !== 2)
    throw new UsageError('Name a pack and a query: sieve search <pack> "query".');
  const mode = values.mode ?? 'hybrid';
  if (!(SEARCH_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode must be one of ${SEARCH_MODES.join(', ')}, not "${mode}".`);
  }
  await runSearch({
    pack: positionals[0]!,
    query: positionals[1]!,
    models: values.models,
    k: positiveInt('k', values.k) ?? 10,
    mode: mode as SearchMode,
    rerank: values.rerank ?? false,
    rerankDtype: dtypeOf('rerank-dtype', values['rerank-dtype']),
    candidates: positiveInt('candidates', values.candidates),
    instruction: values.instruction?.trim() || undefined,
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'pack') await pack(rest);
    else if (command === 'search') await search(rest);
    else if (
      command === undefined ||
      command === '--help' ||
      command === '-h' ||
      command === 'help'
    ) {
      console.log(HELP.main);
    } else throw new UsageError(`Unknown command "${command}": use pack or search.`);
    return 0;
  } catch (error) {
    const message = errorMessage(error);
    // parseArgs' own errors (an unknown option) are usage errors too.
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    console.error(`sieve: ${message}`);
    if (usage)
      console.error(
        `Run \`sieve ${command === 'pack' || command === 'search' ? `${command} ` : ''}--help\` for usage.`,
      );
    return 1;
  }
}
