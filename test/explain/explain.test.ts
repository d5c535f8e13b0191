import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { explain, parseContextPairs, renderExplainText } from '../../src/explain/explain.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';
import type { AccountSnapshot } from '../../src/snapshot.js';
import { ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';

const managed = JSON.parse(readFileSync(new URL('../fixtures/aws-managed-policies.sample.json', import.meta.url), 'utf8')) as Record<string, { document: unknown }>;
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

function account(): AccountSnapshot {
  const snap = snapshot()
    .awsManagedPolicy('PowerUserAccess', managed.PowerUserAccess.document)
    .managedPolicy('agent-boundary', doc({ Sid: 'Ceiling', Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }, { Sid: 'NoTerminate', Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }))
    .role('agent', {
      tags: { Purpose: 'ai-agent' },
      managed: ['arn:aws:iam::aws:policy/PowerUserAccess'],
      boundary: 'agent-boundary',
      inline: { 'mfa-deletes': doc({ Sid: 'DeleteWithMfa', Effect: 'Allow', Action: 's3:DeleteBucket', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) },
    })
    .user('alice', { inline: { own: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }) } })
    .build();
  // An organization whose Sandbox OU SCP denies leaving and allows only s3/ec2/iam.
  snap.organization = {
    id: 'o-abc123',
    arn: 'arn:aws:organizations::999999999999:organization/o-abc123',
    managementAccountId: '999999999999',
    featureSet: 'ALL',
    scpEnabled: true,
    account: { id: ACCOUNT, arn: `arn:aws:organizations::999999999999:account/o-abc123/${ACCOUNT}`, name: 'sandbox', status: 'ACTIVE', ouPath: 'Root/Sandbox' },
    scpChain: [
      { targetId: 'r-root', targetName: 'Root', targetType: 'ROOT', policies: [{ id: 'p-FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, document: normalizePolicyDocument(doc({ Effect: 'Allow', Action: '*', Resource: '*' })) }] },
      { targetId: 'ou-sand', targetName: 'Sandbox', targetType: 'ORGANIZATIONAL_UNIT', policies: [{ id: 'p-sandbox', arn: 'arn:aws:organizations::999999999999:policy/o-abc123/service_control_policy/p-sandbox', name: 'SandboxGuardrails', awsManaged: false, document: normalizePolicyDocument(doc({ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'iam:*'], Resource: '*' }, { Sid: 'NoBucketDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } })) }] },
      { targetId: ACCOUNT, targetName: 'sandbox', targetType: 'ACCOUNT', policies: [{ id: 'p-FullAWSAccess', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, document: normalizePolicyDocument(doc({ Effect: 'Allow', Action: '*', Resource: '*' })) }] },
    ],
    accountIds: [ACCOUNT, '999999999999'],
  };
  return snap;
}

describe('explain', () => {
  const snap = account();

  it('explicit deny in the boundary', () => {
    const [row] = explain(snap, { principal: 'agent', actions: ['ec2:TerminateInstances'] }).rows;
    expect(row).toMatchObject({ decision: 'EXPLICITLY_DENIED', decidedBy: 'boundary' });
    expect(row.explanation).toBe('explicitly denied by permissions boundary agent-boundary, statement "NoTerminate"');
  });

  it('an SCP deny (with its condition) at the OU level', () => {
    const [row] = explain(snap, { principal: `arn:aws:iam::${ACCOUNT}:role/agent`, actions: ['s3:DeleteBucket'], context: { 'aws:MultiFactorAuthPresent': ['true'] } }).rows;
    expect(row).toMatchObject({ decision: 'EXPLICITLY_DENIED', decidedBy: 'scp', statements: [{ policy: 'SandboxGuardrails', sid: 'NoBucketDelete' }] });
  });

  it('a missing allow: the SCP level that lacks it, or the boundary', () => {
    const result = explain(snap, { principal: 'agent', actions: ['lambda:InvokeFunction', 'ec2:RunInstances', 'iam:CreateUser'] });
    expect(result.rows.map((r) => [r.action, r.decision, r.decidedBy, r.decidingLevel])).toEqual([
      ['lambda:InvokeFunction', 'IMPLICITLY_DENIED', 'scp', 'OU Sandbox'],
      ['ec2:RunInstances', 'ALLOWED', 'identity', undefined],
      // PowerUserAccess excludes iam:* (NotAction), and the boundary does not allow it either.
      ['iam:CreateUser', 'IMPLICITLY_DENIED', 'boundary', undefined],
    ]);
    const text = renderExplainText(result);
    expect(text).toMatch(/^ACTION +DECISION +DECIDED BY +STATEMENT$/m);
    expect(text).toMatch(/^lambda:InvokeFunction +IMPLICITLY DENIED +SCP \(OU Sandbox\) +-$/m);
    expect(text).toMatch(/^ec2:RunInstances +ALLOWED +identity policy +PowerUserAccess #0$/m);
  });

  it('a condition that needs MFA: implicitly denied without it (and the unmet condition shown), allowed with it', () => {
    const mfaSnap = snapshot()
      .role('operator', { inline: { ops: doc({ Sid: 'StopWithMfa', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) } })
      .build();
    const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/operator/alice-session`;
    const without = explain(mfaSnap, { principal, actions: ['ec2:StopInstances'] });
    expect(without.principal.name).toBe('operator');
    expect(without.rows[0]).toMatchObject({ decision: 'IMPLICITLY_DENIED', decidedBy: 'identity' });
    expect(renderExplainText(without)).toContain('condition not met in ops/StopWithMfa: Bool aws:MultiFactorAuthPresent ["true"] (request: null)');
    const withMfa = explain(mfaSnap, { principal, actions: ['ec2:StopInstances'], context: parseContextPairs(['aws:MultiFactorAuthPresent=true']) });
    expect(withMfa.rows[0]).toMatchObject({ decision: 'ALLOWED', explanation: 'allowed by identity policy ops (inline on role operator), statement "StopWithMfa"' });
  });

  it('policy variables come from the principal: ${aws:username}', () => {
    const own = explain(snap, { principal: 'alice', actions: ['s3:GetObject'], resource: 'arn:aws:s3:::home/alice/cv.pdf' });
    expect(own.rows[0].decision).toBe('ALLOWED');
    const other = explain(snap, { principal: 'alice', actions: ['s3:GetObject'], resource: 'arn:aws:s3:::home/bob/cv.pdf' });
    expect(other.rows[0].decision).toBe('IMPLICITLY_DENIED');
  });

  it('names the principal that is not there, and bad actions', () => {
    expect(() => explain(snap, { principal: 'nobody', actions: ['s3:GetObject'] })).toThrow(InputError);
    expect(() => explain(snap, { principal: 'agent', actions: ['GetObject'] })).toThrow(/expected SERVICE:Action/);
    expect(parseContextPairs(['aws:SourceIp=203.0.113.7', 'aws:TagKeys=a', 'aws:TagKeys=b'])).toEqual({ 'aws:SourceIp': ['203.0.113.7'], 'aws:TagKeys': ['a', 'b'] });
    expect(() => parseContextPairs(['novalue'])).toThrow(/expected key=value/);
  });
});
