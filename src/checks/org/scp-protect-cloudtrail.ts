// cloudtrail:StopLogging and cloudtrail:DeleteTrail denied: whoever compromises a member account cannot switch off
// the audit trail first.
import type { Check } from '../types.js';
import { decide, decisionEvidence, isManagementAccount, requireOrganization, rootId, scpDraft, scpsApply, scpsDisabled } from './util.js';
import { scpGovernedAccount } from './populations.js';

const ACTIONS = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'];

export const scpProtectCloudTrail: Check = {
  id: 'org.scp.protect-cloudtrail',
  title: 'An SCP denies stopping or deleting CloudTrail trails',
  severity: 'high',
  needs: ['organization'],
  population: scpGovernedAccount,
  remediation: 'Attach an SCP that denies cloudtrail:StopLogging and cloudtrail:DeleteTrail at the root.',
  run: (snap) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    if (!scpsApply(org)) return [scpsDisabled(org, 'CloudTrail can be stopped or deleted from the account')];
    const decisions = decide(org, ACTIONS);
    const open = decisions.filter((d) => d.effect === 'allowed').map((d) => d.action);
    const evidence = { decisions: decisionEvidence(decisions) };
    if (open.length === 0) {
      return [{ resourceArn: org.account.arn, status: 'PASS', message: `SCPs deny ${ACTIONS.join(' and ')} in ${org.account.name} (${org.account.id}).`, evidence }];
    }
    return [
      {
        resourceArn: org.account.arn,
        status: 'FAIL',
        message: `No SCP denies ${open.join(' or ')} in ${org.account.name} (${org.account.id}): the audit trail can be switched off from inside the account.`,
        evidence,
        remediation: scpDraft(
          'protect-cloudtrail',
          'Trails cannot be stopped, deleted or reconfigured',
          {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ProtectCloudTrail',
                Effect: 'Deny',
                Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'],
                Resource: '*',
              },
            ],
          },
          rootId(org),
          'Draft SCP, attached at the root (add a Condition exempting your security automation role if it manages trails):',
        ),
      },
    ];
  },
};
