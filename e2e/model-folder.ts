// A user's download of the two model repositories, for the local-folder model source.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const FIXTURES = 'fixtures/models/onnx-community';
const REPOS = {
  'Qwen3-Embedding-0.6B-ONNX': ['config.json', 'tokenizer.json', 'tokenizer_config.json'],
  'Qwen3-Reranker-0.6B-ONNX': [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'generation_config.json',
  ],
};

/**
 * A temporary folder with `my-models/<repo>/` (q8 weights only, plus a `.cache` lock file and a
 * README to leave out) and `empty/` (no model). The caller removes it.
 */
export function makeModelFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sieve-local-models-'));
  for (const [repo, files] of Object.entries(REPOS)) {
    for (const file of [...files, 'onnx/model_quantized.onnx']) {
      const target = join(folder, 'my-models', repo, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(FIXTURES, repo, file), target);
    }
    const lock = join(folder, 'my-models', repo, '.cache', 'huggingface', 'x.lock');
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, '');
    writeFileSync(join(folder, 'my-models', repo, 'README.md'), '# model card');
  }
  mkdirSync(join(folder, 'empty', 'nothing-here'), { recursive: true });
  writeFileSync(join(folder, 'empty', 'nothing-here', 'notes.txt'), 'not a model');
  return folder;
}
