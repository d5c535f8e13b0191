import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { SEVERITIES } from '../../src/vocabulary.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { SNAPSHOT_PARTS } from '../../src/snapshot/snapshot.js';
import { ACCOUNT, context, daysAgo, goodTrail, OTHER_ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

/** A snapshot that makes most checks produce something. */
function busyAccount() {
  return snapshot()
    .root({ mfaActive: false, passwordLastUsed: daysAgo(2), key1: { active: true, lastRotated: daysAgo(800), lastUsed: daysAgo(300) } })
    .awsManagedPolicy('AdministratorAccess', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}')
    .managedPolicy('app', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'iam:PassRole'], Resource: '*' }] })
    .group('admins', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
    .user('alice', { groups: ['admins'], credentials: { passwordEnabled: true, passwordLastUsed: daysAgo(100) } })
    .user('ci', {
      managed: ['app'],
      inline: { extra: { Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } } },
      credentials: { key1: { active: true, lastRotated: daysAgo(200), lastUsed: null }, key2: { active: true, lastRotated: daysAgo(1) } },
    })
    .credentialRow('deleted', `arn:aws:iam::${ACCOUNT}:user/deleted`, { passwordEnabled: true })
    .role('vendor', { trust: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' } } })
    .role('public', { trust: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } }, lastUsed: daysAgo(1) })
    .serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com', { createDate: daysAgo(1000) })
    .passwordPolicy(null)
    .cloudTrail([goodTrail()]);
}

describe('the registry', () => {
  it('has unique, stable dotted ids and well-formed metadata', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of ALL_CHECKS) {
      expect(c.id).toMatch(/^(iam|cloudtrail|agent)(\.[a-z0-9-]+)+$/);
      expect(SEVERITIES).toContain(c.severity);
      const reads = [...c.needs, ...(c.population.sources ?? [])];
      expect(reads.length).toBeGreaterThan(0);
      for (const part of reads) expect(SNAPSHOT_PARTS).toContain(part);
      expect(c.population.noun).not.toBe('');
      expect(c.title).not.toBe('');
      expect(c.remediation).not.toBe('');
    }
  });

  it('runs every check on a busy account without errors', () => {
    const { outcomes } = runChecks(busyAccount().build(), ALL_CHECKS, ctx);
    expect(outcomes.filter((o) => o.status === 'NOT_ASSESSED')).toEqual([]);
    const failed = outcomes.filter((o) => o.status === 'FAIL').map((o) => o.id);
    expect(failed).toEqual(
      expect.arrayContaining([
        'iam.root.mfa',
        'iam.root.access-keys',
        'iam.root.recent-use',
        'iam.user.console-without-mfa',
        'iam.user.access-key-age',
        'iam.user.access-key-unused',
        'iam.user.multiple-active-keys',
        'iam.user.password-unused',
        'iam.user.direct-policies',
        'iam.inline-policy',
        'iam.policy.full-admin',
        'iam.policy.wildcard-actions',
        'iam.policy.not-action-allow',
        'iam.policy.wildcard-resource-write',
        'iam.role.unused',
        'iam.role.external-trust',
        'iam.role.public-trust',
        'iam.role.cross-account-without-external-id',
        'iam.password-policy.missing',
        'iam.password-policy.min-length',
        'iam.password-policy.reuse',
      ]),
    );
  });

  it('never reports a deleted credential-report user', () => {
    const { findings } = runChecks(busyAccount().build(), ALL_CHECKS, ctx);
    expect(findings.some((f) => f.resourceArn.endsWith(':user/deleted'))).toBe(false);
  });
});

describe('gaps', () => {
  const reportChecks = ALL_CHECKS.filter((c) => [...c.needs, ...(c.population.sources ?? [])].includes('credentialReport'));

  it('makes every check that needs the credential report NOT_ASSESSED, never PASS', () => {
    const snap = busyAccount().root({ mfaActive: true }).gap('credentialReport').build();
    const { outcomes, findings } = runChecks(snap, ALL_CHECKS, ctx);
    expect(reportChecks.map((c) => c.id).sort()).toEqual([
      'agent.long-lived-keys',
      'iam.root.access-keys',
      'iam.root.hardware-mfa',
      'iam.root.mfa',
      'iam.root.recent-use',
      'iam.user.access-key-age',
      'iam.user.access-key-at-setup',
      'iam.user.access-key-unused',
      'iam.user.console-without-mfa',
      'iam.user.hardware-mfa',
      'iam.user.multiple-active-keys',
      'iam.user.password-unused',
      'iam.user.without-console-mfa',
    ]);
    for (const c of reportChecks) {
      const o = outcomes.find((x) => x.id === c.id)!;
      expect(o.status).toBe('NOT_ASSESSED');
      expect(o.reason).toContain('iam:GenerateCredentialReport failed: AccessDenied');
      expect(findings.filter((f) => f.checkId === c.id).map((f) => f.status)).toEqual(['NOT_ASSESSED']);
    }
    // Other checks still run.
    expect(outcomes.find((o) => o.id === 'iam.policy.full-admin')!.status).toBe('FAIL');
  });

  it('is NOT_ASSESSED (not an empty PASS) when the credential report is simply absent', () => {
    const { outcomes } = runChecks(snapshot().withoutCredentialReport().build(), reportChecks, ctx);
    expect(outcomes.map((o) => o.status)).toEqual(reportChecks.map(() => 'NOT_ASSESSED'));
    expect(outcomes.find((o) => o.id === 'iam.root.recent-use')!.reason).toBe('check failed to run: the snapshot has no credential report');
    // Root MFA has a second source (GetAccountSummary): its reason names both.
    expect(outcomes.find((o) => o.id === 'iam.root.mfa')!.reason).toMatch(/no credential report.*no account summary/);
  });

  it('is NOT_ASSESSED when the password policy was not collected', () => {
    const { outcomes } = runChecks(snapshot().gap('passwordPolicy', 'AccessDenied', 'iam:GetAccountPasswordPolicy').build(), ALL_CHECKS, ctx);
    for (const id of ['iam.password-policy.missing', 'iam.password-policy.min-length', 'iam.password-policy.reuse']) {
      expect(outcomes.find((o) => o.id === id)!.status).toBe('NOT_ASSESSED');
    }
  });
});

describe('determinism', () => {
  it('produces byte-identical output for the same snapshot and context', () => {
    const a = JSON.stringify(runChecks(busyAccount().build(), ALL_CHECKS, ctx));
    const b = JSON.stringify(runChecks(busyAccount().build(), ALL_CHECKS, ctx));
    expect(b).toBe(a);
  });

  it('does not depend on the order of users, roles and policies in the snapshot (as a set of findings)', () => {
    const snap = busyAccount().build();
    const reversed = { ...snap, users: [...snap.users].reverse(), roles: [...snap.roles].reverse(), policies: [...snap.policies].reverse() };
    const ids = (s: typeof snap) => runChecks(s, ALL_CHECKS, ctx).findings.map((f) => f.id);
    expect(ids(reversed)).toEqual(ids(snap));
  });
});

describe('entity-scoped gaps', () => {
  it('make the one unreadable entity NOT_ASSESSED in the checks that need its part, and leave the others judged', () => {
    const snap = busyAccount().user('bob', { managed: ['app'] }).build();
    const ci = snap.users.find((u) => u.name === 'ci')!;
    snap.gaps.push({ part: 'users', api: 'iam:GetAccountAuthorizationDetails', error: 'MissingField', message: 'UserName is missing', resource: ci.arn, field: 'UserName' });
    const { outcomes, findings } = runChecks(snap, ALL_CHECKS, ctx);
    const direct = findings.filter((f) => f.checkId === 'iam.user.direct-policies');
    expect(direct.find((f) => f.resourceArn === ci.arn)?.status).toBe('NOT_ASSESSED');
    // Nothing else of the part is lost: the check still ran (it is not NOT_ASSESSED as a whole).
    expect(outcomes.find((o) => o.id === 'iam.user.direct-policies')?.status).toBe('FAIL');
    expect(direct.find((f) => f.resourceArn.endsWith(':user/bob'))?.status).toBe('FAIL');
    // A check that does not need the users part is untouched.
    expect(findings.filter((f) => f.checkId === 'iam.role.public-trust' && f.status === 'NOT_ASSESSED')).toEqual([]);
  });
});
