import { beforeAll, describe, expect, it } from 'vitest';
import { inlinePolicy, roleUnused, userDirectPolicies } from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

// Statement as a single object and Action as a plain string: the normalizer turns both into arrays.
const S3_READ = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}';

describe('iam.inline-policy', () => {
  const snap = () =>
    snapshot()
      .user('alice', { inline: { 'alice-s3': S3_READ } })
      .user('bob')
      .group('devs', { inline: { 'devs-a': S3_READ, 'devs-b': S3_READ } })
      .role('app', { inline: { 'app-inline': S3_READ } })
      .serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com', { inline: { AWSSupportServiceRolePolicy: S3_READ } })
      .build();

  it('reports one finding per principal and inline policy, detail = policy name', () => {
    const f = fails(run(inlinePolicy, snap(), ctx));
    expect(f.map((r) => [r.resourceArn.split(':').pop(), r.detail])).toEqual([
      ['user/alice', 'alice-s3'],
      ['group/devs', 'devs-a'],
      ['group/devs', 'devs-b'],
      ['role/app', 'app-inline'],
    ]);
  });

  it('excludes service-linked roles and passes principals without inline policies', () => {
    const r = run(inlinePolicy, snap(), ctx);
    expect(r.some((x) => x.resourceArn.includes('aws-service-role'))).toBe(false);
    expect(resultFor(r, 'user/bob').status).toBe('PASS');
  });

  it('drafts create-policy / attach / delete with the normalized document', () => {
    const alice = resultFor(run(inlinePolicy, snap(), ctx), 'user/alice', 'alice-s3');
    expect(alice.remediation).toContain('aws iam create-policy --policy-name alice-s3 --policy-document file://alice-s3.json');
    expect(alice.remediation).toContain(`aws iam attach-user-policy --user-name alice --policy-arn arn:aws:iam::${ACCOUNT}:policy/alice-s3`);
    expect(alice.remediation).toContain('aws iam delete-user-policy --user-name alice --policy-name alice-s3');
    expect(alice.evidence.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] }],
    });
  });
});

describe('iam.user.direct-policies', () => {
  const snap = () =>
    snapshot()
      .group('readers', { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
      .user('grouped', { groups: ['readers'] })
      .user('direct', { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inline: { extra: S3_READ } })
      .build();

  it('passes users whose permissions come only from groups', () => {
    expect(resultFor(run(userDirectPolicies, snap(), ctx), 'user/grouped').status).toBe('PASS');
  });

  it('fails users with managed or inline policies attached directly, with a group-based draft', () => {
    const r = resultFor(run(userDirectPolicies, snap(), ctx), 'user/direct');
    expect(r.status).toBe('FAIL');
    expect(r.message).toBe('direct has 1 managed policy and 1 inline policy attached directly instead of through a group.');
    expect(r.remediation).toContain('aws iam create-group --group-name direct-permissions');
    expect(r.remediation).toContain('aws iam attach-group-policy --group-name direct-permissions --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(r.remediation).toContain('aws iam put-group-policy --group-name direct-permissions --policy-name extra');
    expect(r.remediation).toContain('aws iam add-user-to-group --group-name direct-permissions --user-name direct');
    expect(r.remediation).toContain('aws iam detach-user-policy --user-name direct --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(r.remediation).toContain('aws iam delete-user-policy --user-name direct --policy-name extra');
  });
});

describe('iam.role.unused', () => {
  const snap = () =>
    snapshot()
      .role('busy', { createDate: daysAgo(400), lastUsed: daysAgo(3) })
      .role('stale', { createDate: daysAgo(400), lastUsed: daysAgo(120), managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], instanceProfiles: ['stale-profile'] })
      .role('new', { createDate: daysAgo(1) })
      .role('never', { createDate: daysAgo(91) })
      .serviceLinkedRole('AWSServiceRoleForElasticLoadBalancing', 'elasticloadbalancing.amazonaws.com', { createDate: daysAgo(700) })
      .build();

  it('does not flag a role created yesterday that has not been used yet', () => {
    expect(resultFor(run(roleUnused, snap(), ctx), 'role/new')).toMatchObject({ status: 'PASS', evidence: { lastUsedDate: null, idleDays: 1 } });
  });

  it('flags roles unused for longer than roleUnusedDays, and never-used roles older than that', () => {
    const r = run(roleUnused, snap(), ctx);
    expect(resultFor(r, 'role/busy').status).toBe('PASS');
    const stale = resultFor(r, 'role/stale');
    expect(stale).toMatchObject({ status: 'FAIL', evidence: { idleDays: 120, lastUsedRegion: 'eu-west-1' } });
    expect(stale.severity).toBeUndefined();
    expect(stale.remediation).toContain('aws iam detach-role-policy --role-name stale --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(stale.remediation).toContain('aws iam remove-role-from-instance-profile --instance-profile-name stale-profile --role-name stale');
    expect(stale.remediation).toMatch(/aws iam delete-role --role-name stale$/);
    expect(resultFor(r, 'role/never').message).toContain('no recorded use');
  });

  it('reports unused service-linked roles at severity info with delete-service-linked-role', () => {
    const slr = resultFor(run(roleUnused, snap(), ctx), 'AWSServiceRoleForElasticLoadBalancing');
    expect(slr).toMatchObject({ status: 'FAIL', severity: 'info', evidence: { serviceLinked: true } });
    expect(slr.remediation).toContain('aws iam delete-service-linked-role --role-name AWSServiceRoleForElasticLoadBalancing');
  });
});
