import { beforeAll, describe, expect, it } from 'vitest';
import {
  userAccessKeyAge,
  userAccessKeyUnused,
  userConsoleWithoutMfa,
  userMultipleActiveKeys,
  userPasswordUnused,
} from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, NOW, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, passes, resultFor, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

describe('iam.user.console-without-mfa', () => {
  const snap = () =>
    snapshot()
      .root({ mfaActive: false })
      .user('alice', { credentials: { passwordEnabled: true, mfaActive: true, passwordLastUsed: daysAgo(1) } })
      .user('bob', { credentials: { passwordEnabled: true, mfaActive: false, passwordLastUsed: null } })
      .user('ci', { credentials: { passwordEnabled: false, key1: { active: true, lastRotated: daysAgo(5) } } })
      .build();

  it('fails console users without MFA and passes those with it; ignores the root row and key-only users', () => {
    const r = run(userConsoleWithoutMfa, snap(), ctx);
    expect(r.map((x) => [x.resourceArn, x.status])).toEqual([
      [userArn('alice'), 'PASS'],
      [userArn('bob'), 'FAIL'],
    ]);
  });

  it('drafts MFA enablement with the real user name and account, or removing the password', () => {
    const [bob] = fails(run(userConsoleWithoutMfa, snap(), ctx));
    expect(bob!.remediation).toContain(`aws iam enable-mfa-device --user-name bob --serial-number arn:aws:iam::${ACCOUNT}:mfa/bob`);
    expect(bob!.remediation).toContain('aws iam delete-login-profile --user-name bob');
    expect(bob!.evidence).toMatchObject({ passwordLastUsed: null, mfaActive: false });
  });

  it('does not judge a credential-report user that no longer exists', () => {
    const s = snapshot()
      .credentialRow('gone', userArn('gone'), { passwordEnabled: true, mfaActive: false })
      .build();
    expect(run(userConsoleWithoutMfa, s, ctx)).toEqual([]);
  });
});

describe('iam.user.access-key-age', () => {
  it('reports one result per active key slot, failing keys older than accessKeyMaxAgeDays', () => {
    const s = snapshot()
      .user('alice', {
        credentials: {
          key1: { active: true, lastRotated: daysAgo(91), lastUsed: daysAgo(1) },
          key2: { active: true, lastRotated: daysAgo(10) },
        },
      })
      .user('bob', { credentials: { key1: { active: false, lastRotated: daysAgo(900) } } })
      .build();
    const r = run(userAccessKeyAge, s, ctx);
    expect(r.map((x) => [x.detail, x.status])).toEqual([
      ['key1', 'FAIL'],
      ['key2', 'PASS'],
    ]);
    const key1 = resultFor(r, 'user/alice', 'key1');
    expect(key1.evidence).toMatchObject({ key: 'key1', lastRotated: daysAgo(91), ageDays: 91, thresholdDays: 90 });
    expect(key1.message).toBe("alice's active access key1 is 91 days old (limit 90).");
    expect(key1.remediation).toContain('aws iam update-access-key --user-name alice --access-key-id <key1-id> --status Inactive');
  });

  it('passes a key exactly at the limit and fails one a day over', () => {
    const s = snapshot()
      .user('at', { credentials: { key1: { active: true, lastRotated: daysAgo(90) } } })
      .user('over', { credentials: { key1: { active: true, lastRotated: daysAgo(91) } } })
      .build();
    const r = run(userAccessKeyAge, s, ctx);
    expect(resultFor(r, 'user/at').status).toBe('PASS');
    expect(resultFor(r, 'user/over').status).toBe('FAIL');
  });

  it('skips users deleted since the report was generated', () => {
    const s = snapshot()
      .credentialRow('gone', userArn('gone'), { key1: { active: true, lastRotated: daysAgo(500) } })
      .build();
    expect(run(userAccessKeyAge, s, ctx)).toEqual([]);
  });
});

describe('iam.user.access-key-unused', () => {
  const s = () =>
    snapshot()
      .user('rotated-today', { credentials: { key1: { active: true, lastRotated: daysAgo(0.2), lastUsed: null } } })
      .user('never-used-old', { credentials: { key1: { active: true, lastRotated: daysAgo(46), lastUsed: null } } })
      .user('idle', { credentials: { key2: { active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(60) } } })
      .user('busy', { credentials: { key1: { active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(2) } } })
      .user('inactive', { credentials: { key1: { active: false, lastRotated: daysAgo(300), lastUsed: null } } })
      .build();

  it('does not flag a key rotated today that has not been used yet', () => {
    const r = resultFor(run(userAccessKeyUnused, s(), ctx), 'user/rotated-today', 'key1');
    expect(r.status).toBe('PASS');
    expect(r.evidence).toMatchObject({ lastUsed: null, idleDays: 0 });
  });

  it('flags a never-used key created more than accessKeyUnusedDays ago (N/A last-used is null)', () => {
    const r = resultFor(run(userAccessKeyUnused, s(), ctx), 'user/never-used-old', 'key1');
    expect(r.status).toBe('FAIL');
    expect(r.message).toContain('never been used');
  });

  it('flags a key last used longer ago than the threshold, in its own slot', () => {
    const r = resultFor(run(userAccessKeyUnused, s(), ctx), 'user/idle', 'key2');
    expect(r).toMatchObject({ status: 'FAIL', evidence: { idleDays: 60, thresholdDays: 45, lastUsed: daysAgo(60) } });
  });

  it('passes used keys and ignores inactive ones', () => {
    const r = run(userAccessKeyUnused, s(), ctx);
    expect(resultFor(r, 'user/busy').status).toBe('PASS');
    expect(r.some((x) => x.resourceArn.endsWith('user/inactive'))).toBe(false);
    expect(fails(r)).toHaveLength(2);
  });
});

describe('iam.user.multiple-active-keys', () => {
  it('fails a user with two active keys and suggests retiring the one used least recently', () => {
    const s = snapshot()
      .user('two', {
        credentials: {
          key1: { active: true, lastRotated: daysAgo(100), lastUsed: daysAgo(1) },
          key2: { active: true, lastRotated: daysAgo(50), lastUsed: null },
        },
      })
      .user('one', { credentials: { key1: { active: true, lastRotated: daysAgo(10) }, key2: { active: false } } })
      .user('none')
      .build();
    const r = run(userMultipleActiveKeys, s, ctx);
    expect(r.map((x) => x.status)).toEqual(['FAIL', 'PASS', 'PASS']);
    expect(r[0]!.remediation).toContain('# key2 is the one used least recently (never used)');
  });
});

describe('iam.user.password-unused', () => {
  const s = () =>
    snapshot()
      .user('recent', { credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(5), mfaActive: true } })
      .user('stale', { credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(100), mfaActive: true } })
      .user('never-new', { credentials: { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: daysAgo(3) } })
      .user('never-old', { credentials: { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: daysAgo(200) } })
      .user('never-nodates', {
        createDate: daysAgo(1),
        credentials: { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: null, userCreationTime: null },
      })
      .user('no-password', { credentials: { passwordEnabled: false } })
      .build();

  it('judges used passwords by last use', () => {
    const r = run(userPasswordUnused, s(), ctx);
    expect(resultFor(r, 'user/recent').status).toBe('PASS');
    const stale = resultFor(r, 'user/stale');
    expect(stale.status).toBe('FAIL');
    expect(stale.remediation).toBe('aws iam delete-login-profile --user-name stale');
  });

  it('judges never-used passwords (no_information) from password_last_changed, then user creation', () => {
    const r = run(userPasswordUnused, s(), ctx);
    expect(resultFor(r, 'user/never-new').status).toBe('PASS');
    expect(resultFor(r, 'user/never-old')).toMatchObject({ status: 'FAIL', evidence: { idleDays: 200 } });
    expect(resultFor(r, 'user/never-nodates')).toMatchObject({ status: 'PASS', evidence: { idleDays: 1 } });
  });

  it('only evaluates users with a console password', () => {
    expect(run(userPasswordUnused, s(), ctx).some((x) => x.resourceArn.endsWith('user/no-password'))).toBe(false);
  });

  it('measures against context.now, not the wall clock', () => {
    const later = { ...ctx, now: new Date(Date.parse(NOW) + 60 * 86_400_000).toISOString() };
    expect(resultFor(run(userPasswordUnused, s(), later), 'user/never-new').status).toBe('FAIL');
    expect(passes(run(userPasswordUnused, s(), later)).map((x) => x.resourceArn)).toEqual([]);
  });
});
