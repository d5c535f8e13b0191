// Root user actions denied in member accounts: an SCP Deny conditioned on aws:PrincipalArn arn:aws:iam::*:root.
// Member accounts rarely need their root user; with this guardrail a stolen root password achieves little.
import type { Check } from '../types.js';
import { rootUserDenies } from '../../org/scp.js';
import { isManagementAccount, requireOrganization, rootId, scpDraft, scpsApply, scpsDisabled } from './util.js';
import { scpGovernedAccount } from './populations.js';

export const scpDenyRootUser: Check = {
  id: 'org.scp.deny-root-user',
  title: 'An SCP denies actions by the root user of member accounts',
  severity: 'medium',
  needs: ['organization'],
  population: scpGovernedAccount,
  remediation: 'Attach an SCP that denies "*" when aws:PrincipalArn is like arn:aws:iam::*:root.',
  run: (snap) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    if (!scpsApply(org)) return [scpsDisabled(org, 'the root user of the account is unrestricted')];
    const denies = rootUserDenies(org.scpChain);
    if (denies.length > 0) {
      return [
        {
          resourceArn: org.account.arn,
          status: 'PASS',
          message: `${denies.map((d) => d.policyName).join(', ')} denies root user actions in ${org.account.name} (${org.account.id}).`,
          evidence: { denies },
        },
      ];
    }
    return [
      {
        resourceArn: org.account.arn,
        status: 'FAIL',
        message: `No SCP restricts the root user of ${org.account.name} (${org.account.id}).`,
        evidence: { denies: [] },
        remediation: scpDraft(
          'deny-root-user',
          'The root user of member accounts can do nothing',
          {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'DenyRootUser', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } } },
            ],
          },
          rootId(org),
          'Draft SCP, attached at the root (the few root-only tasks can be done after detaching it, or with centralized root access):',
        ),
      },
    ];
  },
};
