import { describe, expect, it } from 'vitest';
import {
  formatRerankerBody,
  formatRerankerQueryPart,
  rerankerInputIds,
  sharedPrefixLength,
  yesProbability,
} from './qwen3-reranker';

const prompt = { prefix: [1, 2, 3], suffix: [8, 9] };

describe('rerankerInputIds', () => {
  it('keeps prefix and suffix whole and cuts only the end of the body', () => {
    const body = Array.from({ length: 20 }, (_, i) => 100 + i);
    expect(rerankerInputIds(prompt, body, 100)).toEqual([1, 2, 3, ...body, 8, 9]);
    const cut = rerankerInputIds(prompt, body, 10);
    expect(cut).toEqual([1, 2, 3, 100, 101, 102, 103, 104, 8, 9]);
    expect(() => rerankerInputIds(prompt, body, 5)).toThrow(RangeError);
  });
});

describe('yesProbability', () => {
  it('is the softmax of [yes, no] and saturates without NaN', () => {
    expect(yesProbability(0, 0)).toBe(0.5);
    const [yes, no] = [2.3, -0.4];
    expect(yesProbability(yes, no)).toBeCloseTo(Math.exp(yes) / (Math.exp(yes) + Math.exp(no)), 12);
    expect(yesProbability(1000, -1000)).toBe(1);
    expect(yesProbability(-1000, 1000)).toBe(0);
  });
});

describe('shared prefix', () => {
  it('the body is the query part, a space, then the document', () => {
    expect(formatRerankerBody('I', 'Q', 'D')).toBe('<Instruct>: I\n<Query>: Q\n<Document>: D');
    expect(formatRerankerBody('I', 'Q', '  D')).toBe(`${formatRerankerQueryPart('I', 'Q')}   D`);
  });

  it('sharedPrefixLength matches whole ids and leaves at least one id to run', () => {
    expect(sharedPrefixLength([1, 2, 3], [1, 2, 3, 4])).toBe(3);
    expect(sharedPrefixLength([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(sharedPrefixLength([1, 2, 3], [1, 2, 4, 5])).toBe(0);
    expect(sharedPrefixLength([], [1, 2])).toBe(0);
  });
});
