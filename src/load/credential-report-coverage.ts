// Checks that join the credential report with the rest of the snapshot, for the live and the offline path alike.
import type { AccountSnapshot, CredentialReportRow, Gap } from '../snapshot/snapshot.js';
import { arnAccount } from './fields.js';

/** The first row naming another account than `accountId`, as a sentence; undefined when every row is this account's. */
export function foreignCredentialReportRow(rows: readonly CredentialReportRow[], accountId: string): string | undefined {
  const row = rows.find((r) => {
    const account = arnAccount(r.arn);
    return account !== undefined && account !== accountId;
  });
  if (!row) return undefined;
  return `the credential report is of account ${arnAccount(row.arn)} (${row.isRoot ? 'root row' : 'row of'} ${row.arn}), not of the audited account ${accountId}`;
}

/**
 * Every user of the inventory without a row, and a report without the `<root_account>` row, is a gap for that
 * principal: no evidence is not a pass (a user created after the report was generated has no row either). The root
 * gap leaves iam.root.recent-use without a row-based verdict (a CloudTrail root event can still FAIL it): iam.root.mfa and iam.root.access-keys list the
 * credential report as one of two sources (population.sources) and fall back to GetAccountSummary, naming this gap
 * only when neither source has the answer.
 */
export function credentialReportCoverageGaps(snapshot: AccountSnapshot, source: string): Gap[] {
  const report = snapshot.credentialReport;
  if (!report || snapshot.gaps.some((g) => g.part === 'users' && g.resource === undefined)) return [];
  const arns = new Set(report.rows.map((r) => r.arn));
  const gap = (resource: string, message: string): Gap => ({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'NoRow', message: `${source}: ${message}`, resource, field: '(row)' });
  const out = snapshot.users.filter((u) => !arns.has(u.arn)).map((u) => gap(u.arn, `no row for ${u.arn}`));
  if (!report.rows.some((r) => r.isRoot)) out.push(gap(`arn:${snapshot.partition}:iam::${snapshot.accountId}:root`, 'no <root_account> row'));
  return out;
}
