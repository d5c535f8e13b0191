// The iam.principal.* checks (what each user and role can do) and iam.policy.unattached.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyUnattached } from '../../../src/checks/iam/policy-unattached.js';
import { principalDataExfiltration } from '../../../src/checks/iam/principal-data-exfiltration.js';
import { principalInfrastructureModification } from '../../../src/checks/iam/principal-infrastructure-modification.js';
import { principalPrivilegeEscalation } from '../../../src/checks/iam/principal-privilege-escalation.js';
import { principalResourceExposure } from '../../../src/checks/iam/principal-resource-exposure.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';

const SAMPLE: Record<string, { arn: string; document: unknown }> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/aws-managed-policies.sample.json', import.meta.url)), 'utf8'),
);

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const FROM_OFFICE = { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
const awsPolicy = (name: string) => [name, SAMPLE[name]!.document] as const;

describe('iam.principal.privilege-escalation', () => {
  const check = principalPrivilegeEscalation;

  it('reports a role that can rewrite its own policy as critical, naming the method, the statement and the sources', () => {
    const snap = snapshot()
      .role('deployer', { inline: { deploy: policy({ Sid: 'SelfService', ...allow(['iam:PutRolePolicy', 's3:GetObject']) }) } })
      .build();
    const r = resultFor(run(check, snap, ctx), ':role/deployer');
    expect(r.status).toBe('FAIL');
    expect(r.severity).toBe('critical');
    expect(r.message).toContain('iam-put-role-policy');
    const methods = r.evidence.methods as { id: string; grant: string; requires: { requirement: string; actions: string[] }[]; sources: string[] }[];
    expect(methods.map((m) => m.id)).toEqual(['iam-put-role-policy']);
    expect(methods[0]!.grant).toBe('unconditional');
    expect(methods[0]!.requires).toEqual([{ requirement: 'iam:PutRolePolicy', actions: ['iam:PutRolePolicy'] }]);
    expect(methods[0]!.sources).toContain('https://pathfinding.cloud/paths/iam-005');
    expect(r.evidence.grantingStatements).toEqual([{ policy: 'deploy', policyType: 'inline', statement: 'SelfService' }]);
    expect(r.evidence.principal).toEqual({ type: 'role', name: 'deployer', permissionsBoundary: null });
    expect(r.evidence.accessLevelCounts).toMatchObject({ identityPolicies: { 'Permissions management': 1, Read: 1 } });
    expect(r.remediation).toContain('aws iam put-role-policy --role-name deployer --policy-name deny-privilege-escalation');
    expect(r.remediation).toContain('"iam:PutRolePolicy"');
  });

  it('finds iam:PassRole plus compute across policies, and one finding per principal for several methods', () => {
    const snap = snapshot()
      .managedPolicy('pass-any-role', policy(allow('iam:PassRole', 'arn:aws:iam::*:role/*')))
      .role('ci', { managed: ['pass-any-role'], inline: { build: policy(allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'])) } })
      .build();
    const f = fails(run(check, snap, ctx));
    expect(f).toHaveLength(1);
    expect((f[0]!.evidence.methods as { id: string }[]).map((m) => m.id).sort()).toEqual(['passrole-ec2-run-instances', 'passrole-lambda-create-invoke']);
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.remediation).toContain('"iam:PassRole"');
  });

  it('counts group policies for members (reported on the user, not the group)', () => {
    const snap = snapshot()
      .group('platform', { inline: { 'platform-iam': policy(allow('iam:AttachUserPolicy')) } })
      .user('alice', { groups: ['platform'] })
      .user('bob')
      .build();
    const results = run(check, snap, ctx);
    expect(results.map((r) => r.resourceArn.split(':').pop())).toEqual(['user/alice', 'user/bob']);
    const alice = resultFor(results, ':user/alice');
    expect(alice.status).toBe('FAIL');
    expect((alice.evidence.grantingStatements as Record<string, unknown>[])[0]).toMatchObject({ policy: 'platform-iam', viaGroup: 'platform' });
  });

  it('is high when only scoped, one level lower when conditional', () => {
    const snap = snapshot()
      .role('scoped', { inline: { p: policy(allow('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/scoped`)) } })
      .role('office', { inline: { p: policy(allow('iam:PutRolePolicy', '*', FROM_OFFICE)) } })
      .role('office-scoped', { inline: { p: policy(allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ops`, FROM_OFFICE)) } })
      .build();
    const results = run(check, snap, ctx);
    expect(resultFor(results, ':role/scoped').severity).toBe('high');
    expect(resultFor(results, ':role/office').severity).toBe('high');
    expect(resultFor(results, ':role/office-scoped').severity).toBe('medium');
  });

  it('passes when a boundary or an explicit Deny takes the method away, and for self-service key rotation', () => {
    const snap = snapshot()
      .managedPolicy('no-iam', policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), { attachmentCount: 0, permissionsBoundaryUsageCount: 1 })
      .role('bounded', { inline: { p: policy(allow('iam:*')) }, boundary: 'no-iam' })
      .role('denied', { inline: { p: policy(allow('iam:*'), { Effect: 'Deny', Action: 'iam:*', Resource: '*' }) } })
      .user('self', { inline: { p: policy(allow(['iam:CreateAccessKey', 'iam:DeleteAccessKey'], 'arn:aws:iam::*:user/${aws:username}')) } })
      .build();
    expect(fails(run(check, snap, ctx))).toEqual([]);
  });

  it('leaves full administrators to iam.policy.full-admin and skips service-linked roles', () => {
    const snap = snapshot()
      .awsManagedPolicy(...awsPolicy('AdministratorAccess'))
      .role('admin', { managed: [SAMPLE.AdministratorAccess!.arn] })
      .serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com', { inline: { p: policy(allow('iam:*')) } })
      .build();
    const results = run(check, snap, ctx);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'PASS', evidence: { fullAdmin: true } });
    expect(results[0]!.message).toContain('iam.policy.full-admin');
  });

  it('rates AWS managed PowerUserAccess as escalation through existing compute (high), IAMFullAccess as critical', () => {
    const snap = snapshot()
      .awsManagedPolicy(...awsPolicy('PowerUserAccess'))
      .awsManagedPolicy(...awsPolicy('IAMFullAccess'))
      .awsManagedPolicy(...awsPolicy('ReadOnlyAccess'))
      .role('power', { managed: [SAMPLE.PowerUserAccess!.arn] })
      .role('iam-admin', { managed: [SAMPLE.IAMFullAccess!.arn] })
      .role('reader', { managed: [SAMPLE.ReadOnlyAccess!.arn] })
      .build();
    const results = run(check, snap, ctx);
    const power = resultFor(results, ':role/power');
    expect(power.severity).toBe('high');
    expect((power.evidence.methods as { id: string }[]).map((m) => m.id)).toEqual(expect.arrayContaining(['ssm-send-command', 'lambda-update-function-code']));
    expect((power.evidence.methods as { id: string }[]).some((m) => m.id.startsWith('passrole-'))).toBe(false);
    expect(resultFor(results, ':role/iam-admin').severity).toBe('critical');
    expect(resultFor(results, ':role/reader').status).toBe('PASS');
  });
});

describe('iam.principal.resource-exposure', () => {
  it('reports resource-policy changes on "*" (high), not on named resources; conditional is medium', () => {
    const snap = snapshot()
      .role('opener', { inline: { p: policy({ Sid: 'Policies', ...allow(['s3:PutBucketPolicy', 'kms:PutKeyPolicy']) }) } })
      .role('named', { inline: { p: policy(allow('s3:PutBucketPolicy', 'arn:aws:s3:::my-bucket')) } })
      .role('office', { inline: { p: policy(allow('lambda:AddPermission', '*', FROM_OFFICE)) } })
      .build();
    const results = run(principalResourceExposure, snap, ctx);
    const opener = resultFor(results, ':role/opener');
    expect(opener).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect((opener.evidence.actions as { action: string; grant: string }[]).map(({ action, grant }) => [action, grant])).toEqual([
      ['s3:PutBucketPolicy', 'unconditional'],
      ['kms:PutKeyPolicy', 'unconditional'],
    ]);
    expect(opener.evidence.grantingStatements).toEqual([{ policy: 'p', policyType: 'inline', statement: 'Policies' }]);
    expect(opener.remediation).toContain('"NotResource"');
    expect(resultFor(results, ':role/named').status).toBe('PASS');
    expect(resultFor(results, ':role/office')).toMatchObject({ status: 'FAIL', severity: 'medium' });
  });
});

describe('iam.principal.data-exfiltration', () => {
  it('rates secrets and credentials high, data medium, conditional one lower; ABAC-scoped reads pass', () => {
    const snap = snapshot()
      .role('secrets', { inline: { p: policy(allow(['secretsmanager:GetSecretValue', 's3:GetObject'])) } })
      .role('data', { inline: { p: policy(allow('s3:GetObject')) } })
      .role('office-data', { inline: { p: policy(allow('s3:GetObject', '*', FROM_OFFICE)) } })
      .role('puller', { inline: { p: policy(allow('ecr:GetAuthorizationToken')) } })
      .role('abac', { inline: { p: policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } } })) } })
      .role('named', { inline: { p: policy(allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:app-*`)) } })
      .build();
    const results = run(principalDataExfiltration, snap, ctx);
    const secrets = resultFor(results, ':role/secrets');
    expect(secrets).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect(secrets.message).toContain('read secrets (secretsmanager:GetSecretValue)');
    expect(secrets.message).toContain('read data (s3:GetObject)');
    expect(resultFor(results, ':role/data')).toMatchObject({ status: 'FAIL', severity: 'medium' });
    expect(resultFor(results, ':role/office-data')).toMatchObject({ status: 'FAIL', severity: 'low' });
    expect(resultFor(results, ':role/puller')).toMatchObject({ status: 'FAIL', severity: 'high', evidence: { credentials: [{ action: 'ecr:GetAuthorizationToken', grant: 'unconditional' }] } });
    expect(secrets.remediation).toContain('aws iam put-role-policy --role-name secrets --policy-name limit-data-access');
    expect(resultFor(results, ':role/abac').status).toBe('PASS');
    expect(resultFor(results, ':role/named').status).toBe('PASS');
  });

  it('reports ReadOnlyAccess holders: it reads every S3 object and SSM parameter', () => {
    const snap = snapshot().awsManagedPolicy(...awsPolicy('ReadOnlyAccess')).user('auditor', { managed: [SAMPLE.ReadOnlyAccess!.arn] }).build();
    const r = resultFor(run(principalDataExfiltration, snap, ctx), ':user/auditor');
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect((r.evidence.secretReads as { action: string }[]).map((a) => a.action)).toEqual(expect.arrayContaining(['ssm:GetParameter']));
    const statements = r.evidence.grantingStatements as Record<string, unknown>[];
    expect(statements.length).toBeGreaterThan(0);
    for (const st of statements) expect(st).toMatchObject({ policy: 'ReadOnlyAccess', policyType: 'managed', policyArn: SAMPLE.ReadOnlyAccess!.arn });
  });
});

describe('iam.principal.infrastructure-modification', () => {
  it('reports Write on "*" (medium; low when conditional), not log/metric writes or read-named actions', () => {
    const snap = snapshot()
      .role('builder', { inline: { p: policy(allow(['ec2:*', 'logs:PutLogEvents'])) } })
      .role('logger', { inline: { p: policy(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'cloudwatch:PutMetricData'])) } })
      .role('office', { inline: { p: policy(allow('dynamodb:PutItem', '*', FROM_OFFICE)) } })
      .role('named', { inline: { p: policy(allow('dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t`)) } })
      .awsManagedPolicy(...awsPolicy('ReadOnlyAccess'))
      .role('reader', { managed: [SAMPLE.ReadOnlyAccess!.arn] })
      .build();
    const results = run(principalInfrastructureModification, snap, ctx);
    const builder = resultFor(results, ':role/builder');
    expect(builder).toMatchObject({ status: 'FAIL', severity: 'medium' });
    const w = builder.evidence.writesOnAnyResource as { total: number; sample: string[] };
    expect(w.total).toBeGreaterThan(100);
    expect(w.sample.every((a) => a.startsWith('ec2:'))).toBe(true);
    expect(builder.remediation).toContain('put-role-permissions-boundary --role-name builder');
    expect(resultFor(results, ':role/logger').status).toBe('PASS');
    expect(resultFor(results, ':role/office')).toMatchObject({ status: 'FAIL', severity: 'low' });
    expect(resultFor(results, ':role/named').status).toBe('PASS');
    expect(resultFor(results, ':role/reader').status).toBe('PASS');
  });

  it('applies the boundary: effective writes only', () => {
    const snap = snapshot()
      .managedPolicy('read-only-boundary', policy(allow(['ec2:Describe*', 's3:Get*'])), { attachmentCount: 0, permissionsBoundaryUsageCount: 1 })
      .user('bounded', { inline: { p: policy(allow('ec2:*')) }, boundary: 'read-only-boundary' })
      .build();
    const results = run(principalInfrastructureModification, snap, ctx);
    expect(resultFor(results, ':user/bounded').status).toBe('PASS');
  });
});

describe('iam.policy.unattached', () => {
  it('reports customer managed policies attached to nothing (low), with what they would grant', () => {
    const snap = snapshot()
      .managedPolicy('leftover', policy(allow(['iam:PutUserPolicy', 's3:GetObject'])), { attachmentCount: 0 })
      .managedPolicy('harmless', policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')), { attachmentCount: 0 })
      .managedPolicy('boundary', policy(allow('*')), { attachmentCount: 0, permissionsBoundaryUsageCount: 3 })
      .managedPolicy('in-use', policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')), { attachmentCount: 2 })
      .awsManagedPolicy('SomeAwsPolicy', policy(allow('s3:GetObject')), { attachmentCount: 0 })
      .build();
    const results = run(policyUnattached, snap, ctx);
    expect(results.map((r) => [r.resourceArn.split('/').pop(), r.status])).toEqual([
      ['leftover', 'FAIL'],
      ['harmless', 'FAIL'],
      ['boundary', 'PASS'],
      ['in-use', 'PASS'],
    ]);
    const leftover = resultFor(results, ':policy/leftover');
    expect(leftover.severity ?? policyUnattached.severity).toBe('low');
    expect(leftover.message).toContain('privilege-escalation method');
    expect(leftover.evidence).toMatchObject({ escalationMethods: ['iam-put-user-policy'], wouldGrant: { fullAdmin: false } });
    expect(leftover.remediation).toContain(`aws iam delete-policy --policy-arn arn:aws:iam::${ACCOUNT}:policy/leftover`);
  });
});

describe('together', () => {
  const checks = [policyUnattached, principalPrivilegeEscalation, principalResourceExposure, principalDataExfiltration, principalInfrastructureModification];
  const busy = () =>
    snapshot()
      .awsManagedPolicy(...awsPolicy('PowerUserAccess'))
      .awsManagedPolicy(...awsPolicy('ReadOnlyAccess'))
      .managedPolicy('ops', policy(allow(['iam:PassRole', 'ec2:RunInstances', 'secretsmanager:GetSecretValue', 's3:PutBucketPolicy'])))
      .group('ops', { managed: ['ops'] })
      .user('alice', { groups: ['ops'], managed: [SAMPLE.ReadOnlyAccess!.arn] })
      .role('power', { managed: [SAMPLE.PowerUserAccess!.arn] })
      .role('app', { inline: { p: policy(allow('s3:GetObject', 'arn:aws:s3:::app/*')) } });

  it('produce the same findings, byte for byte, run after run', () => {
    const a = JSON.stringify(runChecks(busy().build(), checks, ctx));
    const b = JSON.stringify(runChecks(busy().build(), checks, ctx));
    expect(b).toBe(a);
  });

  it('share one analysis per snapshot: every principal judged once per check', () => {
    const { outcomes } = runChecks(busy().build(), checks, ctx);
    expect(outcomes.map((o) => [o.id, o.status, o.evaluated])).toEqual([
      ['iam.policy.unattached', 'PASS', 1],
      ['iam.principal.privilege-escalation', 'FAIL', 3],
      ['iam.principal.resource-exposure', 'FAIL', 3],
      ['iam.principal.data-exfiltration', 'FAIL', 3],
      ['iam.principal.infrastructure-modification', 'FAIL', 3],
    ]);
  });

  it('is NOT_ASSESSED when the policies could not be collected', () => {
    const snap = busy().gap('policies', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build();
    const { outcomes } = runChecks(snap, checks, ctx);
    expect(outcomes.map((o) => o.status)).toEqual(checks.map(() => 'NOT_ASSESSED'));
  });
});
