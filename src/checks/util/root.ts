// Evidence about the root user: the credential report's <root_account> row, else GetAccountSummary (AccountMFAEnabled,
// AccountAccessKeysPresent: 1 or 0). Neither -> no verdict, and the runner reports NOT_ASSESSED naming both sources.
import type { AccountSnapshot, CredentialReportRow } from '../../snapshot/snapshot.js';
import type { Population } from '../types.js';
import { accountArn } from './arn.js';

/**
 * The root row when there is a report that has one (no report is not an error here: the summary may stand in), unless
 * a credential report gap leaves one of `columns` of it unknown: the row unreadable or duplicated, or the column
 * unreadable in it or missing from the report. Read as false, an unreadable access_key_1_active would be a PASS.
 */
export function rootRowIfAny(snapshot: AccountSnapshot, columns: readonly string[]): CredentialReportRow | undefined {
  const row = snapshot.credentialReport?.rows.find((r) => r.isRoot);
  if (!row) return undefined;
  const unknown = snapshot.gaps.some(
    (g) =>
      g.part === 'credentialReport' &&
      (g.resource === undefined || g.resource === row.arn) &&
      (g.field === undefined || g.field.startsWith('(') || g.field.split(',').some((c) => columns.includes(c))),
  );
  return unknown ? undefined : row;
}

export type SummaryKey = 'AccountMFAEnabled' | 'AccountAccessKeysPresent';

/** A GetAccountSummary flag as a boolean (the API returns 1 or 0); undefined when absent or not 0/1. */
export function summaryFlag(snapshot: AccountSnapshot, key: SummaryKey): boolean | undefined {
  const v = snapshot.accountSummary?.[key];
  return v === 1 ? true : v === 0 ? false : undefined;
}

export const CREDENTIAL_REPORT_SOURCE = 'credential report <root_account> row';
export const SUMMARY_SOURCE = 'iam:GetAccountSummary';

/** The root user, judged from the credential report row, else from the GetAccountSummary flag `key`. */
export function rootUser(key?: SummaryKey): Population {
  return {
    noun: 'root user',
    closed: true,
    members: (snap) => [accountArn(snap)],
    ...(key ? { sources: ['credentialReport' as const, 'accountSummary' as const] } : {}),
    noEvidence: (snap) => {
      const report = !snap.credentialReport ? 'no credential report' : snap.credentialReport.rows.some((r) => r.isRoot) ? 'the row could not be read in full' : 'the report has none';
      return key
        ? `neither a ${CREDENTIAL_REPORT_SOURCE} (${report}) nor ${key} from ${SUMMARY_SOURCE} (${snap.accountSummary ? 'not in the summary' : 'no account summary'})`
        : `no ${CREDENTIAL_REPORT_SOURCE} (${report})`;
    },
  };
}

/**
 * Whether root has MFA: the credential report row (unless its mfa_active is unreadable), else GetAccountSummary's
 * AccountMFAEnabled; undefined when neither says (no evidence: the runner reports NOT_ASSESSED naming both).
 */
export function rootMfaEvidence(snapshot: AccountSnapshot): { row?: CredentialReportRow; resourceArn: string; mfaActive: boolean } | undefined {
  const row = rootRowIfAny(snapshot, ['mfa_active']);
  if (row) return { row, resourceArn: row.arn, mfaActive: row.mfaActive };
  const fromSummary = summaryFlag(snapshot, 'AccountMFAEnabled');
  return fromSummary === undefined ? undefined : { resourceArn: accountArn(snapshot), mfaActive: fromSummary };
}
