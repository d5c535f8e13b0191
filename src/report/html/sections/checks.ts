// The collapsed "Passed, not applicable and manual" section of the HTML report: the checks that have no row in the
// findings table (and are not listed with the gaps), and the compliance recommendations that need a manual review.
import type { Severity } from '../../../vocabulary.js';
import type { AuditReport } from '../../model.js';
import { complianceView, type ComplianceChip, controlAnchor, plural, SEVERITY_LABEL, shownFrameworks, STATUS_CLASS, STATUS_LABEL } from '../common.js';
import { isManualControl } from './compliance.js';

export interface CheckRowView {
  id: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  statusLabel: string;
  statusClass: string;
  evaluated: number;
  failed: number;
  reason: string | null;
  chips: ComplianceChip[];
  hasCompliance: boolean;
}

export interface OtherChecksView {
  summaryText: string;
  checks: CheckRowView[];
  hasChecks: boolean;
  manual: Array<{ framework: string; id: string; title: string; anchor: string }>;
  hasManual: boolean;
}

/** `elsewhere`: checks whose id="check-<id>" target is a findings-table row or the gaps list. */
export function otherChecksView(report: AuditReport, elsewhere: ReadonlySet<string>): OtherChecksView {
  const checks = report.checks
    .filter((c) => !elsewhere.has(c.id))
    .map((c): CheckRowView => {
      // FAIL here means every finding of the check is suppressed (an open one would have a row in the table).
      const suppressedOnly = c.status === 'FAIL';
      return {
        id: c.id,
        title: c.title,
        severity: c.severity,
        severityLabel: SEVERITY_LABEL[c.severity],
        statusLabel: suppressedOnly ? 'Fail, suppressed' : STATUS_LABEL[c.status],
        statusClass: suppressedOnly ? 'suppressed' : STATUS_CLASS[c.status],
        evaluated: c.evaluated,
        failed: c.failed,
        reason: c.reason ?? null,
        ...complianceView(c.compliance, shownFrameworks(report)),
      };
    });
  const manual = Object.values(report.compliance ?? {}).flatMap((fw) =>
    fw.controls.filter(isManualControl).map((c) => ({ framework: fw.shortName, id: c.id, title: c.title, anchor: controlAnchor(fw.id, c.id) })),
  );
  const count = (status: string) => checks.filter((c) => c.statusClass === status).length;
  const parts = [
    `${count(STATUS_CLASS.PASS)} passed`,
    `${count(STATUS_CLASS.NOT_APPLICABLE)} not applicable`,
    ...(count('suppressed') ? [`${count('suppressed')} failed with every finding suppressed`] : []),
    ...(manual.length ? [plural(manual.length, 'recommendation') + ' to review by hand'] : []),
  ];
  return { summaryText: parts.join(', '), checks, hasChecks: checks.length > 0, manual, hasManual: manual.length > 0 };
}
