// iam.user.access-key-at-setup (CIS 1.11): a console user's active key with no last-used date.
import { beforeAll, describe, expect, it } from 'vitest';
import { userAccessKeyAtSetup } from '../../../src/checks/iam/user-access-key-at-setup.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const consoleUser = { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true };

describe('iam.user.access-key-at-setup', () => {
  it('fails a console user with a never-used active key (no grace period), naming the slot', () => {
    const snap = snapshot()
      .user('alice', { credentials: { ...consoleUser, key1: { active: true, lastRotated: daysAgo(0), lastUsed: null } } })
      .user('bob', { credentials: { ...consoleUser, key1: { active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(2) } } })
      .user('ci', { credentials: { key1: { active: true, lastRotated: daysAgo(30), lastUsed: null } } })
      .user('carol', { credentials: { ...consoleUser, key2: { active: false, lastRotated: daysAgo(30), lastUsed: null } } })
      .build();
    const { findings, outcomes } = runChecks(snap, [userAccessKeyAtSetup], ctx);
    expect(findings.map((f) => [f.resourceArn, f.message])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/alice`, 'alice has a console password and an active access key (key1) it has never used.'],
    ]);
    expect(outcomes[0]!.evaluated).toBe(2); // alice and bob: ci has no password, carol's key is inactive
  });
});
