import { beforeAll, describe, expect, it } from 'vitest';
import { rootAccessKeys, rootMfa, rootRecentUse } from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

describe('iam.root.mfa', () => {
  it('passes when the root row has MFA', () => {
    const r = run(rootMfa, snapshot().build(), ctx);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ resourceArn: ROOT, status: 'PASS' });
  });

  it('fails without MFA, with a console draft (root MFA cannot be set from the CLI)', () => {
    const r = run(rootMfa, snapshot().root({ mfaActive: false }).build(), ctx);
    expect(r[0]).toMatchObject({ resourceArn: ROOT, status: 'FAIL', evidence: { mfaActive: false } });
    expect(r[0]!.remediation).toContain(ACCOUNT);
  });

  it('judges only the root row, not users without MFA', () => {
    const snap = snapshot().user('alice', { credentials: { passwordEnabled: true, mfaActive: false } }).build();
    expect(run(rootMfa, snap, ctx).map((r) => r.resourceArn)).toEqual([ROOT]);
  });
});

describe('iam.root.access-keys', () => {
  it('passes with no active root key (an inactive one does not count)', () => {
    const snap = snapshot().root({ key1: { active: false, lastRotated: daysAgo(900) } }).build();
    expect(run(rootAccessKeys, snap, ctx)[0]!.status).toBe('PASS');
  });

  it('fails on an active key in either slot and names the slot', () => {
    const snap = snapshot().root({ key2: { active: true, lastRotated: daysAgo(10) } }).build();
    const [r] = fails(run(rootAccessKeys, snap, ctx));
    expect(r!.message).toContain('key2');
    expect(r!.evidence.keys).toEqual([
      { slot: 'key1', active: false, lastRotated: null, lastUsed: null, lastUsedService: null },
      { slot: 'key2', active: true, lastRotated: daysAgo(10), lastUsed: null, lastUsedService: null },
    ]);
  });
});

describe('iam.root.recent-use', () => {
  it('passes when root was never used (no_information dates are null)', () => {
    const r = run(rootRecentUse, snapshot().build(), ctx);
    expect(r[0]).toMatchObject({ status: 'PASS', message: 'The root user has no recorded use.' });
  });

  it('passes when the last use is older than rootUsedDays', () => {
    const snap = snapshot().root({ passwordLastUsed: daysAgo(31) }).build();
    expect(run(rootRecentUse, snap, ctx)[0]!.status).toBe('PASS');
  });

  it('fails on a password sign-in within rootUsedDays', () => {
    const snap = snapshot().root({ passwordLastUsed: daysAgo(3) }).build();
    const [r] = fails(run(rootRecentUse, snap, ctx));
    expect(r!.message).toContain('password 3 days ago');
    expect(r!.evidence.lastUsed).toBe(daysAgo(3));
  });

  it('fails on recent root access key use', () => {
    const snap = snapshot()
      .root({ key1: { active: true, lastRotated: daysAgo(500), lastUsed: daysAgo(1) } })
      .build();
    expect(fails(run(rootRecentUse, snap, ctx))[0]!.message).toContain('access key1 1 day ago');
  });

  it('honours the threshold from the context', () => {
    const snap = snapshot().root({ passwordLastUsed: daysAgo(10) }).build();
    expect(run(rootRecentUse, snap, { ...ctx, thresholds: { ...ctx.thresholds, rootUsedDays: 7 } })[0]!.status).toBe('PASS');
  });
});
