// iam.policy.full-service-access: every AWS KMS or AWS CloudTrail action on every resource, however spelled.
import { beforeAll, describe, expect, it } from 'vitest';
import { policyFullServiceAccess } from '../../../src/checks/iam/policy-full-service-access.js';
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
const judge = (snap: AccountSnapshot) => {
  const { outcomes, findings } = runChecks(snap, [policyFullServiceAccess], ctx);
  return { outcome: outcomes[0]!, findings };
};
const withPolicy = (document: unknown) => snapshot().managedPolicy('Wide', document).role('app', { managed: ['Wide'] }).build();

describe('iam.policy.full-service-access', () => {
  it('fails kms:* and cloudtrail:* on "*", naming both', () => {
    const r = judge(withPolicy(doc({ Effect: 'Allow', Action: ['kms:*', 'cloudtrail:*'], Resource: '*' })));
    expect(r.outcome.status).toBe('FAIL');
    expect(r.findings[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:policy/Wide`, severity: 'high' });
    expect(r.findings[0]!.message).toContain('every AWS KMS and every AWS CloudTrail action');
  });

  it('fails the same grant spelled otherwise (NotAction, a recased wildcard)', () => {
    expect(judge(withPolicy(doc({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }))).outcome.status).toBe('FAIL');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'CloudTrail:*', Resource: 'arn:aws:cloudtrail:*:*:*' }))).outcome.status).toBe('FAIL');
  });

  it('passes part of a service, a scoped resource, and a service the same policy partly denies', () => {
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*', 'cloudtrail:LookupEvents'], Resource: '*' }))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'cloudtrail:*', Resource: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main` }))).outcome.status).toBe('PASS');
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }))).outcome.status).toBe('PASS');
  });

  it('leaves a full-admin "*" statement to iam.policy.full-admin', () => {
    expect(judge(withPolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))).outcome.status).toBe('PASS');
  });

  it('is NOT_ASSESSED when the roles could not be read', () => {
    expect(judge(snapshot().role('app', { inline: { Wide: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }) } }).gap('roles', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build()).outcome.status).toBe('NOT_ASSESSED');
  });
});
