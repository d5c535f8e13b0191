// The findings lists of the HTML report: one view per finding, grouped by severity, capped per check.
import type { Severity } from '../../../vocabulary.js';
import type { ReportFinding } from '../../model.js';
import { complianceView, type ComplianceChip, prettyJson, SEVERITY_LABEL, type ShownFramework } from '../common.js';

export interface FindingView {
  id: string;
  checkId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  notAssessed: boolean;
  resourceArn: string;
  detail: string | null;
  message: string;
  evidence: string;
  remediation: string;
  chips: ComplianceChip[];
  hasCompliance: boolean;
  /** Set for a suppressed finding (rendered in the collapsed Suppressed section, outside the filters). */
  suppressed: { reason: string; expires: string | null; entry: number } | null;
}

export interface GroupView {
  key: string;
  label: string;
  badgeClass: string;
  countText: string;
  findings: FindingView[];
  /** Findings of this group left out of the HTML (per-check cap), by check. */
  notListed: string | null;
}

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
  return {
    id: f.id,
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    severityLabel: SEVERITY_LABEL[f.severity],
    notAssessed: f.status === 'NOT_ASSESSED',
    resourceArn: f.resourceArn,
    detail: f.detail ?? null,
    message: f.message,
    evidence: prettyJson(f.evidence),
    remediation: f.remediation,
    ...complianceView(f.compliance, shown),
    suppressed: f.suppressed ? { reason: f.suppressed.reason, expires: f.suppressed.expires ?? null, entry: f.suppressed.entry } : null,
  };
}
