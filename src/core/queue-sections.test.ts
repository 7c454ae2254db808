// The queue's sections: folds, counts and reasons, and every row kept in exactly one section.
import { describe, expect, it } from 'vitest';
import { queueSections, type QueueRowLike } from './queue-sections';

const row = (key: string, status: string, message?: string): QueueRowLike => ({
  key,
  status,
  message,
});
const keys = (rows: QueueRowLike[]) => rows.map((r) => r.key);

describe('queueSections', () => {
  it('shows a short queue as plain rows', () => {
    const rows = [
      row('a', 'done'),
      row('b', 'embedding'),
      row('c', 'queued'),
      row('d', 'failed', 'Empty file'),
    ];
    const sections = queueSections(rows);
    expect(sections.every((s) => s.kind === 'rows')).toBe(true);
    expect(sections.flatMap((s) => keys(s.rows))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('folds finished and waiting files, and groups problems by reason', () => {
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => row(`done${i}`, i === 6 ? 'duplicate' : 'done')),
      row('now', 'extracting'),
      ...Array.from({ length: 10 }, (_, i) => row(`q${i}`, 'queued')),
      ...Array.from({ length: 4 }, (_, i) => row(`bin${i}`, 'skipped', 'Not a text file')),
      row('odd', 'failed', 'Damaged PDF'),
    ];
    const sections = queueSections(rows);
    const groups = sections.flatMap((s) => (s.kind === 'group' ? [s.summary] : []));
    expect(groups).toEqual([
      '6 indexed · 1 already indexed',
      '7 more files waiting',
      '4 files skipped: Not a text file',
    ]);
    const shown = sections.filter((s) => s.kind === 'rows').flatMap((s) => keys(s.rows));
    expect(shown).toEqual(['now', 'q0', 'q1', 'q2', 'odd']);
    expect(sections.flatMap((s) => keys(s.rows)).sort()).toEqual(keys(rows).sort());
  });
});
