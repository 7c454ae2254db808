// Result labels: stage name by legs, per-leg ranks, score chips by kind, movement badges.
import { describe, expect, it } from 'vitest';
import { legRanks, movementLabel, scoreLabel, shortLocation, stageName } from './result-labels';

describe('result labels', () => {
  it('names stage 1 by the legs that ran', () => {
    expect(stageName(['keywords', 'meaning'])).toBe('Hybrid');
    expect(stageName(['meaning', 'keywords'])).toBe('Hybrid');
    expect(stageName(['meaning'])).toBe('Meaning');
    expect(stageName(['keywords'])).toBe('Keywords');
    expect(stageName([])).toBe('Keywords');
  });

  it('lists the legs that found a hit with their ranks, keywords first', () => {
    expect(legRanks({ meaning: 14, keywords: 2 })).toBe('keywords #2 · meaning #14');
    expect(legRanks({ meaning: 3 })).toBe('meaning #3');
    expect(legRanks({ keywords: 1 })).toBe('keywords #1');
    expect(legRanks({})).toBe('');
    expect(legRanks(undefined)).toBe('');
  });

  it('labels the score by what it is', () => {
    expect(scoreLabel(0.032522, ['keywords', 'meaning']).text).toBe('RRF 0.0325');
    expect(scoreLabel(0.032522, ['keywords', 'meaning']).title).toMatch(/1 \/ \(k \+ rank\)/);
    expect(scoreLabel(0.81234, ['meaning']).text).toBe('cosine 0.812');
    expect(scoreLabel(7.4061, ['keywords']).text).toBe('BM25 7.41');
  });

  it('says where a reranked hit came from in the first stage', () => {
    expect(movementLabel(undefined, 3)).toBeNull();
    expect(movementLabel(2, 4)).toEqual({
      text: '↑2',
      title: 'Up 2 from first-stage rank 5',
      kind: 'up',
    });
    expect(movementLabel(-1, 0)).toMatchObject({
      text: '↓1',
      title: 'Down 1 from first-stage rank 1',
    });
    expect(movementLabel(0, 2)).toMatchObject({ text: '=', title: 'Same as first-stage rank 3' });
  });

  it('shortens deep heading paths to the first and the last two levels', () => {
    expect(shortLocation('Page 3 · Guide › Setup')).toBe('Page 3 · Guide › Setup');
    expect(shortLocation('A › B › C')).toBe('A › B › C');
    expect(shortLocation('Manual › Part II › Pumps › Seals › Replacing a seal')).toBe(
      'Manual › … › Seals › Replacing a seal',
    );
  });
});
