// The files `sieve pack` reads from a folder (Node): every regular file under it in a stable
// order, leaving out hidden files and folders (dot-names: .git, .DS_Store…) and the pack's own
// output, which may lie inside the folder being packed.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface FolderFile {
  /** Absolute path on disk. */
  file: string;
  /** Path within the folder, '/'-separated. */
  path: string;
  size: number;
}

/** Files under `root`, sorted by path; `exclude` holds real paths left out with all they hold. */
export async function walkFolder(root: string, exclude: readonly string[]): Promise<FolderFile[]> {
  const realRoot = await realpath(root);
  const excluded = new Set(exclude);
  const seen = new Set<string>([realRoot]);
  const out: FolderFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      const real = await realpath(full).catch(() => undefined);
      // A dangling link, the output, or a folder met before (a link loop) is passed over.
      if (!real || excluded.has(real)) continue;
      const info = await stat(real);
      if (info.isDirectory()) {
        if (seen.has(real)) continue;
        seen.add(real);
        await visit(full);
      } else if (info.isFile()) {
        out.push({ file: full, path: relative(root, full).split(sep).join('/'), size: info.size });
      }
    }
  };
  await visit(root);
  // Code-point order, not locale order: the same pack on every machine.
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
