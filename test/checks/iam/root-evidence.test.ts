// The root user is judged from the credential report's <root_account> row, else from GetAccountSummary
// (AccountMFAEnabled / AccountAccessKeysPresent, 1 or 0); neither -> NOT_ASSESSED naming both sources.
import { beforeAll, describe, expect, it } from 'vitest';
import { rootAccessKeys, rootMfa, rootRecentUse } from '../../../src/checks/index.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { credentialReportCoverageGaps } from '../../../src/load/credential-report-coverage.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot, type SnapshotBuilder } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROOT_CHECKS = [rootMfa, rootAccessKeys, rootRecentUse];

/** A report without the root row (as the loaders record it: with the coverage gap), and this account summary. */
function noRootRow(summary: Record<string, number> | undefined, b: SnapshotBuilder = snapshot().user('alice')): AccountSnapshot {
  const snap = b.build();
  snap.credentialReport!.rows = snap.credentialReport!.rows.filter((r) => !r.isRoot);
  if (summary) snap.accountSummary = summary;
  snap.gaps.push(...credentialReportCoverageGaps(snap, 'iam:GetCredentialReport'));
  return snap;
}

const outcome = (snap: AccountSnapshot, id: string) => runChecks(snap, ROOT_CHECKS, ctx).outcomes.find((o) => o.id === id)!;
const findingsOf = (snap: AccountSnapshot, id: string) => runChecks(snap, ROOT_CHECKS, ctx).findings.filter((f) => f.checkId === id);

describe('root without a <root_account> row', () => {
  it('AccountMFAEnabled 0 -> iam.root.mfa FAIL, from the account summary', () => {
    const snap = noRootRow({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });
    expect(outcome(snap, 'iam.root.mfa')).toMatchObject({ status: 'FAIL', evaluated: 1 });
    expect(findingsOf(snap, 'iam.root.mfa')[0]).toMatchObject({ resourceArn: ROOT, status: 'FAIL', evidence: { source: 'iam:GetAccountSummary', AccountMFAEnabled: 0 } });
  });

  it('AccountMFAEnabled 1 -> PASS (not voided by the "no row" gap), the source in the evidence', () => {
    const snap = noRootRow({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 });
    expect(snap.gaps.some((g) => g.resource === ROOT)).toBe(true);
    expect(outcome(snap, 'iam.root.mfa')).toMatchObject({ status: 'PASS', evaluated: 1 });
    expect(rootMfa.run(snap, ctx)).toEqual([
      expect.objectContaining({ resourceArn: ROOT, status: 'PASS', evidence: { source: 'iam:GetAccountSummary', AccountMFAEnabled: 1, mfaActive: true } }),
    ]);
  });

  it('AccountAccessKeysPresent 1 -> iam.root.access-keys FAIL, 0 -> PASS', () => {
    expect(findingsOf(noRootRow({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 }), 'iam.root.access-keys')[0]).toMatchObject({
      status: 'FAIL',
      evidence: { source: 'iam:GetAccountSummary', AccountAccessKeysPresent: 1 },
    });
    expect(outcome(noRootRow({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }), 'iam.root.access-keys')).toMatchObject({ status: 'PASS', evaluated: 1 });
  });

  it('recent use needs the row: NOT_ASSESSED even with a summary', () => {
    expect(outcome(noRootRow({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }), 'iam.root.recent-use').status).toBe('NOT_ASSESSED');
  });

  it('no row and no summary -> NOT_ASSESSED naming both sources, never PASS', () => {
    const snap = noRootRow(undefined);
    for (const id of ['iam.root.mfa', 'iam.root.access-keys']) {
      expect(outcome(snap, id)).toMatchObject({ status: 'NOT_ASSESSED' });
      const [f] = findingsOf(snap, id);
      expect(f).toMatchObject({ resourceArn: ROOT, status: 'NOT_ASSESSED' });
      expect(f!.message).toContain('credential report <root_account> row');
      expect(f!.message).toContain('iam:GetAccountSummary');
    }
  });

  it('a summary without the flag (or not 0/1) is no evidence either', () => {
    expect(outcome(noRootRow({ Users: 3, AccountMFAEnabled: 7 }), 'iam.root.mfa').status).toBe('NOT_ASSESSED');
  });
});

describe('root with a row, or with no report at all', () => {
  it('the row wins over the summary, and says so', () => {
    const snap = snapshot().root({ mfaActive: false }).build();
    snap.accountSummary = { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 };
    expect(findingsOf(snap, 'iam.root.mfa')[0]).toMatchObject({ status: 'FAIL', evidence: { source: 'credential report <root_account> row', mfaActive: false } });
  });

  it('the credential report denied as a whole: judged from the summary', () => {
    const snap = snapshot().gap('credentialReport').build();
    snap.accountSummary = { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 };
    expect(outcome(snap, 'iam.root.mfa').status).toBe('FAIL');
    expect(outcome(snap, 'iam.root.access-keys').status).toBe('PASS');
    expect(outcome(snap, 'iam.root.recent-use').status).toBe('NOT_ASSESSED');
  });

  it('both sources denied: NOT_ASSESSED with both gaps and the advice for each', () => {
    const snap = snapshot().gap('credentialReport').gap('accountSummary', 'AccessDenied', 'iam:GetAccountSummary').build();
    const o = outcome(snap, 'iam.root.mfa');
    expect(o.status).toBe('NOT_ASSESSED');
    expect(o.reason).toContain('iam:GenerateCredentialReport failed: AccessDenied');
    expect(o.reason).toContain('iam:GetAccountSummary failed: AccessDenied');
    const [f] = findingsOf(snap, 'iam.root.mfa');
    expect(f!.remediation).toContain('Allow iam:GetAccountSummary');
  });

  it('the credential report denied and no summary collected: NOT_ASSESSED naming the gap', () => {
    const [f] = findingsOf(snapshot().gap('credentialReport').build(), 'iam.root.mfa');
    expect(f).toMatchObject({ status: 'NOT_ASSESSED', resourceArn: ROOT });
    expect(f!.message).toContain('iam:GenerateCredentialReport failed: AccessDenied');
    expect(f!.remediation).toContain('Allow iam:GenerateCredentialReport');
  });
});
