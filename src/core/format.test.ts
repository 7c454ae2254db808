// The UI's number formats: remaining times rounded the way people say them.
import { describe, expect, it } from 'vitest';
import { formatEta } from './format';

describe('formatEta', () => {
  it('rounds to what a person would say', () => {
    expect(formatEta(3_200)).toBe('a few seconds');
    expect(formatEta(48_000)).toBe('about 50 s');
    expect(formatEta(126_400)).toBe('about 2 min');
    expect(formatEta(59 * 60_000)).toBe('about 59 min');
    expect(formatEta(80 * 60_000)).toBe('about 1 h 20 min');
    expect(formatEta(2 * 3_600_000)).toBe('about 2 h');
  });

  it('says unknown for nonsense', () => {
    expect(formatEta(Number.NaN)).toBe('unknown');
    expect(formatEta(-5)).toBe('unknown');
  });
});
