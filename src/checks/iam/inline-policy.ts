// Inline policies: no CIS recommendation numbers this (CIS 1.15 is about users getting permissions through groups)
// and Security Hub has no control for it; it is hygiene: inline policies cannot be reused, versioned or reviewed in
// one place. Service-linked roles are skipped: AWS owns their policies.
import type { Check, CheckResult } from '../types.js';
import { isServiceLinkedRole } from '../util/arn.js';
import { inlineToManagedDraft } from '../util/drafts.js';
import { allPrincipals } from '../../policy/reachable.js';
import { customerPrincipals } from '../util/populations.js';

export const inlinePolicy: Check = {
  id: 'iam.inline-policy',
  title: 'Permissions are granted through managed policies, not inline policies',
  severity: 'low',
  needs: ['users', 'groups', 'roles'],
  reads: ['identity', 'permissions'],
  population: customerPrincipals,
  remediation:
    'Turn the inline policy into a customer managed policy (create-policy), attach it, then delete the inline policy; managed policies are versioned and reusable.',
  run: (snap) => {
    const out: CheckResult[] = [];
    for (const p of allPrincipals(snap)) {
      if (p.kind === 'role' && isServiceLinkedRole(p.entity)) continue;
      const { entity } = p;
      if (entity.inlinePolicies.length === 0) {
        out.push({ resourceArn: entity.arn, status: 'PASS', message: `The ${p.kind} ${entity.name} has no inline policies.`, evidence: { inlinePolicies: [] } });
        continue;
      }
      for (const policy of entity.inlinePolicies) {
        out.push({
          resourceArn: entity.arn,
          detail: policy.name,
          status: 'FAIL',
          message: `The ${p.kind} ${entity.name} has the inline policy ${policy.name}.`,
          evidence: { principalType: p.kind, policyName: policy.name, document: policy.document },
          remediation: inlineToManagedDraft(snap, p.kind, entity.name, policy.name, policy.document),
        });
      }
    }
    return out;
  },
};
