// Files from a drop or a file picker, with their paths inside dropped or picked folders (main
// thread, DOM). Walks folders recursively and leaves out hidden files and system clutter, saying
// what was left out so the user is not left guessing.

export interface CollectedFile {
  file: File;
  /** '/'-separated path from the dropped or picked folder's parent, e.g. "notes/2024/a.md"; just
   *  the name for a loose file. */
  path: string;
}

import type { SkippedEntry } from '../state/library.svelte';

export type { SkippedEntry };

export interface Collected {
  files: CollectedFile[];
  skipped: SkippedEntry[];
}

/** Names left out wherever they appear (compared in lower case: Windows ignores case). */
const JUNK: ReadonlyMap<string, string> = new Map([
  ['thumbs.db', 'Windows thumbnail cache'],
  ['desktop.ini', 'Windows folder settings'],
  ['__macosx', 'macOS archive metadata'],
  ['node_modules', 'installed packages'],
  ['.git', 'version-control data'],
]);

/** Why a file or folder called `name` is left out, or undefined to keep it. */
export function skipReason(name: string, isDirectory: boolean): string | undefined {
  const junk = JUNK.get(name.toLowerCase());
  if (junk) return junk;
  if (name.startsWith('.')) return isDirectory ? 'hidden folder' : 'hidden file';
  return undefined;
}

/** Joins path segments with '/', ignoring empty ones (a root, a leading or doubled slash). */
export function joinPath(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/');
}

/**
 * Files from an <input type=file>, with or without `webkitdirectory`: uses each file's
 * `webkitRelativePath` when set. A file under a skipped folder is reported once, as the folder.
 */
/** Whether anything came of a drop or pick (files to index, or entries to report as skipped). */
export const hasEntries = (collected: Collected): boolean =>
  collected.files.length > 0 || collected.skipped.length > 0;

export function collectPicked(files: FileList | readonly File[]): Collected {
  const out: Collected = { files: [], skipped: [] };
  const skippedFolders = new Set<string>();
  for (const file of Array.from(files)) {
    const relative = (file as Partial<File>).webkitRelativePath;
    const segments = (relative ? joinPath(relative) : file.name).split('/');
    const path = segments.join('/');
    const blocked = segments.findIndex((name, i) => skipReason(name, i < segments.length - 1));
    if (blocked < 0) {
      out.files.push({ file, path });
      continue;
    }
    const name = segments[blocked] ?? '';
    const isDirectory = blocked < segments.length - 1;
    const where = segments.slice(0, blocked + 1).join('/');
    if (isDirectory && skippedFolders.has(where)) continue;
    if (isDirectory) skippedFolders.add(where);
    out.skipped.push({ path: where, reason: skipReason(name, isDirectory) ?? '' });
  }
  return out;
}

/** What a drop carried, captured while the event is being handled. */
interface DroppedItem {
  entry: FileSystemEntry | null;
  file: File | null;
}

/**
 * Files from a drop: walks dropped folders recursively and applies the same rules as
 * `collectPicked`. Falls back to `dataTransfer.files` where entries are not supported.
 */
export async function collectDropped(dataTransfer: DataTransfer): Promise<Collected> {
  // Everything is read from the DataTransfer before the first await (this part runs while the
  // drop event is dispatched): the browser empties its item list as soon as the handler returns.
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  const first = items[0];
  if (!first || typeof first.webkitGetAsEntry !== 'function') {
    return collectPicked(Array.from(dataTransfer.files ?? []));
  }
  const dropped: DroppedItem[] = items.map((item) => ({
    entry: item.webkitGetAsEntry(),
    file: item.getAsFile(),
  }));
  return collectEntries(dropped);
}

async function collectEntries(dropped: DroppedItem[]): Promise<Collected> {
  const out: Collected = { files: [], skipped: [] };
  for (const { entry, file } of dropped) {
    if (entry) await walkEntry(entry, '', out);
    else if (file) {
      // An item without an entry (some drag sources) is still a loose file.
      const picked = collectPicked([file]);
      out.files.push(...picked.files);
      out.skipped.push(...picked.skipped);
    }
  }
  return out;
}

/** Adds the files under `entry` (a file or a folder) to `out`, in the order the browser lists them. */
export async function walkEntry(entry: FileSystemEntry, parent: string, out: Collected) {
  const path = joinPath(parent, entry.name);
  const reason = skipReason(entry.name, entry.isDirectory);
  if (reason) {
    out.skipped.push({ path, reason });
    return;
  }
  if (entry.isFile) {
    try {
      out.files.push({ file: await fileOf(entry as FileSystemFileEntry), path });
    } catch (error) {
      out.skipped.push({ path, reason: `could not be read (${messageOf(error)})` });
    }
    return;
  }
  if (!entry.isDirectory) return;
  let children: FileSystemEntry[];
  try {
    children = await readAll((entry as FileSystemDirectoryEntry).createReader());
  } catch (error) {
    out.skipped.push({ path, reason: `folder could not be read (${messageOf(error)})` });
    return;
  }
  for (const child of children) await walkEntry(child, path, out);
}

/** Every entry of a folder: readEntries returns them in batches (100 in Chromium) until empty. */
export async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
