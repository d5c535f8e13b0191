// The compliance section of the HTML report: per framework, every control with its checks and findings.
import type { AuditReport, ComplianceFrameworkResult, ControlStatus, ReportFinding } from '../../model.js';
import { controlAnchor, plural, STATUS_CLASS, STATUS_LABEL } from '../common.js';

interface FindingRef {
  id: string;
  label: string;
  title: string;
  /** Listed in this HTML (the per-check cap may leave it out): the ref links to it. */
  linked: boolean;
}

interface ControlView {
  id: string;
  anchor: string;
  title: string;
  assessment: string | null;
  level: string | null;
  statusLabel: string;
  statusClass: string;
  reason: string | null;
  checks: Array<{ id: string; statusLabel: string; statusClass: string }>;
  excludedChecks: string[];
  hasExcluded: boolean;
  hasRefs: boolean;
  findings: FindingRef[];
  hasFindings: boolean;
  findingsMore: string | null;
  suppressedFindings: FindingRef[];
  hasSuppressed: boolean;
  suppressedMore: string | null;
}

export interface FrameworkView {
  key: string;
  name: string;
  version: string;
  scope: string;
  summaryText: string;
  controls: ControlView[];
}

const CONTROL_STATUS_CLASS: Record<ControlStatus, string> = {
  PASS: 'pass',
  FAIL: 'fail',
  PARTIAL: 'partial',
  NOT_ASSESSED: 'na',
  NOT_APPLICABLE: 'notapp',
  MANUAL: 'ni',
  NOT_IMPLEMENTED: 'ni',
};
const CONTROL_STATUS_LABEL: Record<ControlStatus, string> = {
  PASS: 'Pass',
  FAIL: 'Fail',
  PARTIAL: 'Partial',
  NOT_ASSESSED: 'Not assessed',
  NOT_APPLICABLE: 'Not applicable',
  MANUAL: 'Manual',
  NOT_IMPLEMENTED: 'Not implemented',
};
/** Links per control and kind; the JSON report lists every finding id. */
const MAX_REFS = 12;

/** "user/alice", "root", "policy/ci/Deploy" (+ detail): short, and unique enough next to the check id. */
function resourceLabel(f: ReportFinding): string {
  const arn = f.resourceArn;
  const parts = arn.split(':');
  const resource = parts.length >= 6 ? parts.slice(5).join(':') : arn;
  return f.detail ? `${resource} (${f.detail})` : resource;
}

export function frameworkView(fw: ComplianceFrameworkResult, report: AuditReport, listed: ReadonlySet<string>): FrameworkView {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const outcome = new Map(report.checks.map((c) => [c.id, c]));
  const refs = (ids: string[]) => {
    const shown = ids.slice(0, MAX_REFS).map((id): FindingRef => {
      const f = byId.get(id);
      const linked = listed.has(id);
      const note = linked ? '' : ' (not listed in this HTML report: see the JSON or CSV report)';
      return f ? { id, label: resourceLabel(f), title: `${f.checkId}: ${f.message}${note}`, linked } : { id, label: id, title: id, linked };
    });
    return { shown, more: ids.length > MAX_REFS ? `and ${ids.length - MAX_REFS} more` : null };
  };
  const s = fw.summary;
  return {
    key: fw.id,
    name: fw.name,
    version: fw.version,
    scope: fw.scope,
    summaryText:
      `${plural(fw.controls.length, 'control')}: ${s.passed} passed, ${s.failed} failed, ${s.partial} partial, ${s.notAssessed} not assessed, ` +
      `${s.notApplicable} not applicable, ${s.manual} manual, ${s.notImplemented} not implemented by this tool.`,
    controls: fw.controls.map((c) => {
      const findings = refs(c.findings);
      const suppressed = refs(c.suppressedFindings);
      const checks = c.checks.map((id) => {
        const status = outcome.get(id)?.status ?? 'NOT_ASSESSED';
        // A check that failed only with suppressed findings does not make the control fail: say so next to it.
        if (status === 'FAIL' && !report.findings.some((f) => f.checkId === id && f.status === 'FAIL' && !f.suppressed)) {
          return { id, statusLabel: 'Fail, suppressed', statusClass: 'suppressed' };
        }
        return { id, statusLabel: STATUS_LABEL[status], statusClass: STATUS_CLASS[status] };
      });
      return {
        id: c.id,
        anchor: controlAnchor(fw.id, c.id),
        title: c.title,
        assessment: c.assessment ?? null,
        level: c.level ? `Level ${c.level}` : null,
        statusLabel: CONTROL_STATUS_LABEL[c.status],
        statusClass: CONTROL_STATUS_CLASS[c.status],
        reason: c.reason ?? null,
        checks,
        excludedChecks: c.excludedChecks ?? [],
        hasExcluded: (c.excludedChecks ?? []).length > 0,
        hasRefs: checks.length > 0 || (c.excludedChecks ?? []).length > 0,
        findings: findings.shown,
        hasFindings: findings.shown.length > 0,
        findingsMore: findings.more,
        suppressedFindings: suppressed.shown,
        hasSuppressed: suppressed.shown.length > 0,
        suppressedMore: suppressed.more,
      };
    }),
  };
}
