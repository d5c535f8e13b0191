// Date arithmetic for the checks. Every age is measured against context.now, never the wall clock.

export const MS_PER_DAY = 86_400_000;

// A one-entry parse cache of `to` (context.now): safe across calls and runs because it is keyed by the string it
// parsed, and a run is single-threaded; a different `to` simply replaces it.
let lastTo: string | undefined;
let lastToMs = NaN;

/**
 * Whole days elapsed from `from` to `to` (both ISO-8601), rounded down: something 89 days and 23 hours old is 89
 * days old. Negative when `from` lies after `to` (clock skew between AWS and the caller); checks treat that as recent.
 */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(from);
  // `to` is context.now in every call of a run: parsed once.
  if (to !== lastTo) {
    lastTo = to;
    lastToMs = Date.parse(to);
  }
  const b = lastToMs;
  if (Number.isNaN(a) || Number.isNaN(b)) throw new Error(`not an ISO-8601 date: ${Number.isNaN(a) ? from : to}`);
  return Math.floor((b - a) / MS_PER_DAY);
}

/** The most recent of some optional ISO dates, or null when all are null/undefined. */
export function latest(...dates: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const d of dates) {
    if (d == null) continue;
    const ms = Date.parse(d);
    if (ms > bestMs) {
      best = d;
      bestMs = ms;
    }
  }
  return best;
}

/** "12 days ago" / "never" style fragment for messages. */
export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
