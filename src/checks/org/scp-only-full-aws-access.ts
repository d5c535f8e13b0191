// The account is governed by FullAWSAccess alone: SCPs are on, but nothing restricts what the account may do.
import type { Check } from '../types.js';
import { describeChain, isFullAwsAccess, policiesInForce } from '../../org/scp.js';
import { isManagementAccount, requireOrganization, rootId, scpsApply, scpsDisabled } from './util.js';
import { scpGovernedAccount } from './populations.js';

export const scpOnlyFullAwsAccess: Check = {
  id: 'org.scp.only-full-aws-access',
  title: 'Service control policies restrict more than FullAWSAccess',
  severity: 'medium',
  needs: ['organization'],
  population: scpGovernedAccount,
  remediation:
    'Attach guardrail SCPs (deny leaving the organization, stopping CloudTrail, root user actions; deny destructive actions in production OUs) at the root or the OUs.',
  run: (snap) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    if (!scpsApply(org)) return [scpsDisabled(org, 'nothing limits what the account may do')];
    const policies = policiesInForce(org.scpChain);
    const others = policies.filter((p) => !isFullAwsAccess(p));
    const evidence = { scpChain: describeChain(org.scpChain), policies: policies.map((p) => ({ id: p.id, name: p.name })) };
    if (others.length > 0) {
      return [
        {
          resourceArn: org.account.arn,
          status: 'PASS',
          message: `${org.account.name} (${org.account.id}) is governed by ${others.map((p) => p.name).join(', ')} besides FullAWSAccess.`,
          evidence,
        },
      ];
    }
    return [
      {
        resourceArn: org.account.arn,
        status: 'FAIL',
        message: `Only FullAWSAccess applies to ${org.account.name} (${org.account.id}): no service control policy limits the account.`,
        evidence,
        remediation: `# Start with the guardrails the org.scp.* checks describe, attached at the root (${rootId(org)}) or the account's OUs (${org.account.ouPath}).`,
      },
    ];
  },
};
