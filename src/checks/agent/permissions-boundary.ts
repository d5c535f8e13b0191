import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { draft, json, sh } from '../util/shell.js';
import { agentPrincipals } from '../util/populations.js';

export const agentPermissionsBoundary: Check = {
  id: 'agent.permissions-boundary',
  title: 'AI agent principals have a permissions boundary',
  severity: 'high',
  needs: ['users', 'roles'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: 'Attach a permissions boundary that caps what the agent can ever be granted, whatever policies it later receives.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { kind, entity } = principal;
      const boundary = entity.permissionsBoundary?.arn;
      if (boundary) {
        return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} is capped by the permissions boundary ${boundary}.`, evidence: { selectedBy, permissionsBoundary: boundary } };
      }
      const policyName = 'ai-agent-boundary';
      const policyArn = `arn:${snap.partition}:iam::${snap.accountId}:policy/${policyName}`;
      return {
        resourceArn: entity.arn,
        status: 'FAIL',
        message: `${entity.name} is an AI agent ${kind} without a permissions boundary: any policy attached to it later takes full effect.`,
        evidence: { selectedBy, permissionsBoundary: null },
        remediation: draft(
          `# Draft boundary: what the agent may ever do (adapt the Allow), and what it may never do.`,
          `cat > ${policyName}.json <<'POLICY'`,
          json({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'AgentCeiling', Effect: 'Allow', Action: ['<service>:<Action>'], Resource: '*' },
              { Sid: 'NeverChangeIam', Effect: 'Deny', Action: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
            ],
          }),
          'POLICY',
          `aws iam create-policy --policy-name ${policyName} --policy-document file://${policyName}.json`,
          `aws iam put-${kind}-permissions-boundary --${kind}-name ${sh(entity.name)} --permissions-boundary ${policyArn}`,
        ),
      };
    }),
};
