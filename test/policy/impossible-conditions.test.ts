// Conditions that can never hold at context.now make a grant inert (src/policy/inert-conditions.ts), and escalation
// methods granted only on AWS-owned ARNs do not match (src/policy/aws-owned.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { principalPrivilegeEscalation } from '../../src/checks/iam/principal-privilege-escalation.js';
import type { CheckContext } from '../../src/checks/types.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { inertConditionReason, MAX_SESSION_HOURS } from '../../src/policy/inert-conditions.js';
import { isAwsOwnedArn } from '../../src/policy/arn.js';
import { context, NOW, snapshot } from '../fixtures/snapshot-builder.js';
import { resultFor, run } from '../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const cond = (op: string, key: string, value: string | string[]) => ({ [op]: { [key]: Array.isArray(value) ? value : [value] } });
const hoursBefore = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();
const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

describe('inertConditionReason', () => {
  it.each([
    ['DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
    ['DateLessThanIfExists', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
    ['DateLessThanEquals', 'aws:currenttime', '2026-08-31T00:00:00Z'],
    ['DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
    ['DateGreaterThanEqualsIfExists', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
    ['DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z'],
    ['DateLessThan', 'aws:EpochTime', epoch('2020-01-01T00:00:00Z')],
    ['DateGreaterThan', 'aws:EpochTime', '2031-05-05T00:00:00Z'],
    ['DateLessThan', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z'],
    ['DateLessThan', 'aws:TokenIssueTime', hoursBefore(MAX_SESSION_HOURS + 1)],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2030-01-01T00:00:00Z'],
    ['DateGreaterThanEquals', 'aws:TokenIssueTime', hoursBefore(-1)],
  ])('%s %s %s can never hold at NOW', (op, key, value) => {
    expect(inertConditionReason(cond(op, key, value), NOW)).toMatch(new RegExp(op));
  });

  it.each([
    ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
    ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
    ['DateLessThan', 'aws:CurrentTime', ['2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z']],
    ['DateGreaterThan', 'aws:EpochTime', epoch('2020-01-01T00:00:00Z')],
    // A session issued 35 hours ago is still live.
    ['DateLessThan', 'aws:TokenIssueTime', hoursBefore(MAX_SESSION_HOURS - 1)],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z'],
    // Absent for long-term access keys: IfExists then holds.
    ['DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z'],
    ['ForAnyValue:DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
    ['DateLessThan', 'aws:CurrentTime', '${aws:PrincipalTag/until}'],
    ['DateLessThan', 'aws:CurrentTime', 'not-a-date'],
    ['DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
    ['DateLessThan', 'aws:MultiFactorAuthAge', '2020-01-01T00:00:00Z'],
  ])('%s %s %s may hold', (op, key, value) => {
    expect(inertConditionReason(cond(op, key, value), NOW)).toBeUndefined();
  });

  it('one dead term among live ones makes the whole condition dead', () => {
    const c = { ...cond('Bool', 'aws:MultiFactorAuthPresent', 'true'), ...cond('DateLessThan', 'aws:CurrentTime', '2019-06-01T00:00:00Z') };
    expect(inertConditionReason(c, NOW)).toContain('2019-06-01');
  });
});

describe('iam.principal.privilege-escalation: impossible conditions', () => {
  it('ignores a grant under DateLessThan aws:TokenIssueTime 2020-01-01', () => {
    const snap = snapshot()
      .role('old', { inline: { p: policy({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } }) } })
      .build();
    expect(resultFor(run(principalPrivilegeEscalation, snap, ctx), ':role/old').status).toBe('PASS');
  });

  it('ignores a grant that expired (DateLessThan aws:CurrentTime in the past), keeps one still valid', () => {
    const grant = (until: string) => policy({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': until } } });
    const snap = snapshot().role('expired', { inline: { p: grant('2021-01-01T00:00:00Z') } }).role('valid', { inline: { p: grant('2030-01-01T00:00:00Z') } }).build();
    const results = run(principalPrivilegeEscalation, snap, ctx);
    expect(resultFor(results, ':role/expired').status).toBe('PASS');
    expect(resultFor(results, ':role/valid').status).toBe('FAIL');
  });

  it('an inert Deny does not make a principal look denied', () => {
    const snap = snapshot()
      .role('r', {
        inline: {
          p: policy(
            { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
            { Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
          ),
        },
      })
      .build();
    const r = resultFor(run(principalPrivilegeEscalation, snap, ctx), ':role/r');
    expect(r.status).toBe('FAIL');
    expect(r.severity).toBe('critical');
  });
});

describe('iam.principal.privilege-escalation: AWS-owned resources', () => {
  it.each(['arn:aws:iam::aws:policy/*', 'arn:aws-cn:iam::aws:policy/AdministratorAccess', 'arn:aws-us-gov:iam::aws:policy/*'])(
    'iam:CreatePolicyVersion on %s is not escalation',
    (resource) => {
      const snap = snapshot().role('r', { inline: { p: policy({ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: resource }) } }).build();
      expect(resultFor(run(principalPrivilegeEscalation, snap, ctx), ':role/r').status).toBe('PASS');
    },
  );

  it('the same actions on Resource "*" or on customer policies still are', () => {
    for (const resource of ['*', 'arn:aws:iam::111122223333:policy/*', ['arn:aws:iam::aws:policy/*', 'arn:aws:iam::*:policy/team-*']]) {
      const snap = snapshot().role('r', { inline: { p: policy({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: resource }) } }).build();
      expect(resultFor(run(principalPrivilegeEscalation, snap, ctx), ':role/r').status, String(resource)).toBe('FAIL');
    }
  });

  it('isAwsOwnedArn looks at the account field in every partition', () => {
    expect(isAwsOwnedArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    expect(isAwsOwnedArn('arn:*:iam::aws:policy/*')).toBe(true);
    expect(isAwsOwnedArn('arn:aws:iam::*:policy/*')).toBe(false);
    expect(isAwsOwnedArn('arn:aws:iam::111122223333:policy/aws')).toBe(false);
    expect(isAwsOwnedArn('*')).toBe(false);
  });
});
