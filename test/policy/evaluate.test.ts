// One table per rule of AWS's policy evaluation logic.
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../src/policy/conditions.js';
import { evaluateRequest, type EvaluationInput, type PolicySource } from '../../src/policy/evaluate.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';

const ROLE = 'arn:aws:iam::111122223333:role/agent';
const USER = 'arn:aws:iam::111122223333:user/alice';
const policy = (layer: PolicySource['layer'], name: string, ...statements: object[]): PolicySource => ({
  layer,
  name,
  document: normalizePolicyDocument({ Version: '2012-10-17', Statement: statements }),
});
const allowAll = (layer: PolicySource['layer'], name = 'FullAccess') => policy(layer, name, { Effect: 'Allow', Action: '*', Resource: '*' });
const run = (partial: Partial<EvaluationInput> & Pick<EvaluationInput, 'action'>) => evaluateRequest({ principalArn: ROLE, identity: [], ...partial });

describe('rule 1: an explicit Deny in any layer wins', () => {
  it.each([
    ['identity', { identity: [allowAll('identity'), policy('identity', 'NoDelete', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' })] }, 'identity'],
    ['boundary', { identity: [allowAll('identity')], boundary: policy('boundary', 'AgentBoundary', { Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoDestroy', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) }, 'boundary'],
    ['scp', { identity: [allowAll('identity')], scpLevels: [{ level: 'root', policies: [allowAll('scp'), policy('scp', 'DenyDeletes', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' })] }] }, 'scp'],
    ['session', { identity: [allowAll('identity')], session: policy('session', 'session', { Effect: 'Deny', Action: 's3:*', Resource: '*' }) }, 'session'],
  ] as [string, Partial<EvaluationInput>, string][])('a Deny in the %s layer', (_, input, layer) => {
    const e = run({ action: 's3:DeleteBucket', ...input });
    expect(e.decision).toBe('EXPLICITLY_DENIED');
    expect(e.decidedBy).toBe(layer);
    expect(e.statements[0].effect).toBe('Deny');
  });

  it('names the deciding statement by Sid', () => {
    const e = run({ action: 's3:DeleteObject', identity: [allowAll('identity'), policy('identity', 'NoDelete', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' })] });
    expect(e.explanation).toBe('explicitly denied by identity policy NoDelete, statement "DenyDelete"');
  });

  it('a Deny scoped to one bucket does not deny "any resource", but does deny that bucket', () => {
    const identity = [allowAll('identity'), policy('identity', 'ProtectProd', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::prod' })];
    expect(run({ action: 's3:DeleteBucket', identity }).decision).toBe('ALLOWED');
    expect(run({ action: 's3:DeleteBucket', identity, resource: 'arn:aws:s3:::prod' }).decision).toBe('EXPLICITLY_DENIED');
    expect(run({ action: 's3:DeleteBucket', identity, resource: 'arn:aws:s3:::dev' }).decision).toBe('ALLOWED');
  });
});

describe('rule 2: every guardrail must allow', () => {
  it('SCPs: each level of the path needs its own Allow', () => {
    const scpLevels = [
      { level: 'root r-abcd', policies: [allowAll('scp', 'FullAWSAccess')] },
      { level: 'OU Sandbox', policies: [policy('scp', 'OnlyS3', { Effect: 'Allow', Action: 's3:*', Resource: '*' })] },
      { level: 'account 111122223333', policies: [allowAll('scp', 'FullAWSAccess')] },
    ];
    expect(run({ action: 's3:GetObject', identity: [allowAll('identity')], scpLevels }).decision).toBe('ALLOWED');
    const ec2 = run({ action: 'ec2:RunInstances', identity: [allowAll('identity')], scpLevels });
    expect(ec2).toMatchObject({ decision: 'IMPLICITLY_DENIED', decidedBy: 'scp', decidingLevel: 'OU Sandbox' });
  });

  it('permissions boundary: the intersection with identity policies', () => {
    const boundary = policy('boundary', 'ReadOnlyBoundary', { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' });
    expect(run({ action: 's3:GetObject', identity: [allowAll('identity')], boundary }).decision).toBe('ALLOWED');
    expect(run({ action: 's3:PutObject', identity: [allowAll('identity')], boundary })).toMatchObject({ decision: 'IMPLICITLY_DENIED', decidedBy: 'boundary' });
    // The boundary alone grants nothing.
    expect(run({ action: 's3:GetObject', identity: [], boundary })).toMatchObject({ decision: 'IMPLICITLY_DENIED', decidedBy: 'identity' });
  });

  it('session policy: limits the session', () => {
    const session = policy('session', 'session', { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' });
    expect(run({ action: 'dynamodb:GetItem', identity: [allowAll('identity')], session }).decision).toBe('ALLOWED');
    expect(run({ action: 'dynamodb:PutItem', identity: [allowAll('identity')], session }).decidedBy).toBe('session');
  });
});

describe('rule 3: identity policy or same-account resource policy must allow', () => {
  it('a missing Allow is an implicit deny', () => {
    const e = run({ action: 'iam:CreateUser', identity: [policy('identity', 'ReadOnly', { Effect: 'Allow', Action: 'iam:Get*', Resource: '*' })] });
    expect(e).toMatchObject({ decision: 'IMPLICITLY_DENIED', decidedBy: 'identity', explanation: 'no identity policy allows iam:CreateUser' });
  });

  it('a resource policy naming the principal allows without an identity Allow', () => {
    const bucketPolicy = policy('resource', 'bucket policy', { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    expect(run({ action: 's3:GetObject', resource: 'arn:aws:s3:::data/x', resourcePolicy: bucketPolicy })).toMatchObject({ decision: 'ALLOWED', decidedBy: 'resource' });
    const other = run({ principalArn: 'arn:aws:iam::111122223333:role/other', action: 's3:GetObject', resource: 'arn:aws:s3:::data/x', resourcePolicy: bucketPolicy });
    expect(other.decision).toBe('IMPLICITLY_DENIED');
  });

  it('a boundary limits a role even when a resource policy allows; not a user named directly', () => {
    const boundary = policy('boundary', 'NoS3', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    const rp = (p: string) => policy('resource', 'bucket policy', { Effect: 'Allow', Principal: { AWS: p }, Action: 's3:GetObject', Resource: '*' });
    expect(run({ action: 's3:GetObject', resource: 'arn:aws:s3:::d/x', boundary, resourcePolicy: rp(ROLE) }).decision).toBe('IMPLICITLY_DENIED');
    expect(run({ principalArn: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::d/x', boundary, resourcePolicy: rp(USER) }).decision).toBe('ALLOWED');
  });
});

describe('actions, resources and NotAction / NotResource / NotPrincipal', () => {
  it.each([
    [{ Action: 's3:*' }, 's3:GetObject', true],
    [{ Action: 'S3:getobject' }, 's3:GetObject', true],
    [{ Action: 'iam:*Policy*' }, 'iam:PutRolePolicy', true],
    [{ Action: 'iam:*Policy*' }, 'iam:CreateUser', false],
    [{ Action: 'ec2:Describe?nstances' }, 'ec2:DescribeInstances', true],
    [{ NotAction: 'iam:*' }, 's3:GetObject', true],
    [{ NotAction: 'iam:*' }, 'iam:CreateUser', false],
  ])('%j matches %s: %s', (action, requested, expected) => {
    const e = run({ action: requested, identity: [policy('identity', 'p', { Effect: 'Allow', Resource: '*', ...action })] });
    expect(e.decision === 'ALLOWED').toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::other/a', false],
    ['arn:aws:iam::*:role/agent-*', 'arn:aws:iam::111122223333:role/agent-x', true],
    ['arn:aws:iam::*:role/agent-*', 'arn:aws:iam::111122223333:role/Agent-x', false],
    ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/alice/notes', true],
    ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/bob/notes', false],
  ])('Resource %s covers %s: %s', (pattern, resource, expected) => {
    const e = run({ principalArn: USER, action: 's3:GetObject', resource, context: { 'aws:username': ['alice'] }, identity: [policy('identity', 'p', { Effect: 'Allow', Action: '*', Resource: pattern })] });
    expect(e.decision === 'ALLOWED').toBe(expected);
  });

  it('NotResource excludes', () => {
    const identity = [policy('identity', 'p', { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })];
    expect(run({ action: 's3:GetObject', resource: 'arn:aws:s3:::public/x', identity }).decision).toBe('ALLOWED');
    expect(run({ action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x', identity }).decision).toBe('IMPLICITLY_DENIED');
  });

  it('NotPrincipal in a resource policy Deny spares the listed principal', () => {
    const rp = policy('resource', 'bucket policy', { Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: '*' });
    expect(run({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', identity: [allowAll('identity')], resourcePolicy: rp }).decision).toBe('ALLOWED');
    expect(run({ principalArn: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', identity: [allowAll('identity')], resourcePolicy: rp }).decision).toBe('EXPLICITLY_DENIED');
  });
});

describe('conditions', () => {
  const mfaOnly = policy('identity', 'NeedsMfa', { Sid: 'WithMfa', Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  it('a condition that needs MFA: allowed with MFA, implicitly denied without, and the unmet condition is reported', () => {
    expect(run({ action: 'ec2:TerminateInstances', identity: [mfaOnly], context: { 'aws:MultiFactorAuthPresent': ['true'] } }).decision).toBe('ALLOWED');
    const without = run({ action: 'ec2:TerminateInstances', identity: [mfaOnly] });
    expect(without.decision).toBe('IMPLICITLY_DENIED');
    expect(without.layers.find((l) => l.layer === 'identity')?.unmetConditions[0]).toMatchObject({ ref: { sid: 'WithMfa' }, failed: { operator: 'Bool', key: 'aws:MultiFactorAuthPresent' } });
  });

  const c = (condition: object, context: Record<string, string[]>) => evaluateCondition(normalizePolicyDocument({ Statement: [{ Effect: 'Allow', Condition: condition }] }).Statement[0].Condition, context).matched;
  it.each([
    ['StringEquals', { StringEquals: { 'aws:PrincipalTag/team': 'ai' } }, { 'aws:PrincipalTag/team': ['ai'] }, true],
    ['StringEquals is case-sensitive', { StringEquals: { 'aws:PrincipalTag/team': 'AI' } }, { 'aws:PrincipalTag/team': ['ai'] }, false],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'AI' } }, { 'aws:PrincipalTag/team': ['ai'] }, true],
    ['StringLike', { StringLike: { 'aws:userid': 'AROA*:agent-*' } }, { 'aws:userid': ['AROAXYZ:agent-7'] }, true],
    ['StringNotEquals, key missing: true', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }, {}, true],
    ['StringEquals, key missing: false', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, {}, false],
    ['StringEqualsIfExists, key missing: true', { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }, {}, true],
    ['StringEqualsIfExists, present and different: false', { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }, { 'ec2:InstanceType': ['p5.48xlarge'] }, false],
    ['NumericLessThan', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': ['100'] }, true],
    ['NumericLessThan too old', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': ['7200'] }, false],
    ['DateLessThan', { DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, { 'aws:CurrentTime': ['2026-11-25T00:00:00Z'] }, true],
    ['IpAddress', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': ['203.0.113.7'] }, true],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': ['198.51.100.1'] }, true],
    ['ArnLike', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:topic-*' } }, { 'aws:SourceArn': ['arn:aws:sns:eu-west-1:111122223333:topic-a'] }, true],
    ['Null true means absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
    ['Null false means present', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false],
    ['ForAnyValue: one of the tags', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['team', 'cost'] }, true],
    ['ForAllValues: every tag allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['team', 'cost'] }, false],
    ['ForAllValues: empty request is vacuously true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, true],
    ['ForAnyValue: missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, {}, false],
    ['two keys are ANDed', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalTag/team': 'ai' } }, { 'aws:RequestedRegion': ['eu-west-1'] }, false],
    ['values of one key are ORed', { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }, { 'aws:RequestedRegion': ['us-east-1'] }, true],
    ['an unknown operator never matches', { StringSortOf: { 'aws:RequestedRegion': 'x' } }, { 'aws:RequestedRegion': ['x'] }, false],
  ])('%s', (_, condition, context, expected) => {
    expect(c(condition, context)).toBe(expected);
  });
});
