// The Suppressed section of the HTML report: suppressed findings, and entries that expired or matched nothing.
import type { AuditReport, ReportFinding } from '../../model.js';
import { plural, shownFrameworks } from '../common.js';
import { findingView, type FindingView } from './findings.js';

interface SuppressionEntryView {
  entry: number;
  checkId: string;
  resource: string;
  reason: string;
  expires: string | null;
  note: string;
}

export interface SuppressionView {
  show: boolean;
  source: string | null;
  countText: string;
  findings: FindingView[];
  hasFindings: boolean;
  notListed: string | null;
  expired: SuppressionEntryView[];
  hasExpired: boolean;
  unmatched: SuppressionEntryView[];
  hasUnmatched: boolean;
}

export function suppressionView(report: AuditReport, suppressedFindings: ReportFinding[], total: number, notListed: string | null): SuppressionView {
  const section = report.suppressions;
  const entry = (e: NonNullable<AuditReport['suppressions']>['unmatched'][number], note: string): SuppressionEntryView => ({
    entry: e.entry,
    checkId: e.checkId,
    resource: e.resource,
    reason: e.reason,
    expires: e.expires ?? null,
    note,
  });
  const expired = (section?.expired ?? []).map((e) =>
    entry(
      e,
      e.findings.length
        ? `${plural(e.findings.length, 'finding')} it covered count${e.findings.length === 1 ? 's' : ''} again`
        : 'it would cover no finding',
    ),
  );
  const unmatched = (section?.unmatched ?? []).map((e) => entry(e, 'matched no finding'));
  return {
    show: section !== undefined || total > 0,
    source: section?.source ?? null,
    countText: plural(total, 'suppressed finding'),
    findings: suppressedFindings.map((f) => findingView(f, shownFrameworks(report))),
    hasFindings: suppressedFindings.length > 0,
    notListed,
    expired,
    hasExpired: expired.length > 0,
    unmatched,
    hasUnmatched: unmatched.length > 0,
  };
}
