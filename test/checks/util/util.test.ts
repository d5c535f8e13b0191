import { describe, expect, it } from 'vitest';
import { accountIdOf, isServiceLinkedRole } from '../../../src/checks/util/arn.js';
import { sh } from '../../../src/checks/util/shell.js';
import { daysBetween, latest } from '../../../src/checks/util/time.js';
import { reachablePolicies, reachableStatements } from '../../../src/policy/reachable.js';
import { ACCOUNT, snapshot } from '../../fixtures/snapshot-builder.js';

describe('time', () => {
  it('counts whole elapsed days', () => {
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-01T23:59:59Z')).toBe(0);
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toBe(1);
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toBe(90);
    expect(daysBetween('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(-1);
    expect(() => daysBetween('N/A', '2026-01-01T00:00:00Z')).toThrow(/not an ISO-8601 date: N\/A/);
  });

  it('picks the latest date, ignoring nulls', () => {
    expect(latest(null, '2026-01-02T00:00:00Z', undefined, '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(latest(null, null)).toBeNull();
  });
});

describe('arn', () => {
  it('reads the account id from ARNs and bare ids only', () => {
    expect(accountIdOf('arn:aws:iam::123456789012:role/x')).toBe('123456789012');
    expect(accountIdOf('arn:aws-us-gov:iam::123456789012:root')).toBe('123456789012');
    expect(accountIdOf('123456789012')).toBe('123456789012');
    expect(accountIdOf('*')).toBeUndefined();
    expect(accountIdOf('AROA1234567890EXAMPLE')).toBeUndefined();
    expect(accountIdOf('arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
  });

  it('recognizes service-linked roles by path', () => {
    expect(isServiceLinkedRole({ path: '/aws-service-role/support.amazonaws.com/' })).toBe(true);
    expect(isServiceLinkedRole({ path: '/service-role/' })).toBe(false);
  });
});

describe('sh', () => {
  it('leaves IAM-safe names alone and quotes anything else', () => {
    expect(sh('alice+ops@example.com')).toBe('alice+ops@example.com');
    expect(sh('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(sh("x; rm -rf / #'")).toBe(`'x; rm -rf / #'\\'''`);
  });
});

describe('reachable policies', () => {
  const snap = () =>
    snapshot()
      .managedPolicy('shared', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] })
      .group('devs', { managed: ['shared'], inline: { 'devs-inline': { Statement: { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' } } } })
      .user('alice', {
        groups: ['devs', 'missing-group'],
        managed: ['arn:aws:iam::aws:policy/NotInSnapshot'],
        inline: { own: { Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' } } },
      })
      .build();

  it('includes inline, attached managed (resolved by ARN) and group policies, marked with the group', () => {
    const s = snap();
    const policies = reachablePolicies(s, { kind: 'user', entity: s.users[0]! });
    expect(policies.map((p) => [p.type, p.name, p.viaGroup ?? null, p.document ? 'doc' : 'no-doc', p.awsManaged ?? null])).toEqual([
      ['inline', 'own', null, 'doc', null],
      ['managed', 'NotInSnapshot', null, 'no-doc', true],
      ['inline', 'devs-inline', 'devs', 'doc', null],
      ['managed', 'shared', 'devs', 'doc', false],
    ]);
    expect(policies[3]!.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/shared`);
  });

  it('iterates every statement of every resolved document', () => {
    const s = snap();
    const statements = [...reachableStatements(s, { kind: 'user', entity: s.users[0]! })];
    expect(statements.map((x) => `${x.policy.name}#${x.index}:${x.statement.Effect}:${x.statement.Action}`)).toEqual([
      'own#0:Allow:sqs:SendMessage',
      'devs-inline#0:Allow:ec2:Describe*',
      'shared#0:Allow:s3:GetObject',
      'shared#1:Deny:s3:DeleteObject',
    ]);
    expect([...reachableStatements(s, { kind: 'user', entity: s.users[0]! }, { viaGroups: false })]).toHaveLength(1);
  });
});
