// organizations:LeaveOrganization denied: an account that leaves takes itself out of every guardrail and the
// organization trail.
import type { Check } from '../types.js';
import { decide, decisionEvidence, isManagementAccount, requireOrganization, rootId, scpDraft, scpsApply, scpsDisabled } from './util.js';
import { scpGovernedAccount } from './populations.js';

const ACTIONS = ['organizations:LeaveOrganization'];

export const scpDenyLeaveOrganization: Check = {
  id: 'org.scp.deny-leave-organization',
  title: 'An SCP denies leaving the organization',
  severity: 'medium',
  needs: ['organization'],
  population: scpGovernedAccount,
  remediation: 'Attach an SCP that denies organizations:LeaveOrganization at the root.',
  run: (snap) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    if (!scpsApply(org)) return [scpsDisabled(org, 'the account can leave the organization')];
    const decisions = decide(org, ACTIONS);
    const evidence = { decisions: decisionEvidence(decisions) };
    if (decisions.every((d) => d.effect !== 'allowed')) {
      return [{ resourceArn: org.account.arn, status: 'PASS', message: `${org.account.name} (${org.account.id}) cannot leave the organization.`, evidence }];
    }
    return [
      {
        resourceArn: org.account.arn,
        status: 'FAIL',
        message: `No SCP stops ${org.account.name} (${org.account.id}) from leaving the organization (organizations:LeaveOrganization is allowed).`,
        evidence,
        remediation: scpDraft(
          'deny-leave-organization',
          'Accounts cannot leave the organization',
          { Version: '2012-10-17', Statement: [{ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: ACTIONS, Resource: '*' }] },
          rootId(org),
          'Draft SCP, attached at the root so it covers every account:',
        ),
      },
    ];
  },
};
