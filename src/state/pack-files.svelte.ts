// Sieve pack files on the main thread: exporting the active collection (the file is offered as a
// download) and importing a picked pack file as a new collection, with progress, the outcome, and
// on a vector-space mismatch the offer to import it again re-embedding its texts.

import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import { formatBytes } from '../core/format';
import type { PackImportResult, PackTransferProgress } from '../core/types/pack-transfer';
import type { LibraryState } from './library.svelte';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Checking the pack: 2.1 MB of 4 MB", "Reading documents: 3 of 10"… */
export function progressText(p: PackTransferProgress): string {
  const of = `${p.done} of ${p.total}`;
  switch (p.phase) {
    case 'reading':
      return `Reading documents: ${of}`;
    case 'building':
      return `Building the pack (${plural(p.total, 'chunk')})`;
    case 'archiving':
      return 'Writing the pack file';
    case 'checking':
      return `Checking the pack: ${formatBytes(p.done)} of ${formatBytes(p.total)}`;
    case 'preparing':
      return `Preparing documents: ${of}`;
    case 'saving':
      return `Saving ${plural(p.total, 'document')}`;
  }
}

/** Offers `bytes` as a download called `name` (the page's own link, clicked). */
function download(name: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export class PackFileState {
  /** What the running export or import is doing; null when none runs. */
  progress = $state.raw<{ action: 'export' | 'import'; text: string } | null>(null);
  /** The last export's or import's outcome. */
  done = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Why the picked pack does not fit this embedder; `reembed` imports it anyway. */
  mismatch = $state<string | null>(null);
  #mismatched: File | undefined;

  constructor(
    private readonly embedder: EmbedderClient,
    private readonly library: LibraryState,
    /** The search instruction the pack's queries are meant to use. */
    private readonly instruction: () => string,
  ) {}

  get busy(): boolean {
    return this.progress !== null;
  }

  #start(action: 'export' | 'import'): (p: PackTransferProgress) => void {
    this.progress = { action, text: action === 'export' ? 'Exporting…' : 'Importing…' };
    this.done = null;
    this.error = null;
    this.mismatch = null;
    return (p) => {
      if (this.progress) this.progress = { action, text: progressText(p) };
    };
  }

  /** Exports the active collection to `<name>.sievepack`, offered as a download. */
  async exportActive(): Promise<void> {
    if (this.busy) return;
    const onProgress = this.#start('export');
    try {
      const started = performance.now();
      const pack = await this.embedder.exportCollection(
        this.library.active,
        this.instruction(),
        onProgress,
      );
      download(pack.fileName, pack.bytes as Uint8Array<ArrayBuffer>);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.done = `Exported ${plural(pack.documents, 'document')} (${plural(pack.chunks, 'chunk')}, ${formatBytes(pack.bytes.length)}) to ${pack.fileName} in ${seconds} s.`;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.progress = null;
    }
  }

  /** Imports a picked pack file; with `reembed` one of another vector space, re-embedding it. */
  async importFile(file: File, reembed = false): Promise<void> {
    if (this.busy) return;
    const onProgress = this.#start('import');
    this.#mismatched = undefined;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      this.#report(
        file,
        await this.embedder.importPack(bytes, { reembed, fileName: file.name }, onProgress),
      );
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.progress = null;
    }
  }

  /** Imports the mismatched pack after all, its texts re-embedded with this browser's model. */
  async reembed(): Promise<void> {
    const file = this.#mismatched;
    if (file) await this.importFile(file, true);
  }

  dismiss(): void {
    this.done = null;
    this.error = null;
    this.mismatch = null;
    this.#mismatched = undefined;
  }

  #report(file: File, result: PackImportResult): void {
    if ('mismatch' in result) {
      this.mismatch = result.mismatch;
      this.#mismatched = file;
      return;
    }
    const { collection, documents, chunks, reembedding, modelLoaded } = result.imported;
    this.library.select(collection.id);
    const what = `Imported ${plural(documents, 'document')} (${plural(chunks, 'chunk')}) into “${collection.name}”`;
    if (!reembedding) this.done = `${what}: ready to search, nothing re-embedded.`;
    else if (modelLoaded) this.done = `${what}; re-embedding them with this browser’s model now.`;
    else {
      this.done = `${what}. Keyword search works now; they are embedded once the embedding model is loaded.`;
    }
  }
}
