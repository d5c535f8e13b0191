// The findings table of the HTML report: one row per finding, or one row per check (and severity) when a check has
// many findings, each row with its evidence and remediation behind a <details>; capped per check.
import { SEVERITIES, type Severity } from '../../../vocabulary.js';
import type { ReportFinding } from '../../model.js';
import { complianceView, type ComplianceChip, plural, prettyJson, resourceLabel, SEVERITY_LABEL, type ShownFramework } from '../common.js';

export interface FindingView {
  id: string;
  checkId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  notAssessed: boolean;
  resourceArn: string;
  /** "user/alice" (+ detail): what the table's resource column shows. */
  resource: string;
  detail: string | null;
  message: string;
  /** Lower-case text the table's text filter matches: check, title, resource, detail, message. */
  searchText: string;
  evidence: string;
  remediation: string;
  chips: ComplianceChip[];
  hasCompliance: boolean;
  /** Set for a suppressed finding (rendered in the collapsed Suppressed section, outside the filters). */
  suppressed: { reason: string; expires: string | null; entry: number } | null;
}

/** A row of the findings table: one finding, or the findings of one check and severity (grouped). */
export interface FindingRowView {
  /** What the severity filter matches: the severity, or "not-assessed". */
  filterKey: string;
  /** Sort key of the severity column: critical 0 … info 4, not assessed 5. */
  rank: number;
  /** Position in the default order (the sort's tie-breaker). */
  order: number;
  severity: Severity;
  severityLabel: string;
  notAssessed: boolean;
  checkId: string;
  title: string;
  /** id="check-<id>" target, on the first row of a failing check. */
  checkAnchor: string | null;
  grouped: boolean;
  count: number;
  resourceText: string;
  message: string;
  /** What the text filter matches: the finding's searchText; for a grouped row its check (its members have theirs). */
  searchText: string;
  findings: FindingView[];
  /** Findings of this row left out of the HTML (per-check cap). */
  notListed: string | null;
}

/** A check (and severity) with this many findings or more is one row with a count, its findings behind <details>. */
export const GROUP_FROM = 3;

/** Which findings the HTML lists: at most `limit` per check (and per list), in report order (most severe first). */
export class FindingCap {
  private readonly counts = new Map<string, number>();
  readonly listed = new Set<string>();
  omitted = 0;

  constructor(private readonly limit: number) {}

  /** The findings of `list` to show, and a note naming the checks with findings left out. */
  take(list: readonly ReportFinding[]): { shown: ReportFinding[]; notListed: string | null } {
    const shown: ReportFinding[] = [];
    const left = new Map<string, number>();
    for (const f of list) {
      const n = this.counts.get(f.checkId) ?? 0;
      if (n >= this.limit) {
        left.set(f.checkId, (left.get(f.checkId) ?? 0) + 1);
        continue;
      }
      this.counts.set(f.checkId, n + 1);
      this.listed.add(f.id);
      shown.push(f);
    }
    let omitted = 0;
    for (const n of left.values()) omitted += n;
    this.omitted += omitted;
    const notListed = omitted
      ? `Not listed here: ${[...left].map(([id, n]) => `${n.toLocaleString('en-US')} more of ${id}`).join(', ')} (this report lists at most ${this.limit.toLocaleString('en-US')} findings per check; the JSON and CSV reports have every one).`
      : null;
    return { shown, notListed };
  }
}

export function findingView(f: ReportFinding, shown: readonly ShownFramework[]): FindingView {
  const resource = resourceLabel(f);
  return {
    id: f.id,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    notAssessed: f.status === 'NOT_ASSESSED',
    resourceArn: f.resourceArn,
    resource,
    detail: f.detail ?? null,
    message: f.message,
    searchText: [f.checkId, f.title, f.resourceArn, f.detail ?? '', f.message].join(' ').toLowerCase(),
    evidence: prettyJson(f.evidence),
    remediation: f.remediation,
    ...complianceView(f.compliance, shown),
    suppressed: f.suppressed ? { reason: f.suppressed.reason, expires: f.suppressed.expires ?? null, entry: f.suppressed.entry } : null,
  };
}

/**
 * The table's rows: failed findings by severity (most severe first), then the not-assessed ones; within a severity,
 * checks in the order their first finding comes in the report. `failingChecks`: the checks whose first row carries
 * the id="check-<id>" target.
 */
export function findingRows(active: readonly ReportFinding[], cap: FindingCap, failingChecks: ReadonlySet<string>, frameworks: readonly ShownFramework[]): FindingRowView[] {
  const buckets: Array<{ key: string; rank: number; findings: ReportFinding[] }> = [
    ...SEVERITIES.map((s, rank) => ({ key: s as string, rank, findings: active.filter((f) => f.status === 'FAIL' && f.severity === s) })),
    { key: 'not-assessed', rank: SEVERITIES.length, findings: active.filter((f) => f.status === 'NOT_ASSESSED') },
  ];
  const rows: FindingRowView[] = [];
  const anchored = new Set<string>();
  for (const bucket of buckets) {
    const byCheck = new Map<string, ReportFinding[]>();
    for (const f of bucket.findings) {
      const list = byCheck.get(f.checkId);
      if (list) list.push(f);
      else byCheck.set(f.checkId, [f]);
    }
    for (const [checkId, all] of byCheck) {
      const { shown, notListed } = cap.take(all);
      const first = all[0];
      if (!first) continue;
      const views = shown.map((f) => findingView(f, frameworks));
      const grouped = all.length >= GROUP_FROM;
      const notAssessed = bucket.key === 'not-assessed';
      const push = (items: FindingView[], count: number, resourceText: string, message: string, rowNotListed: string | null) => {
        const anchor = failingChecks.has(checkId) && !anchored.has(checkId);
        if (anchor) anchored.add(checkId);
        rows.push({
          filterKey: bucket.key,
          rank: bucket.rank,
          order: rows.length,
          severity: first.severity,
          severityLabel: SEVERITY_LABEL[first.severity],
          notAssessed,
          checkId,
          title: first.title,
          checkAnchor: anchor ? `check-${checkId}` : null,
          grouped,
          count,
          resourceText,
          message,
          searchText: grouped ? `${checkId} ${first.title}`.toLowerCase() : (items[0]?.searchText ?? ''),
          findings: items,
          notListed: rowNotListed,
        });
      };
      if (grouped) {
        push(views, all.length, plural(all.length, 'resource'), `${plural(all.length, 'finding')}, e.g. ${first.message}`, notListed);
      } else {
        for (const [i, v] of views.entries()) push([v], 1, v.resource, v.message, i === views.length - 1 ? notListed : null);
      }
    }
  }
  return rows;
}
