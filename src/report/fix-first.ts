// What to fix first, for the CLI's stdout and the summary mail: open (unsuppressed) FAIL findings above info, grouped
// by check, the most severe first, then the check with more findings, then the check id (a stable order).
import { SEVERITIES, type Severity } from '../vocabulary.js';
import type { ReportFinding } from './model.js';

export interface FixFirstItem {
  checkId: string;
  /** The most severe of the check's open findings. */
  severity: Severity;
  count: number;
  /** One finding of that severity, to show. */
  finding: ReportFinding;
}

export function fixFirst(findings: readonly ReportFinding[], max = 5): FixFirstItem[] {
  const byCheck = new Map<string, FixFirstItem & { rank: number }>();
  for (const f of findings) {
    if (f.status !== 'FAIL' || f.suppressed || f.severity === 'info') continue;
    const rank = SEVERITIES.indexOf(f.severity);
    const seen = byCheck.get(f.checkId);
    if (!seen) byCheck.set(f.checkId, { checkId: f.checkId, severity: f.severity, count: 1, finding: f, rank });
    else {
      seen.count++;
      if (rank < seen.rank) Object.assign(seen, { rank, severity: f.severity, finding: f });
    }
  }
  return [...byCheck.values()]
    .sort((x, y) => x.rank - y.rank || y.count - x.count || (x.checkId < y.checkId ? -1 : 1))
    .slice(0, max)
    .map(({ rank: _rank, ...item }) => item);
}
