// Who an AWS account id is, from the audited account's point of view: another account of its own organization
// (internal), a publicly known vendor or AWS service account (named), or unknown. Used to name trusted accounts in
// findings and to grade their severity (unknown > known vendor > same organization).
import type { KnownAccount } from '../../settings/known-accounts.js';
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import type { CheckContext } from '../types.js';
import type { Severity } from '../../vocabulary.js';

export type AccountClass = 'organization' | 'known' | 'unknown';

export interface ClassifiedAccount {
  accountId: string;
  class: AccountClass;
  /** Known accounts: the vendor or AWS service; organization accounts: nothing (the id says it). */
  name?: string;
  type?: string;
  /** Known accounts the list marks as no longer in use. */
  retired?: true;
}

/** The organization's accounts: from the context (org mode), else from the snapshot's organization part. */
export function organizationAccounts(snapshot: AccountSnapshot, context: CheckContext): ReadonlySet<string> {
  return context.organizationAccountIds ?? new Set(snapshot.organization?.accountIds ?? []);
}

export function classifyAccount(accountId: string, org: ReadonlySet<string>, context: CheckContext): ClassifiedAccount {
  if (org.has(accountId)) return { accountId, class: 'organization' };
  const k: KnownAccount | undefined = context.knownAccounts?.get(accountId);
  if (!k) return { accountId, class: 'unknown' };
  return { accountId, class: 'known', name: k.name, ...(k.type ? { type: k.type } : {}), ...(k.enabled ? {} : { retired: true as const }) };
}

/** "Datadog (464622532012)", "111122223333 (same organization)", "an unknown account 999988887777". */
export function accountLabel(a: ClassifiedAccount): string {
  switch (a.class) {
    case 'known':
      return `${a.name}${a.type === 'aws' ? ' (AWS service)' : ''} (${a.accountId}${a.retired ? ', listed as no longer in use' : ''})`;
    case 'organization':
      return `${a.accountId} (same organization)`;
    case 'unknown':
      return `the unknown account ${a.accountId}`;
  }
}

/** The severity a set of trusted accounts deserves: any unknown one → high; known vendors → medium; only own org → low. */
export function trustSeverity(accounts: readonly ClassifiedAccount[]): Severity {
  if (accounts.some((a) => a.class === 'unknown')) return 'high';
  if (accounts.some((a) => a.class === 'known')) return 'medium';
  return 'low';
}
