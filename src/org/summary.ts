// Folds per-account audit reports into the organization report, one account at a time: each report is reduced to a
// small entry (counts by severity and check, its files) as soon as the account is done, so the org run holds
// summaries only, never findings.
import { SEVERITIES, type Severity } from '../vocabulary.js';
import type { AuditReport } from '../report/model.js';
import { ORG_REPORT_VERSION, type OrgAccountEntry, type OrgCheckEntry, type OrgReport, type SeverityCounts } from '../report/org-model.js';
import type { Gap } from '../snapshot/snapshot.js';
import { TOOL_VERSION } from '../version.js';
import type { OrganizationModel } from './model.js';

/** What the org report needs of a check outcome. */
export type CheckOutcomeSummary = Pick<AuditReport['checks'][number], 'id' | 'title' | 'severity' | 'status'>;

const zero = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function accountEntry(
  report: AuditReport,
  base: { id: string; name: string; ouPath: string },
  exitCode: 0 | 1 | 3,
  reports: string[],
  scps: string[],
): OrgAccountEntry {
  const byCheck: Record<string, number> = {};
  for (const f of report.findings) {
    if (f.status !== 'FAIL' || f.suppressed) continue;
    byCheck[f.checkId] = (byCheck[f.checkId] ?? 0) + 1;
  }
  return {
    ...base,
    status: 'AUDITED',
    exitCode,
    bySeverity: { ...report.summary.bySeverity },
    failed: report.summary.failed,
    notAssessed: report.summary.notAssessed,
    suppressed: report.summary.suppressed ?? 0,
    notAssessedChecks: report.checks.filter((c) => c.status === 'NOT_ASSESSED').map((c) => c.id),
    notApplicableChecks: report.checks.filter((c) => c.status === 'NOT_APPLICABLE').map((c) => c.id),
    gaps: [...new Set(report.gaps.map((g) => `${g.api} ${g.error}`))],
    byCheck: Object.fromEntries(Object.entries(byCheck).sort(([a], [b]) => byCodePoint(a, b))),
    scps,
    reports,
  };
}

/** Worst first: more critical findings, then more high, ..., then more not assessed; ties by account id. */
export function compareAccounts(a: OrgAccountEntry, b: OrgAccountEntry): number {
  if (a.status !== b.status) return a.status === 'FAILED' ? -1 : 1;
  if (a.status === 'AUDITED') {
    for (const s of SEVERITIES) {
      const d = (b.bySeverity?.[s] ?? 0) - (a.bySeverity?.[s] ?? 0);
      if (d !== 0) return d;
    }
    const d = (b.notAssessed ?? 0) - (a.notAssessed ?? 0);
    if (d !== 0) return d;
  }
  return byCodePoint(a.id, b.id);
}

export class OrgReportBuilder {
  private readonly entries: OrgAccountEntry[] = [];
  private readonly checks = new Map<string, OrgCheckEntry>();

  constructor(
    private readonly model: OrganizationModel,
    private readonly scope: OrgReport['scope'],
    private readonly skipped: OrgReport['skippedAccounts'],
  ) {}

  /**
   * Adds an audited account: its entry, and its check outcomes to the by-check totals. Only the outcomes' id, title,
   * severity and status are read, so the Lambda aggregator passes them from the per-account records instead of full
   * reports (src/org/account-record.ts).
   */
  addAudited(entry: OrgAccountEntry, report: { checks: ReadonlyArray<CheckOutcomeSummary> }): void {
    this.entries.push(entry);
    for (const o of report.checks) {
      let c = this.checks.get(o.id);
      if (!c) this.checks.set(o.id, (c = { checkId: o.id, title: o.title, severity: o.severity, findings: 0, accounts: 0, notAssessedAccounts: 0, notApplicableAccounts: 0 }));
      const n = entry.byCheck?.[o.id] ?? 0;
      c.findings += n;
      if (n > 0) c.accounts++;
      if (o.status === 'NOT_ASSESSED') c.notAssessedAccounts++;
      else if (o.status === 'NOT_APPLICABLE') c.notApplicableAccounts++;
    }
  }

  addFailed(entry: { id: string; name: string; ouPath: string; reason: string; error?: string }): void {
    this.entries.push({ ...entry, status: 'FAILED' });
  }

  get accounts(): readonly OrgAccountEntry[] {
    return this.entries;
  }

  build(generatedAt: string, gaps: Gap[]): OrgReport {
    const audited = this.entries.filter((e) => e.status === 'AUDITED');
    const bySeverity = zero();
    for (const e of audited) for (const s of SEVERITIES) bySeverity[s] += e.bySeverity?.[s] ?? 0;
    const sum = (k: 'failed' | 'notAssessed' | 'suppressed') => audited.reduce((n, e) => n + (e[k] ?? 0), 0);
    const m = this.model;
    return {
      reportVersion: ORG_REPORT_VERSION,
      tool: { name: 'hardening-audit', version: TOOL_VERSION },
      generatedAt,
      organization: { id: m.id, arn: m.arn, managementAccountId: m.managementAccountId, featureSet: m.featureSet, scpEnabled: m.root.scpEnabled },
      scope: this.scope,
      summary: {
        accounts: {
          selected: this.entries.length + this.skipped.length,
          audited: audited.length,
          failed: this.entries.length - audited.length,
          skipped: this.skipped.length,
          incomplete: audited.filter((e) => e.exitCode === 3).length,
          clean: audited.filter((e) => e.exitCode !== 3 && (e.failed ?? 0) === 0).length,
        },
        bySeverity,
        failed: sum('failed'),
        notAssessed: sum('notAssessed'),
        suppressed: sum('suppressed'),
      },
      byCheck: [...this.checks.values()]
        .filter((c) => c.findings > 0 || c.notAssessedAccounts > 0)
        .sort(
          (a, b) =>
            SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
            b.accounts - a.accounts ||
            b.findings - a.findings ||
            byCodePoint(a.checkId, b.checkId),
        ),
      accounts: [...this.entries].sort(compareAccounts),
      skippedAccounts: this.skipped,
      ...(m.scps
        ? {
            serviceControlPolicies: m.scps.map((p) => ({
              id: p.id,
              name: p.name,
              awsManaged: p.awsManaged,
              targets: [...p.targets].sort((a, b) => byCodePoint(a.targetId, b.targetId)),
            })),
          }
        : {}),
      gaps,
    };
  }
}

/** Exit code of the org run: 3 when anything is incomplete (a failed account, an org-level gap, an incomplete
 * account), 1 when some account has findings at or above --fail-on, else 0. */
export function orgExitCode(report: OrgReport, failOn: Severity | 'none'): 0 | 1 | 3 {
  if (report.summary.accounts.failed > 0 || report.gaps.length > 0 || report.accounts.some((a) => a.exitCode === 3)) return 3;
  if (failOn === 'none') return 0;
  return report.accounts.some((a) => a.exitCode === 1) ? 1 : 0;
}
