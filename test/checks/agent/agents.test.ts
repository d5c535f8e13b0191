// Agent checks on snapshots built from the guidance's own examples.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESTRUCTIVE_ACTIONS } from '../../../src/agents/destructive-actions.js';
import { agentCandidates, selectAgents } from '../../../src/agents/select.js';
import { agentBroadManagedPolicies } from '../../../src/checks/agent/broad-managed-policies.js';
import { agentCandidatesCheck } from '../../../src/checks/agent/candidates.js';
import { agentCanChangeIam } from '../../../src/checks/agent/can-change-iam.js';
import { agentDestructiveActions } from '../../../src/checks/agent/destructive-actions-denied.js';
import { agentLongLivedKeys } from '../../../src/checks/agent/long-lived-keys.js';
import { agentPermissionsBoundary } from '../../../src/checks/agent/permissions-boundary.js';
import { agentSecretsReadable } from '../../../src/checks/agent/secrets-readable.js';
import { agentSessionDuration } from '../../../src/checks/agent/session-duration.js';
import { agentTrustExternalId } from '../../../src/checks/agent/trust-external-id.js';
import { agentTrustMfa } from '../../../src/checks/agent/trust-requires-mfa.js';
import { agentUserAssumeOnly } from '../../../src/checks/agent/user-assume-role-only.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog, type ActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, daysAgo, snapshot, type SnapshotBuilder } from '../../fixtures/snapshot-builder.js';
import { resultFor } from '../../helpers/checks.js';

const managed = JSON.parse(readFileSync(new URL('../../fixtures/aws-managed-policies.sample.json', import.meta.url), 'utf8')) as Record<string, { document: unknown }>;
const AGENT_TAGS = { Purpose: 'ai-agent' };
const ADMIN_INLINE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DENY_DESTRUCTIVE = { Version: '2012-10-17', Statement: [{ Sid: 'DenyDestructiveActions', Effect: 'Deny', Action: [...DESTRUCTIVE_ACTIONS], Resource: '*' }] };
const BOUNDARY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Ceiling', Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*', 'logs:*', 'lambda:*'], Resource: '*' },
    { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  ],
};
const assumeFrom = (principal: string, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});

let catalog: ActionCatalog;
let ctx: CheckContext;
beforeAll(async () => {
  catalog = await loadActionCatalog();
  ctx = context(catalog);
});

const base = (): SnapshotBuilder =>
  snapshot()
    .awsManagedPolicy('ReadOnlyAccess', managed.ReadOnlyAccess.document)
    .awsManagedPolicy('AdministratorAccess', managed.AdministratorAccess.document)
    .managedPolicy('agent-boundary', BOUNDARY)
    .managedPolicy('deny-destructive', DENY_DESTRUCTIVE);

describe('agent selection', () => {
  it('selects by tag, name glob and ARN; lists look-alikes as candidates only', () => {
    const snap = base()
      .role('tagged', { tags: AGENT_TAGS })
      .role('ai-true', { tags: { 'ai-agent': 'TRUE' } })
      .role('kiro-runner')
      .role('claude-code')
      .user('copilot-bot')
      .role('payments')
      .build();
    expect(selectAgents(snap).map((a) => a.entity.name)).toEqual(['tagged', 'ai-true']);
    expect(agentCandidates(snap).map((e) => e.name).sort()).toEqual(['claude-code', 'copilot-bot', 'kiro-runner']);
    const byName = { tags: [], names: ['kiro-*'], arns: [`arn:aws:iam::${ACCOUNT}:user/copilot-bot`] };
    expect(selectAgents(snap, byName).map((a) => a.entity.name).sort()).toEqual(['copilot-bot', 'kiro-runner']);
    const results = agentCandidatesCheck.run(snap, ctx);
    expect(results.map((r) => [r.status, r.resourceArn.split('/').pop()]).sort()).toEqual([['FAIL', 'claude-code'], ['FAIL', 'copilot-bot'], ['FAIL', 'kiro-runner']]);
    // The default run judges only the tagged ones.
    expect(agentPermissionsBoundary.run(snap, ctx).map((r) => r.resourceArn.split('/').pop())).toEqual(['tagged', 'ai-true']);
  });
});

describe('destructive actions (the guidance examples)', () => {
  it('a role with the DenyDestructiveActions policy and a boundary passes', () => {
    const snap = base().role('agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'deny-destructive'], boundary: 'agent-boundary' }).build();
    expect(resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent').status).toBe('PASS');
    expect(resultFor(agentPermissionsBoundary.run(snap, ctx), 'role/agent').status).toBe('PASS');
  });

  it('the same role without the deny has the actions implicitly denied (medium)', () => {
    const snap = base().role('agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], boundary: 'agent-boundary' }).build();
    const r = resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent');
    expect(r).toMatchObject({ status: 'FAIL', severity: 'medium' });
    const evidence = r.evidence as { implicitlyDenied: { action: string }[]; explicitlyDenied: { action: string }[]; allowed: unknown[] };
    expect(evidence.allowed).toEqual([]);
    // The boundary's "NoIam" Deny covers the iam:Delete* ones explicitly; the rest only lack an Allow.
    expect(evidence.implicitlyDenied.map((v) => v.action)).toEqual(DESTRUCTIVE_ACTIONS.filter((a) => !a.startsWith('iam:')));
    expect(evidence.explicitlyDenied.map((v) => v.action)).toEqual(DESTRUCTIVE_ACTIONS.filter((a) => a.startsWith('iam:')));
  });

  it('with ReadOnlyAccess plus an admin inline policy they are allowed (high), and the statement is named', () => {
    const snap = base().role('agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inline: { 'admin-inline': ADMIN_INLINE } }).build();
    const r = resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent');
    expect(r).toMatchObject({ status: 'FAIL', severity: 'high' });
    const allowed = (r.evidence as { allowed: { action: string; by: string }[] }).allowed;
    expect(allowed).toHaveLength(DESTRUCTIVE_ACTIONS.length);
    expect(allowed[0].by).toBe('allowed by identity policy admin-inline (inline on role agent), statement #0');
  });

  it('a boundary alone (no deny) turns allowed into implicitly denied, and its explicit Deny wins for iam:*', () => {
    const snap = base().role('agent', { tags: AGENT_TAGS, inline: { 'admin-inline': ADMIN_INLINE }, boundary: 'agent-boundary' }).build();
    const evidence = resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent').evidence as Record<string, { action: string; by: string }[]>;
    // The boundary's ceiling allows s3:*, logs:* and lambda:*: those stay allowed.
    expect(evidence.allowed.map((v) => v.action).sort()).toEqual(['lambda:DeleteFunction', 'logs:DeleteLogGroup', 's3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion']);
    expect(evidence.explicitlyDenied.map((v) => v.action)).toContain('iam:DeleteRole');
    expect(evidence.explicitlyDenied[0].by).toMatch(/permissions boundary agent-boundary, statement "NoIam"/);
  });

  it('an attached policy missing from the snapshot makes a clean answer NOT_ASSESSED, never PASS', () => {
    const snap = base().role('agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/SomethingNotInSnapshot'] }).build();
    expect(resultFor(agentDestructiveActions.run(snap, ctx), 'role/agent').status).toBe('NOT_ASSESSED');
    const { outcomes } = runChecks(snap, [agentDestructiveActions], ctx);
    expect(outcomes[0].status).toBe('NOT_ASSESSED');
  });
});

describe('secrets, IAM changes and broad policies', () => {
  it('secrets readable on every resource fail; scoped grants pass', () => {
    const snap = base()
      .role('reader', { tags: AGENT_TAGS, inline: { s: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] } } })
      .role('scoped', { tags: AGENT_TAGS, inline: { s: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameter'], Resource: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:agent/*`, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/agent/*`] }] } } })
      .role('all-params', { tags: AGENT_TAGS, inline: { s: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: 'arn:aws:ssm:*:*:parameter/*' }] } } })
      .build();
    const results = agentSecretsReadable.run(snap, ctx);
    expect(resultFor(results, 'role/reader').status).toBe('FAIL');
    expect(resultFor(results, 'role/scoped').status).toBe('PASS');
    expect(resultFor(results, 'role/all-params')).toMatchObject({ status: 'FAIL', message: expect.stringContaining('ssm:GetParametersByPath') });
  });

  it('IAM write actions or AssumeRole on * fail; AssumeRole on named roles passes', () => {
    const assume = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] });
    const snap = base()
      .role('iam-writer', { tags: AGENT_TAGS, inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] } } })
      .role('any-role', { tags: AGENT_TAGS, inline: { p: assume('*') } })
      .role('named-role', { tags: AGENT_TAGS, inline: { p: assume(`arn:aws:iam::${ACCOUNT}:role/deploy`) } })
      .role('read-only', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
      .build();
    const results = agentCanChangeIam.run(snap, ctx);
    expect(resultFor(results, 'role/iam-writer').status).toBe('FAIL');
    expect(resultFor(results, 'role/any-role')).toMatchObject({ status: 'FAIL', message: expect.stringContaining('sts:AssumeRole on any role') });
    expect(resultFor(results, 'role/named-role').status).toBe('PASS');
    expect(resultFor(results, 'role/read-only').status).toBe('PASS');
  });

  it('broad AWS managed policies, direct or via a group', () => {
    const snap = base()
      .awsManagedPolicy('AmazonS3FullAccess', managed.AmazonS3FullAccess.document)
      .group('admins', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })
      .user('agent-user', { tags: AGENT_TAGS, groups: ['admins'] })
      .role('s3-agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] })
      .role('ro-agent', { tags: AGENT_TAGS, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
      .build();
    const results = agentBroadManagedPolicies.run(snap, ctx);
    expect(resultFor(results, 'user/agent-user')).toMatchObject({ status: 'FAIL', severity: 'critical' });
    expect(resultFor(results, 'role/s3-agent')).toMatchObject({ status: 'FAIL', severity: 'high' });
    expect(resultFor(results, 'role/ro-agent').status).toBe('PASS');
  });
});

describe('trust, sessions and long-lived keys', () => {
  it('MFA in trust for IAM principals; services are not applicable', () => {
    const snap = base()
      .role('no-mfa', { tags: AGENT_TAGS, trust: assumeFrom(`arn:aws:iam::${ACCOUNT}:root`) })
      .role('mfa', { tags: AGENT_TAGS, trust: assumeFrom(`arn:aws:iam::${ACCOUNT}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) })
      .role('if-exists', { tags: AGENT_TAGS, trust: assumeFrom(`arn:aws:iam::${ACCOUNT}:root`, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }) })
      .role('lambda-agent', { tags: AGENT_TAGS })
      .build();
    const results = agentTrustMfa.run(snap, ctx);
    expect(resultFor(results, 'role/no-mfa').status).toBe('FAIL');
    expect(resultFor(results, 'role/mfa').status).toBe('PASS');
    expect(resultFor(results, 'role/if-exists').status).toBe('FAIL');
    expect(resultFor(results, 'role/lambda-agent').status).toBe('PASS');
  });

  it('third parties need an ExternalId', () => {
    const snap = base()
      .role('vendor', { tags: AGENT_TAGS, trust: assumeFrom('arn:aws:iam::444455556666:root') })
      .role('vendor-ok', { tags: AGENT_TAGS, trust: assumeFrom('arn:aws:iam::444455556666:root', { StringEquals: { 'sts:ExternalId': 'x-1' } }) })
      .role('internal', { tags: AGENT_TAGS, trust: assumeFrom(`arn:aws:iam::${ACCOUNT}:role/ci`) })
      .build();
    const results = agentTrustExternalId.run(snap, ctx);
    expect(resultFor(results, 'role/vendor').status).toBe('FAIL');
    expect(resultFor(results, 'role/vendor-ok').status).toBe('PASS');
    expect(resultFor(results, 'role/internal').status).toBe('PASS');
  });

  it('MaxSessionDuration above an hour fails; unknown is NOT_ASSESSED', () => {
    const snap = base()
      .role('long', { tags: AGENT_TAGS, maxSessionDuration: 43200 })
      .role('short', { tags: AGENT_TAGS, maxSessionDuration: 3600 })
      .role('unknown', { tags: AGENT_TAGS })
      .build();
    const results = agentSessionDuration.run(snap, ctx);
    expect(resultFor(results, 'role/long')).toMatchObject({ status: 'FAIL', remediation: 'aws iam update-role --role-name long --max-session-duration 3600' });
    expect(resultFor(results, 'role/short').status).toBe('PASS');
    expect(resultFor(results, 'role/unknown').status).toBe('NOT_ASSESSED');
  });

  it('an agent user: active keys fail; its only permission should be AssumeRole on named roles', () => {
    const assumeOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [`arn:aws:iam::${ACCOUNT}:role/agent`] }] };
    const snap = base()
      .user('bot-keys', { tags: AGENT_TAGS, inline: { p: assumeOnly }, credentials: { key1: { active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) } } })
      .user('bot-clean', { tags: AGENT_TAGS, inline: { p: assumeOnly } })
      .user('bot-wild', { tags: AGENT_TAGS, inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }] } } })
      .user('bot-more', { tags: AGENT_TAGS, inline: { p: assumeOnly }, managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
      .build();
    const keys = agentLongLivedKeys.run(snap, ctx);
    expect(resultFor(keys, 'user/bot-keys').status).toBe('FAIL');
    expect(resultFor(keys, 'user/bot-clean').status).toBe('PASS');
    const scope = agentUserAssumeOnly.run(snap, ctx);
    expect(resultFor(scope, 'user/bot-clean').status).toBe('PASS');
    expect(resultFor(scope, 'user/bot-wild')).toMatchObject({ status: 'FAIL', message: expect.stringContaining('wildcards') });
    expect(resultFor(scope, 'user/bot-more')).toMatchObject({ status: 'FAIL', message: expect.stringContaining('allows') });
  });
});
