// The read-only pack mode's URL parameters and labels (pure): `?pack=<url>` opens a hosted Sieve
// pack instead of the browser's library, `&embed=1` shows only the search box and results.

export interface PackSiteParams {
  /** The pack's address as given (relative to the page, or absolute). */
  pack: string;
  /** Search box and results only. */
  embed: boolean;
}

/** The pack mode `search` (a location's query string) asks for, or null for the normal app. */
export function packSiteParams(search: string): PackSiteParams | null {
  const params = new URLSearchParams(search);
  const pack = params.get('pack')?.trim();
  if (!pack) return null;
  const embed = params.get('embed');
  return { pack, embed: embed !== null && embed !== '0' && embed !== 'false' };
}

/** "12.3 of 40.1 MB": both in the total's unit, so that the numbers compare at a glance. */
export function progressLabel(loaded: number, total: number): string {
  const units: Array<[string, number]> = [
    ['GB', 2 ** 30],
    ['MB', 2 ** 20],
    ['KB', 2 ** 10],
  ];
  const [unit, size] = units.find(([, size]) => total >= size) ?? ['B', 1];
  const digits = size === 1 ? 0 : 1;
  return `${(loaded / size).toFixed(digits)} of ${(total / size).toFixed(digits)} ${unit}`;
}
