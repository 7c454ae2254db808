// How the indexing queue is shown (pure): finished files folded into one summary, the files in
// work and the next few waiting in full, the rest of the waiting ones as a count, and files that
// failed or were skipped for the same reason grouped under that reason — never a wall of rows.

export interface QueueRowLike {
  key: string;
  status: string;
  message?: string;
}

export type QueueSection<T> =
  | { kind: 'rows'; rows: T[] }
  | { kind: 'group'; id: string; tone: 'ok' | 'waiting' | 'problem'; summary: string; rows: T[] };

export interface SectionLimits {
  /** Finished files shown as rows up to this many; beyond it they fold into a summary. */
  finishedRows: number;
  /** Waiting files shown as rows; the rest fold into "N more waiting". */
  waitingRows: number;
  /** This many or more problems with one reason fold under it. */
  sameReason: number;
}

export const QUEUE_LIMITS: SectionLimits = { finishedRows: 5, waitingRows: 3, sameReason: 3 };

const FINISHED = new Set(['done', 'duplicate']);
const PROBLEM_WORDS: Record<string, string> = {
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};
const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

export function queueSections<T extends QueueRowLike>(
  rows: readonly T[],
  limits: SectionLimits = QUEUE_LIMITS,
): Array<QueueSection<T>> {
  const finished = rows.filter((row) => FINISHED.has(row.status));
  const waiting = rows.filter((row) => row.status === 'queued');
  const working = rows.filter(
    (row) => !FINISHED.has(row.status) && row.status !== 'queued' && !(row.status in PROBLEM_WORDS),
  );
  const problems = rows.filter((row) => row.status in PROBLEM_WORDS);
  const sections: Array<QueueSection<T>> = [];

  if (finished.length > limits.finishedRows) {
    const indexed = finished.filter((row) => row.status === 'done').length;
    const duplicates = finished.length - indexed;
    const summary = [`${indexed} indexed`, duplicates > 0 ? `${duplicates} already indexed` : '']
      .filter((part) => part !== '')
      .join(' · ');
    sections.push({ kind: 'group', id: 'finished', tone: 'ok', summary, rows: finished });
  } else if (finished.length > 0) {
    sections.push({ kind: 'rows', rows: finished });
  }

  const shownWaiting = waiting.slice(0, limits.waitingRows);
  if (working.length + shownWaiting.length > 0) {
    sections.push({ kind: 'rows', rows: [...working, ...shownWaiting] });
  }
  const moreWaiting = waiting.slice(limits.waitingRows);
  if (moreWaiting.length > 0) {
    const n = moreWaiting.length;
    const summary = `${n} more file${n === 1 ? '' : 's'} waiting`;
    sections.push({ kind: 'group', id: 'waiting', tone: 'waiting', summary, rows: moreWaiting });
  }

  const byReason = new Map<string, T[]>();
  for (const row of problems) {
    const reason = `${row.status}\n${row.message ?? ''}`;
    byReason.set(reason, [...(byReason.get(reason) ?? []), row]);
  }
  const single: T[] = [];
  for (const [reason, group] of byReason) {
    if (group.length < limits.sameReason) {
      single.push(...group);
      continue;
    }
    const [status = '', message = ''] = reason.split('\n');
    const summary = `${plural(group.length)} ${PROBLEM_WORDS[status]}${message ? `: ${message}` : ''}`;
    sections.push({
      kind: 'group',
      id: `problem:${reason}`,
      tone: 'problem',
      summary,
      rows: group,
    });
  }
  if (single.length > 0) sections.push({ kind: 'rows', rows: single });
  return sections;
}
