// Secrets readable by an agent on every resource: GetSecretValue, SSM parameters, kms:Decrypt. A grant scoped to
// specific secret/parameter/key ARNs is the intended shape and passes.
import { SECRET_READ_ACTIONS } from '../../agents/destructive-actions.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf, judgeAction, probeResource, unresolvedPolicies } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';

export const agentSecretsReadable: Check = {
  id: 'agent.secrets-readable',
  title: 'AI agents cannot read every secret',
  severity: 'high',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: 'Scope secretsmanager:GetSecretValue, ssm:GetParameter* and kms:Decrypt to the ARNs the agent needs, or deny them.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { entity } = principal;
      const verdicts = SECRET_READ_ACTIONS.map((a) => judgeAction(snap, principal, a, probeResource(a, snap.accountId)));
      const readable = verdicts.filter((v) => v.decision === 'ALLOWED');
      const evidence = { selectedBy, readableOnAllResources: readable.map((v) => ({ action: v.action, by: v.by })) };
      if (readable.length) {
        return { resourceArn: entity.arn, status: 'FAIL', message: `${entity.name} can read secrets on every resource: ${readable.map((v) => v.action).join(', ')}.`, evidence };
      }
      const unresolved = unresolvedPolicies(snap, principal);
      if (unresolved.length) return { resourceArn: entity.arn, status: 'NOT_ASSESSED', message: `${entity.name}: attached policies ${unresolved.join(', ')} are not in the snapshot.`, evidence: { ...evidence, unresolved } };
      return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name} cannot read secrets on every resource.`, evidence };
    }),
};
