// Joins the credential report with the users list. AWS reuses a generated report for up to 4 hours, so a row may
// name a user deleted since: only rows whose user still exists (same ARN) are judged.
import type { AccountSnapshot, CredentialReport, CredentialReportRow, IamUser } from '../../snapshot/snapshot.js';

export interface ReportUser {
  row: CredentialReportRow;
  user: IamUser;
}

/**
 * The credential report, or an error when the snapshot has none and no gap explains why (an offline snapshot
 * without a CSV). Throwing makes the runner report NOT_ASSESSED instead of an empty PASS.
 */
export function requireCredentialReport(snapshot: AccountSnapshot): CredentialReport {
  if (!snapshot.credentialReport) throw new Error('the snapshot has no credential report');
  return snapshot.credentialReport;
}

/** The `<root_account>` row, if the report has one. */
export function rootRow(snapshot: AccountSnapshot): CredentialReportRow | undefined {
  return requireCredentialReport(snapshot).rows.find((r) => r.isRoot);
}

/** Non-root rows whose user still exists in snapshot.users, in report order. */
export function reportUsers(snapshot: AccountSnapshot): ReportUser[] {
  const byArn = new Map(snapshot.users.map((u) => [u.arn, u]));
  const out: ReportUser[] = [];
  for (const row of requireCredentialReport(snapshot).rows) {
    if (row.isRoot) continue;
    const user = byArn.get(row.arn);
    if (user) out.push({ row, user });
  }
  return out;
}

/** Key slot names as the credential report calls them. */
export const KEY_SLOTS = ['key1', 'key2'] as const;
