// Roles that principals of other AWS accounts can assume. Only principals that name an account (ARN or 12-digit id)
// count here; Principal "*" is the public-trust check's business, services and federated providers are classified
// in evidence and judged by their own checks.
// Trusted accounts are named and graded (util/accounts.ts): an unknown account → high (the default severity); only
// publicly known vendors / AWS services (data/known-aws-accounts.yaml, --known-accounts) → medium; only accounts of
// the audited organization (org mode) → low.
import type { Check, CheckResult } from '../types.js';
import { cmp } from '../../policy/analysis.js';
import { accountLabel, classifyAccount, organizationAccounts, trustSeverity } from '../util/accounts.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withoutPrincipals } from '../util/trust.js';
import { trustedRoles } from '../util/populations.js';

export const roleExternalTrust: Check = {
  id: 'iam.role.external-trust',
  title: 'Roles trusted by other AWS accounts are known and intended',
  severity: 'high',
  needs: ['roles'],
  reads: ['identity', 'trust'],
  population: trustedRoles,
  remediation:
    'Confirm every external account in the trust policy is one you mean to trust (a vendor, another account of your organization); remove the others with update-assume-role-policy, and require sts:ExternalId for third parties.',
  run: (snap, ctx) => {
    const org = organizationAccounts(snap, ctx);
    return roleTrusts(snap).map((t): CheckResult => {
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
      const classified = accounts.map((id) => classifyAccount(id, org, ctx));
      const severity = trustSeverity(classified);
      return {
        resourceArn: t.role.arn,
        status: 'FAIL',
        message: `${t.role.name} trusts ${classified.map(accountLabel).join(', ')}.`,
        ...(severity !== 'high' ? { severity } : {}),
        evidence: trustEvidence(t, { externalAccounts: accounts, trustedAccounts: classified }),
        remediation: trustPolicyDraft(
          t.role.name,
          withoutPrincipals(t.role.assumeRolePolicy, external),
          `Draft with every external principal removed; keep the ones you mean to trust (${classified.map(accountLabel).join(', ')}).`,
        ),
      };
    });
  },
};
