// Roles anyone can assume: Principal "*" (or {"AWS": "*"}, or Allow + NotPrincipal) in an Allow of an assume action,
// with no condition that ties the caller to known accounts, an organization, specific principals, a source ARN or an
// external id (see RESTRICTING_KEYS). A Principal "*" narrowed that way is classified in evidence and passes.
import type { Check, CheckResult } from '../types.js';
import { RESTRICTING_KEYS, termsOn } from '../../policy/trust.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withCondition } from '../util/trust.js';
import { trustedRoles } from '../util/populations.js';

export const rolePublicTrust: Check = {
  id: 'iam.role.public-trust',
  title: 'No role can be assumed by anyone',
  severity: 'critical',
  needs: ['roles'],
  reads: ['identity', 'trust'],
  population: trustedRoles,
  remediation:
    'Replace Principal "*" with the accounts or roles that need the role, or add a condition on aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn.',
  run: (snap) =>
    roleTrusts(snap).map((t): CheckResult => {
      const publicEntries = t.effective.filter((e) => e.class === 'public');
      const open = publicEntries.filter((e) => termsOn(e.condition, RESTRICTING_KEYS).length === 0);
      if (open.length === 0) {
        return {
          resourceArn: t.role.arn,
          status: 'PASS',
          message:
            publicEntries.length === 0
              ? `${t.role.name} does not trust Principal "*".`
              : `${t.role.name} trusts Principal "*" only under a condition that restricts the caller.`,
          evidence: trustEvidence(t, {
            restrictingConditions: publicEntries.map((e) => ({
              statement: e.statement,
              terms: termsOn(e.condition, RESTRICTING_KEYS),
            })),
          }),
        };
      }
      const statements = new Set(open.map((e) => e.statement.index));
      return {
        resourceArn: t.role.arn,
        status: 'FAIL',
        message: `${t.role.name} can be assumed by any AWS principal in any account: Principal "*" without a restricting condition (statement ${[
          ...statements,
        ].join(', ')}).`,
        evidence: trustEvidence(t, { openStatements: open.map((e) => e.statement), acceptedRestrictingKeys: RESTRICTING_KEYS }),
        remediation: trustPolicyDraft(
          t.role.name,
          withCondition(t.role.assumeRolePolicy, statements, { StringEquals: { 'aws:PrincipalOrgID': ['<o-your-org-id>'] } }),
          'Draft: restrict the caller to your organization (or replace "*" with the exact account/role ARNs).',
        ),
      };
    }),
};
