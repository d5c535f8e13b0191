// iam.policy.assume-role-any: sts:AssumeRole on every role in customer managed and inline policies, judged as IAM
// evaluates the document (own Denies, conditions that can never hold); full admin is left to iam.policy.full-admin.
import { beforeAll, describe, expect, it } from 'vitest';
import { policyAssumeRoleAny } from '../../../src/checks/iam/policy-assume-role-any.js';
import { policyFullAdmin } from '../../../src/checks/iam/policy-full-admin.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const judge = (snap: AccountSnapshot, check = policyAssumeRoleAny) => {
  const { outcomes, findings } = runChecks(snap, [check], ctx);
  return { outcome: outcomes[0]!, findings };
};
const withPolicy = (document: unknown) => snapshot().managedPolicy('Assume', document).role('ci', { managed: ['Assume'] }).build();

describe('iam.policy.assume-role-any', () => {
  it.each([['sts:AssumeRole'], ['sts:*'], ['sts:Assume*'], [['s3:GetObject', 'STS:assumerole']]])('fails %j on Resource "*", on the policy', (action) => {
    const r = judge(withPolicy(doc(allow(action))));
    expect(r.outcome.status).toBe('FAIL');
    expect(r.findings[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:policy/Assume`, severity: 'medium' });
    expect(r.findings[0]!.remediation).toContain(`arn:aws:iam::${ACCOUNT}:role/<role-name>`);
  });

  it('fails every-role patterns, NotResource and NotAction; passes roles named by ARN', () => {
    expect(judge(withPolicy(doc(allow('sts:AssumeRole', 'arn:aws:iam::*:role/*')))).outcome.status).toBe('FAIL');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }))).outcome.status).toBe('FAIL');
    expect(judge(withPolicy(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).outcome.status).toBe('FAIL');
    expect(judge(withPolicy(doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/deploy`)))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: '*' }))).outcome.status).toBe('PASS');
  });

  it('fails an inline policy on its principal, and a conditional grant (the condition in evidence)', () => {
    const r = judge(snapshot().user('dev', { inline: { hop: doc(allow('sts:AssumeRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) } }).build());
    expect(r.findings[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:user/dev`, detail: 'hop' });
    expect(r.findings[0]!.message).toContain('(under a condition)');
    expect((r.findings[0]!.evidence.statements as { condition?: unknown }[])[0]!.condition).toBeDefined();
  });

  it('passes when the same policy denies sts:AssumeRole on every resource, or the grant can never hold at --now', () => {
    expect(judge(withPolicy(doc(allow('sts:*'), { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc(allow('sts:AssumeRole', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })))).outcome.status).toBe('PASS');
    // A conditional Deny may not apply: not credited.
    expect(judge(withPolicy(doc(allow('sts:*'), { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }))).outcome.status).toBe('FAIL');
  });

  it('leaves a full-admin policy to iam.policy.full-admin, but judges "*" that its own Denies cut down', () => {
    const admin = withPolicy(doc(allow('*')));
    expect(judge(admin).outcome.status).toBe('PASS');
    expect(judge(admin, policyFullAdmin).outcome.status).toBe('FAIL');
    const cut = withPolicy(doc(allow('*'), { Effect: 'Deny', Action: 'iam:*', Resource: '*' }));
    expect(judge(cut, policyFullAdmin).outcome.status).toBe('PASS');
    expect(judge(cut).outcome.status).toBe('FAIL');
  });

  it('is low for an unattached policy, skips boundary-only policies and AWS managed ones', () => {
    const unattached = snapshot().managedPolicy('Spare', doc(allow('sts:AssumeRole')), { attachmentCount: 0 }).build();
    expect(judge(unattached).findings[0]!.severity).toBe('low');
    const boundary = snapshot().managedPolicy('Ceiling', doc(allow('sts:*')), { attachmentCount: 0, permissionsBoundaryUsageCount: 1 }).awsManagedPolicy('PowerUserAccess', doc(allow('sts:*'))).build();
    expect(judge(boundary).outcome.status).toBe('NOT_APPLICABLE');
  });

  it('is NOT_ASSESSED when the policies could not be read', () => {
    expect(judge(snapshot().managedPolicy('Assume', doc(allow('sts:AssumeRole'))).gap('policies', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build()).outcome.status).toBe('NOT_ASSESSED');
  });
});
