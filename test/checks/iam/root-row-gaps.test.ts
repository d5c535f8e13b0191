// A root row whose deciding column could not be read is no evidence (src/checks/util/root.ts rootRowIfAny): read as
// false, an unreadable access_key_1_active would pass iam.root.access-keys. The summary stands in, else NOT_ASSESSED.
import { beforeAll, describe, expect, it } from 'vitest';
import { rootAccessKeys } from '../../../src/checks/iam/root-access-keys.js';
import { rootMfa } from '../../../src/checks/iam/root-mfa.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot, Gap } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const unreadable = (field: string, resource: string | undefined = ROOT): Gap => ({
  part: 'credentialReport',
  api: 'iam:GetCredentialReport',
  error: 'Unreadable',
  message: `column ${field}: expected true or false`,
  ...(resource ? { resource } : {}),
  field,
});
const status = (snap: AccountSnapshot, check: typeof rootMfa) => {
  const { outcomes, findings } = runChecks(snap, [check], ctx);
  return { outcome: outcomes[0]!.status, messages: findings.map((f) => f.message) };
};
// The row says no active key and MFA on; only the gap says the key column was unreadable.
const rootRow = () => snapshot().root({ mfaActive: true, key1: { active: false }, key2: { active: false } });

describe('root checks and gaps of the root row', () => {
  it('an unreadable access_key_1_active is not a PASS: NOT_ASSESSED without the summary, FAIL from it', () => {
    const snap = rootRow().build();
    snap.gaps.push(unreadable('access_key_1_active'));
    const s = status(snap, rootAccessKeys);
    expect(s.outcome).toBe('NOT_ASSESSED');
    expect(s.messages[0]).toMatch(/the row could not be read in full/);

    const withSummary = rootRow().build();
    withSummary.gaps.push(unreadable('access_key_1_active'));
    withSummary.accountSummary = { AccountAccessKeysPresent: 1, AccountMFAEnabled: 1 };
    expect(status(withSummary, rootAccessKeys).outcome).toBe('FAIL');
  });

  it('a column missing from the whole report counts as unreadable for the root row too', () => {
    const snap = rootRow().build();
    snap.gaps.push({ ...unreadable('access_key_1_active,access_key_2_active', undefined), error: 'MissingColumn' });
    expect(status(snap, rootAccessKeys).outcome).toBe('NOT_ASSESSED');
  });

  it('a gap in a column the check does not read leaves its verdict alone', () => {
    const snap = rootRow().build();
    snap.gaps.push(unreadable('password_last_used'));
    expect(status(snap, rootAccessKeys).outcome).toBe('PASS');
    expect(status(snap, rootMfa).outcome).toBe('PASS');
  });

  it('an unreadable mfa_active is not judged from the row', () => {
    const snap = rootRow().build();
    snap.gaps.push(unreadable('mfa_active'));
    expect(status(snap, rootMfa).outcome).toBe('NOT_ASSESSED');
  });
});
