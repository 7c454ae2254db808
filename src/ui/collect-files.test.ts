import { describe, expect, it } from 'vitest';
import {
  collectDropped,
  collectPicked,
  joinPath,
  readAll,
  skipReason,
  walkEntry,
  type Collected,
} from './collect-files';

// Small stand-ins for the browser's FileSystemEntry objects: plain objects with the same shape.
// Callbacks fire on a later task, as the browser's do.
const later = (fn: () => void) => setTimeout(fn, 0);

function fileEntry(name: string, opts: { fail?: boolean } = {}): FileSystemEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file(ok: (file: File) => void, fail: (error: Error) => void) {
      later(() => (opts.fail ? fail(new Error('NotReadableError')) : ok(new File([name], name))));
    },
  } as unknown as FileSystemEntry;
}

/** A folder whose reader hands out `batch` entries per readEntries call, then an empty batch. */
function dirEntry(
  name: string,
  children: FileSystemEntry[],
  opts: { batch?: number; calls?: { n: number }; fail?: boolean } = {},
): FileSystemEntry {
  const batch = opts.batch ?? 2;
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (entries: FileSystemEntry[]) => void, fail: (error: Error) => void) {
          if (opts.calls) opts.calls.n++;
          later(() => {
            if (opts.fail) return fail(new Error('NotFoundError'));
            ok(children.slice(at, at + batch));
            at += batch;
          });
        },
      };
    },
  } as unknown as FileSystemEntry;
}

const paths = (c: Collected) => c.files.map((f) => f.path);

describe('skip rules', () => {
  it('skips hidden names and common clutter, case-insensitively for Windows files', () => {
    expect(skipReason('.DS_Store', false)).toBe('hidden file');
    expect(skipReason('.obsidian', true)).toBe('hidden folder');
    expect(skipReason('.git', true)).toBe('version-control data');
    expect(skipReason('node_modules', true)).toBe('installed packages');
    expect(skipReason('__MACOSX', true)).toBe('macOS archive metadata');
    expect(skipReason('Thumbs.db', false)).toBe('Windows thumbnail cache');
    expect(skipReason('THUMBS.DB', false)).toBe('Windows thumbnail cache');
    expect(skipReason('desktop.ini', false)).toBe('Windows folder settings');
    expect(skipReason('notes.md', false)).toBeUndefined();
    expect(skipReason('a.b.c', true)).toBeUndefined();
  });

  it('joins paths with single slashes', () => {
    expect(joinPath('', 'a.md')).toBe('a.md');
    expect(joinPath('notes', '2024', 'a.md')).toBe('notes/2024/a.md');
    expect(joinPath('/notes/', '/a.md')).toBe('notes/a.md');
    expect(joinPath('notes//2024')).toBe('notes/2024');
  });
});

describe('walking dropped folders', () => {
  it('calls readEntries until it returns an empty batch', async () => {
    const calls = { n: 0 };
    const names = Array.from({ length: 7 }, (_, i) => `f${i}.txt`);
    const dir = dirEntry(
      'many',
      names.map((n) => fileEntry(n)),
      { batch: 3, calls },
    );
    const reader = (dir as FileSystemDirectoryEntry).createReader();
    const entries = await readAll(reader);
    expect(entries.map((e) => e.name)).toEqual(names);
    expect(calls.n).toBe(4); // 3 + 3 + 1, then the empty batch
  });

  it('collects nested files with paths from the dropped folder and skips clutter once', async () => {
    const tree = dirEntry('notes', [
      fileEntry('a.md'),
      dirEntry('2024', [fileEntry('b.md'), fileEntry('.hidden.md'), fileEntry('Thumbs.db')]),
      dirEntry('.git', [fileEntry('config'), fileEntry('HEAD')]),
      dirEntry('node_modules', [dirEntry('pkg', [fileEntry('index.js')])]),
      dirEntry('empty', []),
      fileEntry('c.txt'),
    ]);
    const out: Collected = { files: [], skipped: [] };
    await walkEntry(tree, '', out);
    expect(paths(out)).toEqual(['notes/a.md', 'notes/2024/b.md', 'notes/c.txt']);
    expect(out.files[1]!.file.name).toBe('b.md');
    expect(out.skipped).toEqual([
      { path: 'notes/2024/.hidden.md', reason: 'hidden file' },
      { path: 'notes/2024/Thumbs.db', reason: 'Windows thumbnail cache' },
      { path: 'notes/.git', reason: 'version-control data' },
      { path: 'notes/node_modules', reason: 'installed packages' },
    ]);
  });

  it('reports unreadable files and folders instead of failing the drop', async () => {
    const tree = dirEntry('docs', [
      fileEntry('ok.md'),
      fileEntry('gone.md', { fail: true }),
      dirEntry('locked', [fileEntry('x.md')], { fail: true }),
    ]);
    const out: Collected = { files: [], skipped: [] };
    await walkEntry(tree, '', out);
    expect(paths(out)).toEqual(['docs/ok.md']);
    expect(out.skipped).toEqual([
      { path: 'docs/gone.md', reason: 'could not be read (NotReadableError)' },
      { path: 'docs/locked', reason: 'folder could not be read (NotFoundError)' },
    ]);
  });
});

describe('collectDropped', () => {
  /** A DataTransfer whose item list is emptied once the drop handler returns, as browsers do. */
  function fakeDrop(entries: (FileSystemEntry | null)[], loose: File[] = []) {
    const items = entries.map((entry, i) => ({
      kind: 'file',
      webkitGetAsEntry: () => entry,
      getAsFile: () => loose[i] ?? null,
    }));
    items.push({ kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null });
    return { dataTransfer: { items, files: loose } as unknown as DataTransfer, items };
  }

  it('reads every entry before the first await', async () => {
    const { dataTransfer, items } = fakeDrop([
      fileEntry('loose.md'),
      dirEntry('folder', [fileEntry('a.md'), dirEntry('sub', [fileEntry('b.md')])], { batch: 1 }),
      fileEntry('.env'),
    ]);
    const pending = collectDropped(dataTransfer);
    items.length = 0; // the browser clears the list when the event handler returns
    const out = await pending;
    expect(paths(out)).toEqual(['loose.md', 'folder/a.md', 'folder/sub/b.md']);
    expect(out.skipped).toEqual([{ path: '.env', reason: 'hidden file' }]);
  });

  it('keeps an item that has a file but no entry', async () => {
    const file = new File(['x'], 'from-app.txt');
    const { dataTransfer } = fakeDrop([null], [file]);
    const out = await collectDropped(dataTransfer);
    expect(out.files).toEqual([{ file, path: 'from-app.txt' }]);
  });

  it('falls back to dataTransfer.files without webkitGetAsEntry', async () => {
    const files = [new File(['a'], 'a.md'), new File(['b'], 'desktop.ini')];
    const dataTransfer = {
      items: files.map((f) => ({ kind: 'file', getAsFile: () => f })),
      files,
    } as unknown as DataTransfer;
    const out = await collectDropped(dataTransfer);
    expect(paths(out)).toEqual(['a.md']);
    expect(out.skipped).toEqual([{ path: 'desktop.ini', reason: 'Windows folder settings' }]);
  });
});

describe('collectPicked', () => {
  const picked = (relative: string) => {
    const file = new File(['x'], relative.split('/').pop()!);
    Object.defineProperty(file, 'webkitRelativePath', { value: relative });
    return file;
  };

  it('uses webkitRelativePath and reports each skipped folder once', () => {
    const out = collectPicked([
      picked('notes/a.md'),
      picked('notes/2024/b.md'),
      picked('notes/.git/config'),
      picked('notes/.git/objects/ab/cd'),
      picked('notes/2024/.DS_Store'),
      picked('notes/node_modules/x/readme.md'),
    ]);
    expect(paths(out)).toEqual(['notes/a.md', 'notes/2024/b.md']);
    expect(out.skipped).toEqual([
      { path: 'notes/.git', reason: 'version-control data' },
      { path: 'notes/2024/.DS_Store', reason: 'hidden file' },
      { path: 'notes/node_modules', reason: 'installed packages' },
    ]);
  });

  it('uses the name for files picked without a folder', () => {
    const plain = new File(['x'], 'plain.txt');
    const out = collectPicked([plain, new File(['y'], '.hidden')]);
    expect(out.files).toEqual([{ file: plain, path: 'plain.txt' }]);
    expect(out.skipped).toEqual([{ path: '.hidden', reason: 'hidden file' }]);
  });
});
