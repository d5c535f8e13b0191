// Roles that principals of other AWS accounts can assume. Only principals that name an account (ARN or 12-digit id)
// count here; Principal "*" is the public-trust check's business, services and federated providers are classified
// in evidence and judged by their own checks.
import type { Check, CheckResult } from './types.js';
import { cmp } from '../policy/analysis.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withoutPrincipals } from './util/trust.js';

export const roleExternalTrust: Check = {
  id: 'iam.role.external-trust',
  title: 'Roles trusted by other AWS accounts are known and intended',
  severity: 'high',
  compliance: {},
  needs: ['roles'],
  remediation:
    'Confirm every external account in the trust policy is one you mean to trust (a vendor, another account of your organization); remove the others with update-assume-role-policy, and require sts:ExternalId for third parties.',
  run: (snap) =>
    roleTrusts(snap).map((t): CheckResult => {
      const external = t.effective.filter((e) => e.class === 'external-account');
      const accounts = [...new Set(external.map((e) => e.accountId!))].sort(cmp);
      if (accounts.length === 0) {
        return {
          resourceArn: t.role.arn,
          status: 'PASS',
          message: `${t.role.name} trusts no principal of another AWS account.`,
          evidence: trustEvidence(t),
        };
      }
      return {
        resourceArn: t.role.arn,
        status: 'FAIL',
        message: `${t.role.name} can be assumed from ${accounts.length === 1 ? 'another AWS account' : `${accounts.length} other AWS accounts`} (${accounts.join(', ')}).`,
        evidence: trustEvidence(t, { externalAccounts: accounts }),
        remediation: trustPolicyDraft(
          t.role.name,
          withoutPrincipals(t.role.assumeRolePolicy, external),
          `Draft with every external principal removed; keep the ones you mean to trust (${accounts.join(', ')}).`,
        ),
      };
    }),
};
