// Streams a file's text in pieces, counting the bytes read (page): a large BEIR corpus never sits in
// one string, and its reading can show progress and be cancelled between pieces.

/** The text of a file, streamed (a large corpus never sits in one string), counting bytes read. */
export async function* fileText(
  file: Blob,
  onBytes: (bytes: number) => void,
): AsyncGenerator<string> {
  let bytes = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const reader = counted.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      onBytes(bytes);
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}
