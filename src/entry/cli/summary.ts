// What the CLI prints on stdout after a run.
import { SEVERITIES } from '../../vocabulary.js';
import { gapAdvice } from '../../collect/classify.js';
import type { AuditReport } from '../../report/model.js';
import { fixFirst } from '../../report/fix-first.js';
import { trendText } from '../../report/trend.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryText(report: AuditReport, written: string[]): string {
  const s = report.summary;
  const sev = SEVERITIES.map((x) => `${s.bySeverity[x]} ${x}`).join(', ');
  const notApplicable = s.checks.notApplicable ?? report.checks.filter((c) => c.status === 'NOT_APPLICABLE').length;
  const lines = [
    `Account ${report.account.id} (${report.source}): ${s.checks.total} checks, ${s.checks.passed} passed, ${s.checks.failed} failed, ${s.checks.notAssessed} not assessed, ${notApplicable} not applicable`,
    `Findings: ${sev}${s.suppressed ? ` (${s.suppressed} suppressed, not counted)` : ''}`,
  ];
  if (report.diff) {
    const d = report.diff;
    lines.push(`Since ${d.previousGeneratedAt ?? 'the previous report'}: ${d.new.length} new, ${d.resolved.length} resolved, ${d.stillOpen.length} still open`);
  }
  lines.push(...fixFirstLines(report));
  const trend = report.trend ? trendText(report.trend) : null;
  if (trend) lines.push(trend);
  const incomplete = incompleteLine(report);
  if (incomplete) lines.push(incomplete);
  for (const path of written) lines.push(`Report: ${path}`);
  return `${lines.join('\n')}\n`;
}

/** "Fix first:" and at most five checks (src/report/fix-first.ts), each with one of its messages, cut to one line. */
export function fixFirstLines(report: Pick<AuditReport, 'findings'>, max = 5): string[] {
  const top = fixFirst(report.findings, max);
  if (top.length === 0) return [];
  const cut = (text: string) => (text.length > 110 ? `${text.slice(0, 109)}…` : text);
  return ['Fix first:', ...top.map((t) => `  ${t.severity.padEnd(8)} ${t.checkId}${t.count > 1 ? ` (${t.count})` : ''}: ${cut(t.finding.message)}`)];
}

/**
 * "Incomplete: <what failed> — <what to do>", the advice named from each gap's cause (an AccessDenied points at the
 * auditor policy, an offline export at the flag that supplies the part, a throttle at --iam-concurrency), once per
 * distinct advice. Entity gaps (one unreadable user, role, ...) are counted per cause instead of listed one by one.
 * NOT_APPLICABLE checks have no gap and no finding, so they never make this line.
 */
export function incompleteLine(report: Pick<AuditReport, 'gaps' | 'summary'>): string | null {
  if (report.gaps.length === 0) {
    const n = report.summary.notAssessed;
    return n > 0 ? `Incomplete: ${plural(n, 'finding')} could not be assessed — see the not-assessed findings in the report for the cause` : null;
  }
  const causes = new Map<string, number>();
  for (const g of report.gaps) {
    const key = `${g.api} ${g.error}`;
    causes.set(key, (causes.get(key) ?? 0) + (g.resource ? 1 : 0));
  }
  const what = [...causes].map(([key, entities]) => (entities > 0 ? `${key} (${plural(entities, 'entity', 'entities')})` : key)).join('; ');
  const advice = [...new Set(report.gaps.map(gapAdvice))].join(' ');
  return `Incomplete: ${what} — ${advice}`;
}
