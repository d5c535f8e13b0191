// iam.user.without-console-mfa: with iam.user.console-without-mfa, every IAM user has MFA (Security Hub IAM.19); a
// user is judged by one of the two, never both.
import { beforeAll, describe, expect, it } from 'vitest';
import { userConsoleWithoutMfa } from '../../../src/checks/iam/user-console-without-mfa.js';
import { userWithoutConsoleMfa } from '../../../src/checks/iam/user-without-console-mfa.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

describe('iam.user.without-console-mfa', () => {
  it('fails an API-only user without MFA, passes one with MFA, and leaves console users to the console check', () => {
    const snap = snapshot()
      .user('ci', { credentials: { key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) } } })
      .user('ops', { credentials: { mfaActive: true, key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) } } })
      .user('alice', { credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: false } })
      .build();
    const { findings } = runChecks(snap, [userWithoutConsoleMfa, userConsoleWithoutMfa], ctx);
    expect(findings.map((f) => [f.checkId, f.resourceArn, f.severity])).toEqual([
      ['iam.user.console-without-mfa', user('alice'), 'high'],
      ['iam.user.without-console-mfa', user('ci'), 'low'],
    ]);
  });

  it('is NOT_ASSESSED for a user without a credential report row', () => {
    const snap = snapshot().user('ghost').build();
    snap.credentialReport = { generatedTime: snap.collectedAt, rows: snap.credentialReport!.rows.filter((r) => !r.arn.endsWith(':user/ghost')) };
    const { outcomes } = runChecks(snap, [userWithoutConsoleMfa], ctx);
    expect(outcomes[0]!.status).toBe('NOT_ASSESSED');
  });
});
