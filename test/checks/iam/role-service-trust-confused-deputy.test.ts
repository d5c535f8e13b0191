// iam.role.service-trust-confused-deputy: service principals in trust policies need aws:SourceAccount / SourceArn /
// SourceOrgID / SourceOrgPaths; ec2 and lambda are exempt; service-linked roles are not judged.
import { beforeAll, describe, expect, it } from 'vitest';
import { roleServiceTrustConfusedDeputy } from '../../../src/checks/iam/role-service-trust-confused-deputy.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const trust = (service: string | string[], condition?: unknown, extra: unknown[] = []) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }, ...extra],
});
const judge = (snap: AccountSnapshot) => {
  const { outcomes, findings } = runChecks(snap, [roleServiceTrustConfusedDeputy], ctx);
  return { outcome: outcomes[0]!, findings };
};

describe('iam.role.service-trust-confused-deputy', () => {
  it('fails a service principal without a source condition, with a draft adding aws:SourceAccount', () => {
    const r = judge(snapshot().role('events', { trust: trust('events.amazonaws.com') }).build());
    expect(r.outcome.status).toBe('FAIL');
    const f = r.findings[0]!;
    expect(f).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:role/events`, severity: 'medium', evidence: { servicesWithoutSourceCondition: ['events.amazonaws.com'] } });
    expect(f.remediation).toContain(`"aws:SourceAccount": [\n            "${ACCOUNT}"`);
    expect(f.remediation).toContain('aws iam update-assume-role-policy --role-name events');
  });

  it.each([
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': ACCOUNT } }],
    ['aws:SourceArn (ArnLike)', { ArnLike: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${ACCOUNT}:rule/*` } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }],
    ['aws:SourceOrgPaths', { 'ForAnyValue:StringLike': { 'aws:SourceOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } }],
    ['a recased key', { StringEquals: { 'AWS:sourceaccount': ACCOUNT } }],
  ])('passes with %s', (_name, condition) => {
    expect(judge(snapshot().role('events', { trust: trust('events.amazonaws.com', condition) }).build()).outcome.status).toBe('PASS');
  });

  it('does not count a condition that does not narrow (negated, IfExists, only wildcards)', () => {
    for (const condition of [
      { StringNotEquals: { 'aws:SourceAccount': '999999999999' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } },
      { StringLike: { 'aws:SourceArn': '*' } },
    ]) {
      expect(judge(snapshot().role('events', { trust: trust('events.amazonaws.com', condition) }).build()).outcome.status).toBe('FAIL');
    }
  });

  it('exempts ec2 and lambda (PassRole-bound to this account), but not ecs-tasks', () => {
    const r = judge(snapshot().role('web', { trust: trust(['ec2.amazonaws.com', 'lambda.amazonaws.com']) }).role('task', { trust: trust('ecs-tasks.amazonaws.com') }).build());
    expect(r.outcome).toMatchObject({ status: 'FAIL', evaluated: 2, failed: 1 });
    expect(r.findings.map((f) => f.resourceArn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/task`]);
  });

  it('a statement naming an exempt and a non-exempt service: fails on the other one, and the draft says to split', () => {
    const r = judge(snapshot().role('mixed', { trust: trust(['ec2.amazonaws.com', 'ssm.amazonaws.com']) }).build());
    expect(r.findings[0]!.evidence).toMatchObject({ servicesWithoutSourceCondition: ['ssm.amazonaws.com'], exemptServices: ['ec2.amazonaws.com'] });
    expect(r.findings[0]!.remediation).toContain('give those their own statement');
  });

  it('passes when an unconditional Deny takes the service out, or its statement can never hold', () => {
    const denied = trust('events.amazonaws.com', undefined, [{ Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const expired = trust('events.amazonaws.com', { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } });
    const r = judge(snapshot().role('denied', { trust: denied }).role('expired', { trust: expired }).build());
    // The denied one trusts no service any more: not in the population; the expired one is judged and passes.
    expect(r.outcome).toMatchObject({ status: 'PASS', evaluated: 1 });
  });

  it('does not judge service-linked roles or roles no service can assume: NOT_APPLICABLE', () => {
    const snap = snapshot()
      .serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com')
      .role('admin', { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] } })
      .build();
    expect(judge(snap).outcome.status).toBe('NOT_APPLICABLE');
  });

  it('is NOT_ASSESSED when the roles could not be read, and a role whose trust policy is missing is NOT_ASSESSED', () => {
    expect(judge(snapshot().role('events', { trust: trust('events.amazonaws.com') }).gap('roles', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build()).outcome.status).toBe('NOT_ASSESSED');
    const snap = snapshot().role('ok', { trust: trust('events.amazonaws.com', { StringEquals: { 'aws:SourceAccount': ACCOUNT } }) }).build();
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'MissingField', message: 'AssumeRolePolicyDocument is missing', resource: snap.roles[0]!.arn, field: 'AssumeRolePolicyDocument' });
    expect(judge(snap).outcome.status).toBe('NOT_ASSESSED');
  });
});
