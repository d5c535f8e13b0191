// Cross-account trust without sts:ExternalId: the confused-deputy guard AWS recommends for third parties. Only
// principals naming another account count (Principal "*" is public-trust's business).
import type { Check, CheckResult } from '../types.js';
import { cmp } from '../../policy/analysis.js';
import { termsOn } from '../../policy/trust.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withCondition } from '../util/trust.js';
import { rolesByTrust } from '../util/populations.js';

export const roleCrossAccountWithoutExternalId: Check = {
  id: 'iam.role.cross-account-without-external-id',
  title: 'Cross-account trust requires an external id',
  severity: 'medium',
  needs: ['roles'],
  reads: ['identity', 'trust'],
  population: rolesByTrust('roles that trust another AWS account', (snap) => roleTrusts(snap).filter((t) => t.effective.some((e) => e.class === 'external-account')).map((t) => t.role.arn)),
  remediation:
    'Add a condition {"StringEquals": {"sts:ExternalId": "<id agreed with the other party>"}} to statements that trust another account (a third party); for accounts of your own organization, aws:PrincipalOrgID is the better guard.',
  run: (snap) =>
    roleTrusts(snap)
      .filter((t) => t.effective.some((e) => e.class === 'external-account'))
      .map((t): CheckResult => {
        const external = t.effective.filter((e) => e.class === 'external-account');
        const missing = external.filter((e) => termsOn(e.condition, ['sts:ExternalId']).length === 0);
        if (missing.length === 0) {
          return {
            resourceArn: t.role.arn,
            status: 'PASS',
            message: `${t.role.name} requires an sts:ExternalId from every external account it trusts.`,
            evidence: trustEvidence(t),
          };
        }
        const accounts = [...new Set(missing.map((e) => e.accountId!))].sort(cmp);
        const statements = new Set(missing.map((e) => e.statement.index));
        return {
          resourceArn: t.role.arn,
          status: 'FAIL',
          message: `${t.role.name} trusts ${accounts.join(', ')} without requiring an sts:ExternalId.`,
          evidence: trustEvidence(t, { accountsWithoutExternalId: accounts }),
          remediation: trustPolicyDraft(
            t.role.name,
            withCondition(t.role.assumeRolePolicy, statements, { StringEquals: { 'sts:ExternalId': ['<external-id-agreed-with-the-other-party>'] } }),
            'Draft: require the external id the other party configured (ask them; it must not be a secret you reuse elsewhere).',
          ),
        };
      }),
};
