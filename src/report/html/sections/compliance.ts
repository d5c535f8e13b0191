// The compliance section of the HTML report: per framework, every control with its checks and findings.
import type { AuditReport, ComplianceControlResult, ComplianceFrameworkResult } from '../../model.js';
import { controlAnchor, plural, resourceLabel, STATUS_CLASS, STATUS_LABEL } from '../common.js';

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
  /** The collapsed section's summary: failed and passed controls, briefly. */
  statusLine: string;
  controls: ControlView[];
}

/**
 * How each control status is shown. A lookup by string with a fallback, not a Record over ControlStatus: the compliance
 * code may add statuses (MANUAL, ...) on its own branch, and a status this table does not know yet is still shown (as
 * its own words, styled like "not assessed": never as a pass).
 */
const CONTROL_STATUS_VIEW: Readonly<Record<string, { label: string; statusClass: string }>> = {
  PASS: { label: 'Pass', statusClass: 'pass' },
  FAIL: { label: 'Fail', statusClass: 'fail' },
  PARTIAL: { label: 'Partial', statusClass: 'partial' },
  NOT_ASSESSED: { label: 'Not assessed', statusClass: 'na' },
  NOT_APPLICABLE: { label: 'Not applicable', statusClass: 'notapp' },
  NOT_IMPLEMENTED: { label: 'Not implemented', statusClass: 'ni' },
  MANUAL: { label: 'Manual', statusClass: 'ni' },
};

/** A manual recommendation: no check can judge it (MANUAL, or NOT_IMPLEMENTED with the CIS assessment "Manual"). */
export const isManualControl = (c: Pick<ComplianceControlResult, 'status' | 'assessment'>): boolean =>
  (c.status as string) === 'MANUAL' || (c.status === 'NOT_IMPLEMENTED' && c.assessment === 'Manual');

export function controlStatusView(c: Pick<ComplianceControlResult, 'status' | 'assessment'>): { label: string; statusClass: string } {
  if (isManualControl(c)) return { label: 'Manual', statusClass: 'ni' };
  const status = c.status as string;
  const known = Object.hasOwn(CONTROL_STATUS_VIEW, status) ? CONTROL_STATUS_VIEW[status] : undefined;
  return known ?? { label: status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' '), statusClass: 'na' };
}

/** Links per control and kind; the JSON report lists every finding id. */
const MAX_REFS = 12;

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
    statusLine: `${s.failed} failed, ${s.passed} passed.`,
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
        statusLabel: controlStatusView(c).label,
        statusClass: controlStatusView(c).statusClass,
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
