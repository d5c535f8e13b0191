import { beforeAll, describe, expect, it } from 'vitest';
import {
  policyFullAdmin,
  policyNotActionAllow,
  policyWildcardActions,
  policyWildcardResourceWrite,
} from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { analyzeWildcardResourceWrite } from '../../../src/policy/analysis.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../../src/policy/normalize.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements.length === 1 ? statements[0] : statements });
// Statement as one object and Action as a plain string, the way people write them by hand.
const ADMIN_RAW = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}';
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

describe('iam.policy.full-admin', () => {
  it('fails an inline "*" on "*" policy, normalized from a single-object Statement with a string Action', () => {
    const snap = snapshot().role('ops', { inline: { everything: ADMIN_RAW } }).build();
    const [r] = run(policyFullAdmin, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', detail: 'everything', resourceArn: `arn:aws:iam::${ACCOUNT}:role/ops` });
    expect(r!.evidence.statements).toEqual([{ index: 0, Effect: 'Allow', Action: ['*'], Resource: ['*'] }]);
    expect(r!.remediation).toContain('aws iam delete-role-policy --role-name ops --policy-name everything');
  });

  it('accepts "*:*" but not "*" with a condition or on specific resources', () => {
    const snap = snapshot()
      .user('a', { inline: { p: doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }) } })
      .user('b', { inline: { p: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) } })
      .user('c', { inline: { p: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }) } })
      .user('d', { inline: { p: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) } })
      .build();
    expect(run(policyFullAdmin, snap, ctx).map((r) => [r.resourceArn.split('/').pop(), r.status])).toEqual([
      ['a', 'FAIL'],
      ['b', 'PASS'],
      ['c', 'PASS'],
      ['d', 'PASS'],
    ]);
  });

  it('reports admin through a group once, on the group, listing its members', () => {
    const snap = snapshot()
      .awsManagedPolicy('AdministratorAccess', ADMIN_RAW)
      .group('admins', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('alice', { groups: ['admins'] })
      .user('bob', { groups: ['admins'] })
      .build();
    const f = fails(run(policyFullAdmin, snap, ctx));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:group/admins`, detail: 'AdministratorAccess', evidence: { groupMembers: ['alice', 'bob'] } });
    expect(f[0]!.message).toContain('and so do its 2 members');
    expect(f[0]!.remediation).toContain('aws iam detach-group-policy --group-name admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('recognizes AWS managed AdministratorAccess by ARN when its document is not in the snapshot', () => {
    const snap = snapshot().user('alice', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/Unknown'] }).build();
    const r = run(policyFullAdmin, snap, ctx);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'FAIL', detail: 'AdministratorAccess' });
  });

  it('reports an unattached customer managed admin policy at low, and at info when it only serves as a boundary', () => {
    const snap = snapshot()
      .managedPolicy('spare-admin', ADMIN_RAW, { attachmentCount: 0 })
      .managedPolicy('boundary', ADMIN_RAW, { attachmentCount: 0, permissionsBoundaryUsageCount: 2 })
      .build();
    const r = run(policyFullAdmin, snap, ctx);
    expect(resultFor(r, 'policy/spare-admin')).toMatchObject({ status: 'FAIL', severity: 'low' });
    expect(resultFor(r, 'policy/spare-admin').remediation).toContain(`aws iam delete-policy --policy-arn ${policyArn('spare-admin')}`);
    expect(resultFor(r, 'policy/boundary')).toMatchObject({ status: 'FAIL', severity: 'info' });
  });

  it('skips service-linked roles and keeps detail unique when inline and managed policies share a name', () => {
    const snap = snapshot()
      .managedPolicy('same', ADMIN_RAW)
      .role('dup', { managed: ['same'], inline: { same: ADMIN_RAW } })
      .serviceLinkedRole('AWSServiceRoleForX', 'x.amazonaws.com', { inline: { p: ADMIN_RAW } })
      .build();
    const r = run(policyFullAdmin, snap, ctx);
    expect(r.map((x) => x.detail).sort()).toEqual(['same', 'same (inline)']);
  });
});

describe('iam.policy.wildcard-actions', () => {
  it('fails "service:*" and "*" in customer managed and inline policies, not partial wildcards', () => {
    const snap = snapshot()
      .managedPolicy('s3-all', doc({ Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }))
      .managedPolicy('describe', doc({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }))
      .managedPolicy('unused', doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }), { attachmentCount: 0 })
      .awsManagedPolicy('AmazonS3FullAccess', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))
      .user('u', { inline: { mine: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }) } })
      .build();
    const r = run(policyWildcardActions, snap, ctx);
    expect(r.map((x) => [x.resourceArn.split(':').pop(), x.detail, x.status, x.severity])).toEqual([
      ['policy/s3-all', undefined, 'FAIL', undefined],
      ['policy/describe', undefined, 'PASS', undefined],
      ['policy/unused', undefined, 'FAIL', 'low'],
      ['user/u', 'mine', 'FAIL', undefined],
    ]);
    const s3 = resultFor(r, 'policy/s3-all');
    expect(s3.evidence.wildcards).toEqual(['s3:*']);
    expect(s3.remediation).toContain(`aws iam create-policy-version --policy-arn ${policyArn('s3-all')} --policy-document file://s3-all.json --set-as-default`);
    expect(s3.remediation).toContain('"s3:<Action>"');
    expect(resultFor(r, 'user/u').remediation).toContain('aws iam put-user-policy --user-name u --policy-name mine');
  });

  it('ignores wildcards in Deny statements', () => {
    const snap = snapshot().managedPolicy('deny', doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' })).build();
    expect(run(policyWildcardActions, snap, ctx)[0]!.status).toBe('PASS');
  });
});

describe('iam.policy.not-action-allow', () => {
  it('fails Allow + NotAction and counts the catalogued actions it grants; Deny + NotAction is fine', () => {
    const snap = snapshot()
      .managedPolicy('all-but-iam', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))
      .managedPolicy('deny-rest', doc({ Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' }))
      .build();
    const r = run(policyNotActionAllow, snap, ctx);
    const f = resultFor(r, 'policy/all-but-iam');
    expect(f.status).toBe('FAIL');
    const count = (f.evidence.statements as { grantsActionCount: number }[])[0]!.grantsActionCount;
    expect(count).toBe(ctx.catalog.size - ctx.catalog.expand('iam:*').length);
    expect(f.message).toContain('allows everything except iam:*');
    expect(resultFor(r, 'policy/deny-rest').status).toBe('PASS');
  });
});

describe('iam.policy.wildcard-resource-write', () => {
  it('fails Write on Resource "*" at medium and lists a bounded sample and counts per access level', () => {
    const snap = snapshot().managedPolicy('s3-write', doc({ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket'], Resource: '*' })).build();
    const [r] = run(policyWildcardResourceWrite, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', severity: 'medium' });
    expect(r!.evidence.accessLevelCounts).toEqual({ List: 1, Read: 1, Write: 1, 'Permissions management': 0, Tagging: 0 });
    expect(r!.evidence.sampleActions).toEqual(['s3:PutObject']);
    expect(r!.remediation).toContain('"<resource-arn>"');
  });

  it('raises Permissions management on "*" to high', () => {
    const snap = snapshot().managedPolicy('iam-pm', doc({ Effect: 'Allow', Action: 'iam:Put*', Resource: '*' })).build();
    const [r] = run(policyWildcardResourceWrite, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect((r!.evidence.sampleActions as string[])[0]).toBe('iam:PutGroupPolicy');
  });

  it('expands NotAction through the catalogue and bounds the sample', () => {
    const snap = snapshot().user('u', { inline: { na: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) } }).build();
    const [r] = run(policyWildcardResourceWrite, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high', detail: 'na' });
    expect(r!.evidence.sampleActions).toHaveLength(10);
  });

  it('passes read-only on "*", writes on specific resources, Deny, and keeps unattached policies at low', () => {
    const snap = snapshot()
      .managedPolicy('read', doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }))
      .managedPolicy('scoped', doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }))
      .managedPolicy('deny', doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }))
      .managedPolicy('unattached', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), { attachmentCount: 0 })
      .build();
    const r = run(policyWildcardResourceWrite, snap, ctx);
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.status, x.severity])).toEqual([
      ['read', 'PASS', undefined],
      ['scoped', 'PASS', undefined],
      ['deny', 'PASS', undefined],
      ['unattached', 'FAIL', 'low'],
    ]);
  });

  it('reports explicit actions the catalogue does not know', () => {
    const a = analyzeWildcardResourceWrite(normalizePolicyDocument(doc({ Effect: 'Allow', Action: ['s3:PutObject', 's3:NotARealAction'], Resource: '*' })), ctx.catalog);
    expect(a.unknownActions).toEqual(['s3:NotARealAction']);
  });
});
