// Small hand-built reports for the diff, trend and email tests.
import { findingId, type CheckOutcome } from '../../src/checks/run.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, type Finding, type Severity } from '../../src/checks/types.js';
import { REPORT_VERSION, type AuditReport } from '../../src/report/model.js';
import type { Gap } from '../../src/snapshot.js';

export const ACCOUNT = '123456789012';
export const arn = (resource: string) => `arn:aws:iam::${ACCOUNT}:${resource}`;

export type TestFinding = Finding & { suppressed?: { reason: string; entry: number } };

export function finding(checkId: string, resource: string, severity: Severity, extra: Partial<TestFinding> = {}): TestFinding {
  const resourceArn = arn(resource);
  return {
    id: findingId(checkId, resourceArn, extra.detail),
    checkId,
    title: `Title of ${checkId}`,
    severity,
    status: 'FAIL',
    resourceArn,
    message: `${resource} fails ${checkId}.`,
    evidence: {},
    remediation: 'Fix it.',
    compliance: {},
    ...extra,
  };
}

export function outcome(id: string, status: CheckOutcome['status'], severity: Severity = 'high'): CheckOutcome {
  return { id, title: `Title of ${id}`, severity, compliance: {}, status, evaluated: status === 'NOT_ASSESSED' ? 0 : 1, failed: status === 'FAIL' ? 1 : 0 };
}

/** A report whose checks are derived from the findings (FAIL), plus `passing` checks that ran and passed. */
export function report(findings: TestFinding[], options: { generatedAt?: string; passing?: string[]; notAssessed?: string[]; gaps?: Gap[] } = {}): AuditReport {
  const failing = [...new Set(findings.filter((f) => f.status === 'FAIL').map((f) => f.checkId))];
  const checks = [
    ...failing.map((id) => outcome(id, 'FAIL')),
    ...(options.passing ?? []).map((id) => outcome(id, 'PASS')),
    ...(options.notAssessed ?? []).map((id) => outcome(id, 'NOT_ASSESSED')),
  ];
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const active = findings.filter((f) => !f.suppressed);
  for (const f of active) if (f.status === 'FAIL') bySeverity[f.severity]++;
  const generatedAt = options.generatedAt ?? '2026-11-25T03:00:00.000Z';
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'hardening-audit', version: '0.1.0' },
    generatedAt,
    account: { id: ACCOUNT, partition: 'aws' },
    source: 'live',
    collectedAt: generatedAt,
    thresholds: { ...DEFAULT_THRESHOLDS },
    summary: {
      bySeverity,
      failed: active.filter((f) => f.status === 'FAIL').length,
      notAssessed: active.filter((f) => f.status === 'NOT_ASSESSED').length,
      checks: { total: checks.length, passed: 0, failed: failing.length, notAssessed: (options.notAssessed ?? []).length },
    },
    checks,
    findings,
    gaps: options.gaps ?? [],
  } as unknown as AuditReport;
}
