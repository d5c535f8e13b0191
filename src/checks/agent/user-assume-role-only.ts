// If an agent must have an IAM user at all, its only permission should be sts:AssumeRole on an explicit list of
// role ARNs: everything else belongs to the roles it assumes, which are short-lived and bounded.
import { reachableStatements } from '../../policy/reachable.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf, unresolvedPolicies } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';

const ASSUME = /^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i;

export const agentUserAssumeOnly: Check = {
  id: 'agent.user-assume-role-only',
  title: 'AI agent IAM users can only assume named roles',
  severity: 'high',
  needs: ['users', 'groups', 'policies'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals('user'),
  remediation: 'Replace the user\'s policies with one Allow of sts:AssumeRole on the exact role ARNs the agent uses.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx)
      .filter((a) => a.principal.kind === 'user')
      .map(({ principal, selectedBy }): CheckResult => {
        const user = principal.entity;
        const problems: { policy: string; statement: number; sid?: string; why: string }[] = [];
        for (const { policy, statement, index } of reachableStatements(snap, principal)) {
          if (statement.Effect !== 'Allow') continue;
          const ref = { policy: policy.viaGroup ? `${policy.name} (group ${policy.viaGroup})` : policy.name, statement: index, ...(statement.Sid ? { sid: statement.Sid } : {}) };
          const actions = statement.Action ?? [];
          if (statement.NotAction || actions.some((a) => !ASSUME.test(a))) problems.push({ ...ref, why: `allows ${statement.NotAction ? `everything but ${statement.NotAction.join(', ')}` : actions.filter((a) => !ASSUME.test(a)).join(', ')}` });
          else if (statement.NotResource || (statement.Resource ?? []).some((r) => r.includes('*'))) problems.push({ ...ref, why: `sts:AssumeRole on ${(statement.Resource ?? statement.NotResource ?? []).join(', ')} (wildcards)` });
        }
        const unresolved = unresolvedPolicies(snap, principal);
        const evidence = { selectedBy, problems, ...(unresolved.length ? { unresolved } : {}) };
        const [first] = problems;
        if (first) return { resourceArn: user.arn, status: 'FAIL', message: `${user.name} can do more than assume named roles: ${first.why}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}.`, evidence };
        if (unresolved.length) return { resourceArn: user.arn, status: 'NOT_ASSESSED', message: `${user.name}: attached policies ${unresolved.join(', ')} are not in the snapshot.`, evidence };
        return { resourceArn: user.arn, status: 'PASS', message: `${user.name} can only assume named roles.`, evidence };
      }),
};
