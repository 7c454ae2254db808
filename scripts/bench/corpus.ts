// Deterministic English-like documents for benchmarks: topic words mixed with common words.

const COMMON =
  'the of and to in is that it for as with was on by be this are from at or an which have has not but can all were their more'.split(
    ' ',
  );
const TOPICS = [
  'volcano magma lava eruption crater ash basalt seismic caldera tephra',
  'yeast dough flour starter gluten oven loaf proof knead crust',
  'rocket orbit satellite booster launch payload thrust fairing stage propellant',
  'protein enzyme cell membrane receptor gene mutation pathway ribosome antibody',
  'court contract liability statute plaintiff appeal verdict clause tenant arbitration',
  'compiler parser syntax runtime function closure pointer thread memory cache',
].map((t) => t.split(' '));

/** A seeded linear congruential generator: the same seed gives the same documents. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** A document of about `words` words in `paragraphs` paragraphs, mostly about one topic. */
export function syntheticDocument(index: number, words = 400, paragraphs = 4): string {
  const next = rng(index + 1);
  const topic = TOPICS[index % TOPICS.length]!;
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    let count = 0;
    while (count < words / paragraphs) {
      const len = 8 + Math.floor(next() * 12);
      const sentence = Array.from({ length: len }, () => {
        const pool = next() < 0.35 ? topic : COMMON;
        return pool[Math.floor(next() * pool.length)]!;
      }).join(' ');
      sentences.push(sentence[0]!.toUpperCase() + sentence.slice(1) + '.');
      count += len;
    }
    out.push(sentences.join(' '));
  }
  return out.join('\n\n');
}
