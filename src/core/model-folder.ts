// Which model repositories a folder the user picked holds, under which model ids, and which of
// their files transformers.js needs. Pure: works on relative paths only.

/** A repository found in the folder: its model id and the files to keep (repo-relative). */
export interface FolderRepo {
  modelId: string;
  /** The repository's folder, relative to what the user picked (`''` for the picked folder). */
  root: string;
  files: Array<{ path: string; name: string }>;
}

export interface FolderPlan {
  repos: FolderRepo[];
  /** Paths left out: hidden files, weights in formats the browser cannot run, unrelated files. */
  ignored: string[];
}

const KEPT_TOP_LEVEL = /\.(json|txt|model|jinja)$/i;
const KEPT_ONNX = /\.(onnx|onnx_data|onnx_data_\d+)$/i;

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * The model id a repository folder stands for. A folder named like a known model's repository
 * (`Qwen3-Embedding-0.6B-ONNX`) takes that id, so a `huggingface-cli download --local-dir` copy
 * works; otherwise `<parent>/<name>` as on the hub (a mirror's layout), or `local/<name>`.
 */
export function modelIdFor(root: string, pickedName: string, knownIds: readonly string[]): string {
  const parts = segments(root);
  const name = parts.at(-1) ?? pickedName;
  const known = knownIds.find((id) => id.split('/').at(-1)?.toLowerCase() === name.toLowerCase());
  if (known) return known;
  const parent = parts.at(-2);
  return parent ? `${parent}/${name}` : `local/${name}`;
}

/**
 * Finds every folder holding a `config.json` (a repository) among `paths` (as a folder picker
 * gives them: `picked/sub/file`, `/`-separated) and the files of each worth storing.
 */
export function planModelFolder(paths: readonly string[], knownIds: readonly string[]): FolderPlan {
  const split = paths.map((path) => ({ path, parts: segments(path) }));
  const picked = split[0]?.parts[0] ?? '';
  // Folder-picker paths start with the picked folder's name; drop it so roots are relative.
  const inside = split.map(({ path, parts }) => ({ path, parts: parts.slice(1) }));
  const roots = inside
    .filter(({ parts }) => parts.at(-1) === 'config.json' && !parts.some(isHidden))
    .map(({ parts }) => parts.slice(0, -1).join('/'))
    // The deepest root first, so nested repositories claim their own files.
    .sort((a, b) => segments(b).length - segments(a).length);

  const repos = new Map<string, FolderRepo>();
  const ignored: string[] = [];
  for (const { path, parts } of inside) {
    const root = roots.find((r) => r === '' || parts.join('/').startsWith(`${r}/`));
    const rel = root === undefined ? [] : parts.slice(segments(root).length);
    if (root === undefined || !keep(rel)) {
      ignored.push(path);
      continue;
    }
    let repo = repos.get(root);
    if (!repo) {
      repo = { modelId: modelIdFor(root, picked, knownIds), root, files: [] };
      repos.set(root, repo);
    }
    repo.files.push({ path, name: rel.join('/') });
  }
  return { repos: [...repos.values()], ignored };
}

function isHidden(segment: string): boolean {
  return segment.startsWith('.');
}

/** Config and tokenizer files at the top, ONNX graphs and their external data under `onnx/`. */
function keep(rel: string[]): boolean {
  if (rel.length === 0 || rel.some(isHidden)) return false;
  if (rel.length === 1) return KEPT_TOP_LEVEL.test(rel[0]!);
  return rel.length === 2 && rel[0] === 'onnx' && KEPT_ONNX.test(rel[1]!);
}
