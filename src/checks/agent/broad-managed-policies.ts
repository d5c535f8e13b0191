// Broad AWS managed policies hand an agent far more than any task needs.
import { reachablePolicies } from '../../policy/reachable.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { draft, sh } from '../util/shell.js';
import { agentPrincipals } from '../util/populations.js';

const BROAD = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess)$/;

export const agentBroadManagedPolicies: Check = {
  id: 'agent.broad-managed-policies',
  title: 'AI agents have no broad AWS managed policies',
  severity: 'high',
  needs: ['users', 'groups', 'roles'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: 'Replace AdministratorAccess / PowerUserAccess / *FullAccess with a customer managed policy listing the actions the agent needs.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { kind, entity } = principal;
      const broad = reachablePolicies(snap, principal).filter((p) => p.arn && BROAD.test(p.arn));
      const evidence = { selectedBy, broadPolicies: broad.map((p) => ({ arn: p.arn, ...(p.viaGroup ? { viaGroup: p.viaGroup } : {}) })) };
      if (broad.length === 0) return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} has no broad AWS managed policy.`, evidence };
      const admin = broad.some((p) => /AdministratorAccess$/.test(p.arn!));
      return {
        resourceArn: entity.arn,
        status: 'FAIL',
        severity: admin ? 'critical' : 'high',
        message: `${entity.name} has broad AWS managed policies: ${broad.map((p) => p.name + (p.viaGroup ? ` (via group ${p.viaGroup})` : '')).join(', ')}.`,
        evidence,
        remediation: draft(
          ...broad.map((p) =>
            p.viaGroup
              ? `aws iam remove-user-from-group --group-name ${sh(p.viaGroup)} --user-name ${sh(entity.name)}`
              : `aws iam detach-${kind}-policy --${kind}-name ${sh(entity.name)} --policy-arn ${p.arn}`,
          ),
          '# then attach a customer managed policy with only the actions the agent needs',
        ),
      };
    }),
};
