// Which rows of the keyword index belong to which document (pure): a document's chunks are
// consecutive rows; removing it marks them dead until `compact` renumbers the live rows densely.
// Also each row's indexed length and the corpus' total length, for BM25's length normalisation.

interface DocSlot {
  id: string;
  firstRow: number;
  chunks: number;
}

export class DocumentRows {
  /** Row → slot of its document, or -1 once removed (read directly by the scoring loop). */
  slotOf = new Int32Array(16);
  /** Row → indexed terms in it. */
  lengthOf: Uint32Array<ArrayBufferLike> = new Uint32Array(16);
  /** Rows used, live or dead. */
  count = 0;
  live = 0;
  totalLength = 0;
  #slots: Array<DocSlot | undefined> = [];
  readonly #slotById = new Map<string, number>();

  /** Rows in `slots` order, each slot's chunks (a snapshot's layout), all live. */
  static restore(docIds: readonly string[], docChunks: Uint32Array, lengths: Uint32Array) {
    const rows = new DocumentRows();
    rows.lengthOf = lengths;
    rows.slotOf = new Int32Array(lengths.length);
    docIds.forEach((id, slot) => {
      const chunks = docChunks[slot]!;
      rows.slotOf.fill(slot, rows.count, rows.count + chunks);
      rows.#slots.push({ id, firstRow: rows.count, chunks });
      rows.#slotById.set(id, slot);
      rows.count += chunks;
    });
    rows.live = rows.count;
    for (const length of lengths) rows.totalLength += length;
    return rows;
  }

  get averageLength(): number {
    return this.live === 0 ? 0 : this.totalLength / this.live;
  }

  get slotCount(): number {
    return this.#slots.length;
  }

  has(docId: string): boolean {
    return this.#slotById.has(docId);
  }

  /** Appends a document's rows (one per chunk, with its length); returns the first. */
  append(docId: string, lengths: Uint32Array): number {
    const firstRow = this.count;
    const chunks = lengths.length;
    const slot = this.#slots.length;
    this.reserve(firstRow + chunks);
    this.slotOf.fill(slot, firstRow, firstRow + chunks);
    this.lengthOf.set(lengths, firstRow);
    for (const length of lengths) this.totalLength += length;
    this.count += chunks;
    this.live += chunks;
    this.#slots.push({ id: docId, firstRow, chunks });
    this.#slotById.set(docId, slot);
    return firstRow;
  }

  /** Marks the document's rows dead; false when it has none. */
  remove(docId: string): boolean {
    const slotIndex = this.#slotById.get(docId);
    if (slotIndex === undefined) return false;
    const { firstRow, chunks } = this.#slots[slotIndex]!;
    for (let row = firstRow; row < firstRow + chunks; row++) {
      this.slotOf[row] = -1;
      this.totalLength -= this.lengthOf[row]!;
    }
    this.live -= chunks;
    this.#slots[slotIndex] = undefined;
    this.#slotById.delete(docId);
    return true;
  }

  /** The row of a document's chunk, or undefined when there is none. */
  rowOf(docId: string, chunk: number): number | undefined {
    const slot = this.#slotById.get(docId);
    if (slot === undefined) return undefined;
    const { firstRow, chunks } = this.#slots[slot]!;
    return chunk >= 0 && chunk < chunks ? firstRow + chunk : undefined;
  }

  /** The document and chunk of a live row. */
  chunkAt(row: number): { docId: string; chunk: number } {
    const slot = this.#slots[this.slotOf[row]!]!;
    return { docId: slot.id, chunk: row - slot.firstRow };
  }

  docIdOfSlot(slot: number): string {
    return this.#slots[slot]!.id;
  }

  /** Live documents in row order with their chunk counts. */
  documents(): Array<{ id: string; chunks: number }> {
    return this.#slots.flatMap((slot) => (slot ? [{ id: slot.id, chunks: slot.chunks }] : []));
  }

  reserve(rows: number): void {
    if (rows <= this.slotOf.length) return;
    const capacity = Math.max(rows, this.slotOf.length * 2);
    const slotOf = new Int32Array(capacity);
    slotOf.set(this.slotOf.subarray(0, this.count));
    this.slotOf = slotOf;
    const lengthOf = new Uint32Array(capacity);
    lengthOf.set(this.lengthOf.subarray(0, this.count));
    this.lengthOf = lengthOf;
  }

  /** Renumbers the live rows densely, in order; returns old row → new row (or -1 if dead). */
  compact(): Int32Array {
    const renumbered = new Int32Array(this.count).fill(-1);
    const slots: DocSlot[] = [];
    let next = 0;
    for (const slot of this.#slots) {
      if (!slot) continue;
      for (let chunk = 0; chunk < slot.chunks; chunk++) {
        renumbered[slot.firstRow + chunk] = next + chunk;
      }
      slots.push({ ...slot, firstRow: next });
      next += slot.chunks;
    }
    const lengthOf = new Uint32Array(Math.max(next, 16));
    const slotOf = new Int32Array(Math.max(next, 16));
    slots.forEach((slot, index) => slotOf.fill(index, slot.firstRow, slot.firstRow + slot.chunks));
    for (let row = 0; row < this.count; row++) {
      const to = renumbered[row]!;
      if (to >= 0) lengthOf[to] = this.lengthOf[row]!;
    }
    this.#slots = slots;
    this.#slotById.clear();
    slots.forEach((slot, index) => this.#slotById.set(slot.id, index));
    this.slotOf = slotOf;
    this.lengthOf = lengthOf;
    this.count = next;
    return renumbered;
  }
}
