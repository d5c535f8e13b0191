// An agent that can change IAM can grant itself anything: any IAM Write or Permissions-management action, or
// sts:AssumeRole on every role.
import type { Check, CheckResult } from '../types.js';
import { agentsOf, judgeAction, probeResource, unresolvedPolicies } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';

export const agentCanChangeIam: Check = {
  id: 'agent.can-change-iam',
  title: 'AI agents cannot change IAM or assume any role',
  severity: 'critical',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: 'Deny iam:* (except the reads it needs) in the agent\'s boundary, and scope sts:AssumeRole to named role ARNs.',
  run: (snap, ctx) => {
    const iamWrites = ctx.catalog
      .expand('iam:*')
      .filter((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management')
      .map((a) => a.name);
    return agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { entity } = principal;
      const iam = iamWrites.map((a) => judgeAction(snap, principal, a)).filter((v) => v.decision === 'ALLOWED');
      const assume = judgeAction(snap, principal, 'sts:AssumeRole', probeResource('sts:AssumeRole', snap.accountId));
      const evidence = {
        selectedBy,
        iamWriteActionsAllowed: iam.length,
        sample: iam.slice(0, 10).map((v) => ({ action: v.action, by: v.by })),
        assumeAnyRole: assume.decision === 'ALLOWED' ? assume.by : false,
      };
      if (iam.length || assume.decision === 'ALLOWED') {
        const what = [iam.length ? `${iam.length} IAM write/permissions-management action(s) (${iam.slice(0, 3).map((v) => v.action).join(', ')}${iam.length > 3 ? ', ...' : ''})` : '', assume.decision === 'ALLOWED' ? 'sts:AssumeRole on any role' : ''].filter(Boolean).join(' and ');
        return { resourceArn: entity.arn, status: 'FAIL', message: `${entity.name} can escalate its own access: ${what}.`, evidence };
      }
      const unresolved = unresolvedPolicies(snap, principal);
      if (unresolved.length) return { resourceArn: entity.arn, status: 'NOT_ASSESSED', message: `${entity.name}: attached policies ${unresolved.join(', ')} are not in the snapshot.`, evidence: { ...evidence, unresolved } };
      return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} cannot change IAM or assume arbitrary roles.`, evidence };
    });
  },
};
