// Orchestration: snapshot -> checks -> report. No AWS calls of its own.
import { ALL_CHECKS } from './checks/index.js';
import { runChecks } from './checks/run.js';
import { SEVERITIES, type Check, type Severity, type Thresholds } from './checks/types.js';
import { loadActionCatalog } from './policy/catalog.js';
import { REPORT_VERSION, type AuditReport } from './report/model.js';
import type { AccountSnapshot } from './snapshot.js';
import { TOOL_VERSION } from './version.js';

export interface AuditOptions {
  thresholds: Thresholds;
  /** "Now" for ages and the report date, ISO-8601. */
  now: string;
  excludeChecks?: string[];
  checks?: readonly Check[];
}

export async function auditSnapshot(snapshot: AccountSnapshot, options: AuditOptions): Promise<AuditReport> {
  const catalog = await loadActionCatalog();
  const exclude = new Set(options.excludeChecks ?? []);
  const checks = (options.checks ?? ALL_CHECKS).filter((c) => !exclude.has(c.id));
  const { outcomes, findings } = runChecks(snapshot, checks, { now: options.now, thresholds: options.thresholds, catalog });
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.status === 'FAIL') bySeverity[f.severity]++;
  const count = (status: string) => outcomes.filter((o) => o.status === status).length;
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'hardening-audit', version: TOOL_VERSION },
    generatedAt: options.now,
    account: {
      id: snapshot.accountId,
      partition: snapshot.partition,
      ...(snapshot.callerArn ? { callerArn: snapshot.callerArn } : {}),
    },
    source: snapshot.source,
    collectedAt: new Date(snapshot.collectedAt).toISOString(),
    ...(snapshot.credentialReport ? { credentialReportGeneratedAt: new Date(snapshot.credentialReport.generatedTime).toISOString() } : {}),
    thresholds: options.thresholds,
    summary: {
      bySeverity,
      failed: findings.filter((f) => f.status === 'FAIL').length,
      notAssessed: findings.filter((f) => f.status === 'NOT_ASSESSED').length,
      checks: { total: outcomes.length, passed: count('PASS'), failed: count('FAIL'), notAssessed: count('NOT_ASSESSED') },
    },
    checks: outcomes,
    findings,
    gaps: snapshot.gaps,
  };
}

/** Exit code: 3 when the audit is incomplete (it cannot vouch for anything), 1 when findings reach failOn, else 0. */
export function exitCodeFor(report: AuditReport, failOn: Severity | 'none'): 0 | 1 | 3 {
  if (report.gaps.length > 0 || report.summary.notAssessed > 0) return 3;
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = SEVERITIES.filter((_, i) => i <= threshold).some((s) => report.summary.bySeverity[s] > 0);
  return failing ? 1 : 0;
}
