// An agent role that people (or other IAM principals) assume should demand MFA in its trust policy. Roles assumed
// only by services or through web identity / SAML have no MFA to demand and pass as not applicable.
import { analyzeTrust, effectiveEntries } from '../../policy/trust.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';

const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];
const demandsMfa = (condition: Record<string, Record<string, string[]>> | undefined) =>
  Object.entries(condition ?? {}).some(([operator, keys]) =>
    Object.keys(keys).some((k) => MFA_KEYS.includes(k.toLowerCase()) && !operator.includes('IfExists') && !operator.startsWith('StringNot')),
  );

export const agentTrustMfa: Check = {
  id: 'agent.trust-requires-mfa',
  title: 'AI agent roles assumed by IAM principals require MFA',
  severity: 'medium',
  needs: ['roles'],
  reads: ['identity', 'tags', 'trust'],
  population: agentPrincipals('role'),
  remediation: 'Add "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}} to the trust statement (or NumericLessThan aws:MultiFactorAuthAge).',
  run: (snap, ctx) =>
    agentsOf(snap, ctx)
      .filter((a) => a.principal.kind === 'role')
      .map(({ principal, selectedBy }): CheckResult => {
        const role = principal.entity as import('../../snapshot/snapshot.js').IamRole;
        const entries = effectiveEntries(analyzeTrust(role.assumeRolePolicy, snap.accountId)).filter((e) => e.type === 'AWS');
        const withoutMfa = entries.filter((e) => !demandsMfa(e.condition));
        const evidence = { selectedBy, awsPrincipals: entries.map((e) => ({ principal: e.principal, statement: e.statement, mfa: demandsMfa(e.condition) })) };
        if (entries.length === 0) return { resourceArn: role.arn, status: 'PASS', message: `${role.name} is assumed only by services or federated identities (no MFA to demand).`, evidence };
        if (withoutMfa.length === 0) return { resourceArn: role.arn, status: 'PASS', message: `${role.name} can be assumed only with MFA.`, evidence };
        return {
          resourceArn: role.arn,
          status: 'FAIL',
          message: `${role.name} can be assumed without MFA by ${withoutMfa.map((e) => e.principal).join(', ')}.`,
          evidence,
        };
      }),
};
