import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { explain, ExplainIncompleteError, parseContextPairs, renderExplainText } from '../../src/explain/explain.js';
import { loadActionCatalog, type ActionCatalog } from '../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';
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

describe('explain: "collection failed" is not "no such principal"', () => {
  const base = () => snapshot().role('builder').user('alice').build();
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected a throw');
  };

  it('a complete inventory without the principal: no such user or role (InputError, exit 2)', () => {
    const e = thrown(() => explain(base(), { principal: 'ghost', actions: ['s3:GetObject'] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(`--principal ghost: no such user or role in account ${ACCOUNT} (the inventory is complete: 1 users, 1 roles; give a user or role ARN or name)`);
  });

  it('the roles could not be collected: says which API failed, why, and what to do (exit 3)', () => {
    const snap = snapshot().role('builder').gap('roles', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build();
    const e = thrown(() => explain(snap, { principal: `arn:aws:iam::${ACCOUNT}:role/ghost`, actions: ['s3:GetObject'] }));
    expect(e).toBeInstanceOf(ExplainIncompleteError);
    expect((e as ExplainIncompleteError).exitCode).toBe(3);
    expect(e.message).toContain(`--principal arn:aws:iam::${ACCOUNT}:role/ghost: not found, but the roles of account ${ACCOUNT} could not be collected, so it may exist:`);
    expect(e.message).toContain('iam:GetAccountAuthorizationDetails (AccessDenied). Allow iam:GetAccountAuthorizationDetails: Grant the auditor the read permissions in policies/auditor-policy.json');
    // A user ARN is not in the roles part: that one is still "no such user".
    expect(thrown(() => explain(snap, { principal: `arn:aws:iam::${ACCOUNT}:user/ghost`, actions: ['s3:GetObject'] }))).toBeInstanceOf(InputError);
  });

  it('the entity itself could not be read (an entity gap naming it): collection failed, with the field', () => {
    const snap = base();
    const arn = `arn:aws:iam::${ACCOUNT}:role/ci/deployer`;
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'Unreadable', message: 'authz.json: RoleDetailList[4].AssumeRolePolicyDocument: not a policy document', resource: arn, field: 'AssumeRolePolicyDocument' });
    for (const ref of [arn, 'deployer']) {
      const e = thrown(() => explain(snap, { principal: ref, actions: ['s3:GetObject'] }));
      expect(e, ref).toBeInstanceOf(ExplainIncompleteError);
      expect(e.message).toContain('role is in account 111122223333 but could not be read, so no answer: iam:GetAccountAuthorizationDetails: authz.json: RoleDetailList[4].AssumeRolePolicyDocument: not a policy document (Unreadable)');
    }
    // Another entity's gap says nothing about this principal.
    expect(thrown(() => explain(snap, { principal: 'ghost', actions: ['s3:GetObject'] }))).toBeInstanceOf(InputError);
  });

  it('an entry that cannot be named may be the principal: not "no such user"', () => {
    const snap = base();
    snap.gaps.push({ part: 'users', api: 'iam:GetAccountAuthorizationDetails', error: 'MissingField', message: 'authz.json: UserDetailList[3] has no UserName and no Arn', resource: 'UserDetailList[3]', field: 'UserName' });
    const e = thrown(() => explain(snap, { principal: 'ghost', actions: ['s3:GetObject'] }));
    expect(e).toBeInstanceOf(ExplainIncompleteError);
    expect(e.message).toContain('not found, but 1 entry of the users could not be read and may be it');
  });

  it('a found principal whose attached policy could not be read: answered, with the gap (exit 3 in the CLI)', () => {
    const snap = base();
    const arn = `arn:aws:iam::${ACCOUNT}:role/builder`;
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'DependsOnUnreadable', message: 'the attached managed policy arn:aws:iam::111122223333:policy/ci could not be read', resource: arn, field: 'AttachedManagedPolicies' });
    const result = explain(snap, { principal: 'builder', actions: ['s3:GetObject'] });
    expect(result.gaps).toHaveLength(1);
    expect(renderExplainText(result)).toContain('Warning: incomplete, the answer may lack permissions or denies: iam:GetAccountAuthorizationDetails: the attached managed policy arn:aws:iam::111122223333:policy/ci could not be read (DependsOnUnreadable).');
    expect(explain(base(), { principal: 'builder', actions: ['s3:GetObject'] }).gaps).toEqual([]);
    // The SCPs could not be read (org mode): every principal's answer lacks that layer.
    const noScps = snapshot().role('builder').gap('organization', 'AccessDenied', 'organizations:ListPoliciesForTarget').build();
    expect(explain(noScps, { principal: 'builder', actions: ['s3:GetObject'] }).gaps).toMatchObject([{ part: 'organization', api: 'organizations:ListPoliciesForTarget' }]);
  });
});

describe('explain: actions checked against the IAM action catalogue', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });
  const snap = account();

  it('an action IAM does not know: no verdict, the closest actions named', () => {
    expect(() => explain(snap, { principal: 'agent', actions: ['s3:DeleteBuckets'], catalog })).toThrow(InputError);
    expect(() => explain(snap, { principal: 'agent', actions: ['s3:DeleteBuckets'], catalog })).toThrow(/^--action s3:DeleteBuckets: no such action in the IAM action catalogue; did you mean s3:DeleteBucket\b.*\?/);
    expect(() => explain(snap, { principal: 'agent', actions: ['s4:GetObject'], catalog })).toThrow(/did you mean s3:GetObject\b/);
    expect(() => explain(snap, { principal: 'agent', actions: ['s3:DeleteBuckets'], catalog })).toThrow(/\? No verdict is given/);
    expect(() => explain(snap, { principal: 'agent', actions: ['zz:Nothing'], catalog })).toThrow(/catalogue\. No verdict is given/);
    // Case does not matter to IAM: the canonical name is evaluated.
    expect(explain(snap, { principal: 'agent', actions: ['s3:deletebucket'], catalog }).rows.map((r) => r.action)).toEqual(['s3:DeleteBucket']);
  });

  it('a wildcard action is expanded: each matching action is judged, so a Deny on one of them is seen', () => {
    const result = explain(snap, { principal: 'agent', actions: ['s3:Delete*'], context: { 'aws:MultiFactorAuthPresent': ['true'] }, catalog });
    expect(result.expanded).toEqual([{ pattern: 's3:Delete*', count: catalog.expand('s3:Delete*').length }]);
    expect(result.rows.length).toBe(catalog.expand('s3:Delete*').length);
    expect(result.rows.every((r) => /^s3:Delete[A-Za-z]+$/.test(r.action))).toBe(true);
    expect(result.rows.find((r) => r.action === 's3:DeleteBucket')).toMatchObject({ decision: 'EXPLICITLY_DENIED', decidedBy: 'scp' });
    expect(result.rows.find((r) => r.action === 's3:DeleteObject')).toMatchObject({ decision: 'ALLOWED' });
    expect(renderExplainText(result)).toContain(`s3:Delete*: ${result.rows.length} actions in the IAM action catalogue, each evaluated`);
    expect(() => explain(snap, { principal: 'agent', actions: ['ec2:*'], catalog })).toThrow(/matches \d+ actions; explain evaluates at most 200/);
    expect(() => explain(snap, { principal: 'agent', actions: ['s3:Delte*'], catalog })).toThrow(/matches no action in the IAM action catalogue/);
  });
});
