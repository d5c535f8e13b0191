// A third party that runs an agent in its own account must present an ExternalId (the confused-deputy defence).
import { analyzeTrust, effectiveEntries } from '../../policy/trust.js';
import type { IamRole } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf } from '../util/agents.js';
import { agentPrincipals } from '../util/populations.js';

const hasExternalId = (condition: Record<string, Record<string, string[]>> | undefined) =>
  Object.entries(condition ?? {}).some(([operator, keys]) => operator.startsWith('String') && !operator.startsWith('StringNot') && Object.keys(keys).some((k) => k.toLowerCase() === 'sts:externalid'));

export const agentTrustExternalId: Check = {
  id: 'agent.trust-external-id',
  title: 'AI agent roles trusted by other accounts require an ExternalId',
  severity: 'high',
  needs: ['roles'],
  reads: ['identity', 'tags', 'trust'],
  population: agentPrincipals('role'),
  remediation: 'Add "Condition": {"StringEquals": {"sts:ExternalId": "<id agreed with the third party>"}} to the cross-account trust statement.',
  run: (snap, ctx) =>
    agentsOf(snap, ctx)
      .filter((a) => a.principal.kind === 'role')
      .map(({ principal, selectedBy }): CheckResult => {
        const role = principal.entity as IamRole;
        const external = effectiveEntries(analyzeTrust(role.assumeRolePolicy, snap.accountId)).filter((e) => e.class === 'external-account' || e.class === 'public');
        const missing = external.filter((e) => !hasExternalId(e.condition));
        const evidence = { selectedBy, externalPrincipals: external.map((e) => ({ principal: e.principal, accountId: e.accountId, statement: e.statement, externalId: hasExternalId(e.condition) })) };
        if (missing.length === 0) {
          return { resourceArn: role.arn, status: 'PASS', message: external.length ? `${role.name}: every other account must present an ExternalId.` : `${role.name} trusts no other account.`, evidence };
        }
        return { resourceArn: role.arn, status: 'FAIL', message: `${role.name} can be assumed from other accounts without an ExternalId: ${missing.map((e) => e.principal).join(', ')}.`, evidence };
      }),
};
