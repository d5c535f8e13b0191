// What the CLI prints on stdout after a run.
import { SEVERITIES } from '../checks/types.js';
import type { AuditReport } from '../report/model.js';
import { trendText } from '../report/trend.js';

export function summaryText(report: AuditReport, written: string[]): string {
  const s = report.summary;
  const sev = SEVERITIES.map((x) => `${s.bySeverity[x]} ${x}`).join(', ');
  const lines = [
    `Account ${report.account.id} (${report.source}): ${s.checks.total} checks, ${s.checks.passed} passed, ${s.checks.failed} failed, ${s.checks.notAssessed} not assessed`,
    `Findings: ${sev}${s.suppressed ? ` (${s.suppressed} suppressed, not counted)` : ''}`,
  ];
  if (report.diff) {
    const d = report.diff;
    lines.push(`Since ${d.previousGeneratedAt ?? 'the previous report'}: ${d.new.length} new, ${d.resolved.length} resolved, ${d.stillOpen.length} still open`);
  }
  const trend = report.trend ? trendText(report.trend) : null;
  if (trend) lines.push(trend);
  if (report.gaps.length) {
    lines.push(`Incomplete: ${report.gaps.map((g) => `${g.api} ${g.error}`).filter((v, i, a) => a.indexOf(v) === i).join('; ')} — grant the permissions in policies/auditor-policy.json`);
  }
  for (const path of written) lines.push(`Report: ${path}`);
  return `${lines.join('\n')}\n`;
}
