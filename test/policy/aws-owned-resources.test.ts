// Resources in AWS's own account (arn:aws:iam::aws:policy/...) cannot be changed by any customer: a grant of a change
// there reaches nothing of the customer's, and a Deny there protects nothing of the customer's. Every layer that
// judges "can this principal change something" must agree (src/policy/statement-class.ts, src/policy/evaluate.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { agentCanChangeIam } from '../../src/checks/agent/can-change-iam.js';
import { principalInfrastructureModification } from '../../src/checks/iam/principal-infrastructure-modification.js';
import { principalPrivilegeEscalation } from '../../src/checks/iam/principal-privilege-escalation.js';
import type { CheckContext } from '../../src/checks/types.js';
import { explain } from '../../src/explain/explain.js';
import { type ActionCatalog, loadActionCatalog } from '../../src/policy/catalog.js';
import { evaluateRequest } from '../../src/policy/evaluate.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';
import { isEveryResource } from '../../src/policy/statement-class.js';
import { context, snapshot } from '../fixtures/snapshot-builder.js';
import { resultFor, run } from '../helpers/checks.js';

let catalog: ActionCatalog;
let ctx: CheckContext;
beforeAll(async () => {
  catalog = await loadActionCatalog();
  ctx = context(catalog);
});

const AGENT = { Purpose: 'ai-agent' };
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const onlyAwsManaged = policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::aws:policy/*' });
const everywhere = policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' });
const identity = (document: unknown) => [{ layer: 'identity' as const, name: 'p', document: normalizePolicyDocument(document) }];

describe('a change granted only on AWS-owned resources', () => {
  it('is not "every resource" for the set analysis', () => {
    expect(isEveryResource('arn:aws:iam::aws:policy/*')).toBe(false);
    expect(isEveryResource('arn:aws-us-gov:iam::aws:policy/*')).toBe(false);
    expect(isEveryResource('arn:aws:iam::*:policy/*')).toBe(true);
  });

  it('is not infrastructure modification, agent IAM change or escalation; the same grant on "*" is', () => {
    const verdicts = (doc: unknown) => {
      const snap = snapshot().role('agent', { tags: AGENT, inline: { p: doc } }).build();
      return [principalInfrastructureModification, agentCanChangeIam, principalPrivilegeEscalation].map((c) => resultFor(run(c, snap, ctx), ':role/agent').status);
    };
    expect(verdicts(onlyAwsManaged)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(verdicts(everywhere)).toEqual(['FAIL', 'FAIL', 'FAIL']);
  });

  it('a Deny on AWS-owned resources does not cancel a grant on the customer\'s', () => {
    const doc = policy(
      { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::aws:policy/*' },
    );
    const snap = snapshot().role('agent', { tags: AGENT, inline: { p: doc } }).build();
    expect(resultFor(run(principalInfrastructureModification, snap, ctx), ':role/agent').status).toBe('FAIL');
    expect(resultFor(run(agentCanChangeIam, snap, ctx), ':role/agent').status).toBe('FAIL');
  });
});

describe('evaluateRequest customerResourcesOnly ("some resource" of the customer)', () => {
  const ask = (document: unknown, options: { resource?: string; customerResourcesOnly?: boolean }) =>
    evaluateRequest({ principalArn: 'arn:aws:iam::111122223333:role/r', action: 'iam:CreatePolicyVersion', identity: identity(document), ...options }).decision;

  it('leaves out Allows whose every Resource is AWS-owned', () => {
    expect(ask(onlyAwsManaged, { customerResourcesOnly: true })).toBe('IMPLICITLY_DENIED');
    expect(ask(onlyAwsManaged, {})).toBe('ALLOWED');
    expect(ask(everywhere, { customerResourcesOnly: true })).toBe('ALLOWED');
  });

  it('keeps a statement that also names a customer resource, or uses NotResource', () => {
    const mixed = policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: ['arn:aws:iam::aws:policy/*', 'arn:aws:iam::111122223333:policy/team'] });
    const notResource = policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', NotResource: 'arn:aws:iam::aws:policy/*' });
    expect(ask(mixed, { customerResourcesOnly: true })).toBe('ALLOWED');
    expect(ask(notResource, { customerResourcesOnly: true })).toBe('ALLOWED');
  });

  it('does not change a question about one named resource', () => {
    expect(ask(onlyAwsManaged, { resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess', customerResourcesOnly: true })).toBe('ALLOWED');
  });
});

describe('explain', () => {
  it('a change on AWS managed policies only is not allowed on "some resource"; a read of them is', () => {
    const doc = policy({ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:GetPolicyVersion'], Resource: 'arn:aws:iam::aws:policy/*' });
    const snap = snapshot().role('r', { inline: { p: doc } }).build();
    const result = explain(snap, { principal: 'r', actions: ['iam:CreatePolicyVersion', 'iam:GetPolicyVersion'], catalog });
    expect(result.rows.map((r) => [r.action, r.decision])).toEqual([
      ['iam:CreatePolicyVersion', 'IMPLICITLY_DENIED'],
      ['iam:GetPolicyVersion', 'ALLOWED'],
    ]);
  });
});
