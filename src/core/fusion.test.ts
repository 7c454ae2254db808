import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from './fusion';

interface Hit {
  id: string;
  from: string;
}

const hits = (from: string, ids: string) => ids.split(' ').map((id) => ({ id, from }));
const byId = (hit: Hit) => hit.id;

describe('reciprocalRankFusion', () => {
  it('sums 1 / (60 + rank) over the legs that found an item', () => {
    const fused = reciprocalRankFusion(
      [
        { name: 'keyword', items: hits('keyword', 'a b c') },
        { name: 'vector', items: hits('vector', 'c d a') },
      ],
      byId,
    );
    expect(RRF_K).toBe(60);
    expect(fused.map((e) => e.key)).toEqual(['a', 'c', 'b', 'd']);
    const [a, c, b, d] = fused;
    expect(a!.score).toBeCloseTo(1 / 61 + 1 / 63, 15);
    expect(c!.score).toBeCloseTo(1 / 63 + 1 / 61, 15);
    expect(b!.score).toBeCloseTo(1 / 62, 15);
    expect(d!.score).toBeCloseTo(1 / 62, 15);
    expect(a!.ranks).toEqual({ keyword: 1, vector: 3 });
    expect(c!.ranks).toEqual({ keyword: 3, vector: 1 });
    // Found by one leg only: it has no rank in the other.
    expect(d!.ranks).toEqual({ vector: 2 });
  });

  it('keeps the item of the first leg that found the key', () => {
    const fused = reciprocalRankFusion(
      [
        { name: 'keyword', items: hits('keyword', 'x') },
        { name: 'vector', items: hits('vector', 'y x') },
      ],
      byId,
    );
    expect(fused.find((e) => e.key === 'x')!.item.from).toBe('keyword');
    expect(fused.find((e) => e.key === 'y')!.item.from).toBe('vector');
  });

  it('breaks equal scores by leg order when the best ranks are equal too', () => {
    // a is 1st in leg one only and b 1st in leg two only: same score, same best rank.
    const legs = [
      { name: 'one', items: hits('one', 'a') },
      { name: 'two', items: hits('two', 'b') },
    ];
    expect(reciprocalRankFusion(legs, byId).map((e) => e.key)).toEqual(['a', 'b']);
    const swapped = [legs[1]!, legs[0]!];
    expect(reciprocalRankFusion(swapped, byId).map((e) => e.key)).toEqual(['b', 'a']);

    // p has ranks 1, 7, 2 and q ranks 7, 2, 1. Summed in leg order these differ in the last
    // bit (q ahead); summed in rank order they tie, and p, 1st in the earlier leg, wins.
    const three = reciprocalRankFusion(
      [
        { name: 'l1', items: hits('l1', 'p a b c d e q') },
        { name: 'l2', items: hits('l2', 'f q g h i j p') },
        { name: 'l3', items: hits('l3', 'q p') },
      ],
      byId,
    );
    const [first, second] = three;
    expect([first!.key, second!.key]).toEqual(['p', 'q']);
    expect(first!.score).toBe(second!.score);
    expect(first!.score).toBeCloseTo(1 / 61 + 1 / 62 + 1 / 67, 15);
  });

  it('breaks equal scores by the best rank in any leg first', () => {
    // k = 0: u = 1/1 + 1/3, v = 1/2 + 1/2 = 1, w = 1/1 = 1. v and w tie; w was 1st somewhere.
    const fused = reciprocalRankFusion(
      [
        { name: 'l1', items: hits('l1', 'u v') },
        { name: 'l2', items: hits('l2', 'w v u') },
      ],
      byId,
      0,
    );
    expect(fused.map((e) => e.key)).toEqual(['u', 'w', 'v']);
    expect(fused.map((e) => e.score)).toEqual([1 + 1 / 3, 1, 1]);
  });

  it('lets k change how much the top ranks dominate', () => {
    // a: rank 1 in one leg; b: rank 3 in both. k = 0: 1 > 1/3 + 1/3. k = 60: 1/61 < 2/63.
    const legs = [
      { name: 'one', items: hits('one', 'a x b') },
      { name: 'two', items: hits('two', 'y z b') },
    ];
    expect(reciprocalRankFusion(legs, byId, 0)[0]!.key).toBe('a');
    expect(reciprocalRankFusion(legs, byId, 0)[0]!.score).toBe(1);
    expect(reciprocalRankFusion(legs, byId)[0]!.key).toBe('b');
    expect(reciprocalRankFusion(legs, byId)[0]!.score).toBeCloseTo(2 / 63, 15);
    expect(() => reciprocalRankFusion(legs, byId, -1)).toThrow(RangeError);
  });

  it('handles empty legs, no legs, and a key repeated within a leg', () => {
    expect(reciprocalRankFusion([], byId)).toEqual([]);
    expect(reciprocalRankFusion([{ name: 'empty', items: [] as Hit[] }], byId)).toEqual([]);
    const fused = reciprocalRankFusion(
      [
        { name: 'empty', items: [] },
        { name: 'dup', items: hits('dup', 'a b a') },
      ],
      byId,
    );
    expect(fused).toEqual([
      { key: 'a', item: { id: 'a', from: 'dup' }, score: 1 / 61, ranks: { dup: 1 } },
      { key: 'b', item: { id: 'b', from: 'dup' }, score: 1 / 62, ranks: { dup: 2 } },
    ]);
    expect(() =>
      reciprocalRankFusion(
        [
          { name: 'same', items: [] },
          { name: 'same', items: [] },
        ],
        byId,
      ),
    ).toThrow('distinct names');
  });
});
