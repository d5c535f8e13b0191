// Attack-path scenarios in the style of Bishop Fox's iam-vulnerable (the facts of its paths, re-created as small
// snapshots), each with a negative twin that one blocker (a Deny, a boundary, a condition that can never hold, a
// trust that does not admit the source) turns into "no path".
import { ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';

export const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
export const trust = (Principal: unknown, extra: Record<string, unknown> = {}) => policy({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
export const arn = (kind: 'user' | 'role' | 'policy', name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
export const ADMIN_DOC = policy(allow('*'));
const NEVER = { Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } };

/** 1 hop: the user may create a new default version of the customer managed policy attached to it. */
export function createPolicyVersion(blocked = false) {
  return snapshot()
    .managedPolicy('cpv-policy', policy({ Sid: 'Cpv', ...allow(['iam:CreatePolicyVersion', 'iam:GetPolicy'], arn('policy', 'cpv-policy')) }))
    .user('privesc-cpv', { managed: ['cpv-policy'], ...(blocked ? { inline: { guard: policy(deny('iam:CreatePolicyVersion')) } } : {}) })
    .build();
}

/** 2 hops: the developer assumes the deploy role, which passes an admin role to a new Lambda function. */
export function assumeThenPassRole(blocked = false) {
  return snapshot()
    .managedPolicy('admin', ADMIN_DOC)
    .user('developer', { inline: { assume: policy({ Sid: 'AssumeDeploy', ...allow('sts:AssumeRole', arn('role', 'deploy')) }) } })
    .role('deploy', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      inline: { deploy: policy({ Sid: 'PassAdmin', ...allow('iam:PassRole', arn('role', 'lambda-admin')) }, { Sid: 'Lambda', ...allow(['lambda:CreateFunction', 'lambda:InvokeFunction']) }) },
    })
    // The twin: the admin role trusts EC2, not Lambda, so Lambda cannot run code with it.
    .role('lambda-admin', { trust: trust({ Service: blocked ? 'ec2.amazonaws.com' : 'lambda.amazonaws.com' }), managed: ['admin'] })
    .build();
}

/** 3 hops: the CI user creates a key for the ops user, whom the ops role's trust names; that role may attach any
 * policy to itself. */
export function keyThenAssumeThenAttach(blocked = false) {
  return snapshot()
    .user('ci', { inline: { keys: policy({ Sid: 'Keys', ...allow('iam:CreateAccessKey', arn('user', 'ops')) }) } })
    .user('ops', { inline: { read: policy(allow('s3:GetObject')) } })
    .role('ops-role', {
      trust: trust({ AWS: arn('user', 'ops') }, blocked ? NEVER : {}),
      inline: { self: policy({ Sid: 'SelfAttach', ...allow('iam:AttachRolePolicy', arn('role', 'ops-role')) }) },
    })
    .build();
}

/** The deploy role's boundary allows no iam:PassRole: the 2-hop path is cut at its second hop. */
export function assumeThenPassRoleBounded() {
  return snapshot()
    .managedPolicy('admin', ADMIN_DOC)
    .managedPolicy('deploy-boundary', policy(allow(['lambda:*', 'sts:AssumeRole'])))
    .user('developer', { inline: { assume: policy(allow('sts:AssumeRole', arn('role', 'deploy'))) } })
    .role('deploy', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      boundary: 'deploy-boundary',
      inline: { deploy: policy(allow('iam:PassRole', arn('role', 'lambda-admin')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])) },
    })
    .role('lambda-admin', { trust: trust({ Service: 'lambda.amazonaws.com' }), managed: ['admin'] })
    .build();
}
