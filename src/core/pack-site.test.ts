import { describe, expect, it } from 'vitest';
import { packSiteParams, progressLabel } from './pack-site';

describe('packSiteParams', () => {
  it('is null without a pack', () => {
    expect(packSiteParams('')).toBeNull();
    expect(packSiteParams('?q=x&pack=')).toBeNull();
    expect(packSiteParams('?pack=%20')).toBeNull();
  });

  it('reads the pack and the embed flag', () => {
    expect(packSiteParams('?pack=pack/&models=fixtures')).toEqual({ pack: 'pack/', embed: false });
    expect(packSiteParams('?pack=https%3A%2F%2Fx.org%2Fp%2F&embed=1')).toEqual({
      pack: 'https://x.org/p/',
      embed: true,
    });
    expect(packSiteParams('?pack=p&embed')).toEqual({ pack: 'p', embed: true });
    expect(packSiteParams('?pack=p&embed=0')).toEqual({ pack: 'p', embed: false });
  });
});

describe('progressLabel', () => {
  it('writes both numbers in the unit of the total', () => {
    expect(progressLabel(12.3 * 2 ** 20, 40.1 * 2 ** 20)).toBe('12.3 of 40.1 MB');
    expect(progressLabel(0, 40.1 * 2 ** 20)).toBe('0.0 of 40.1 MB');
    expect(progressLabel(512, 2048)).toBe('0.5 of 2.0 KB');
    expect(progressLabel(10, 900)).toBe('10 of 900 B');
  });
});
