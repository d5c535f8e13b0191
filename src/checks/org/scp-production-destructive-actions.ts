// Accounts in production OUs (OU name globs, --production-ous, default Prod*, *-prod) have destructive actions
// denied: deleting databases, buckets, tables, KMS keys and backups. Accounts outside production OUs are not judged.
import type { Check } from '../types.js';
import { DEFAULT_PRODUCTION_OUS, DESTRUCTIVE_ACTIONS, productionOu } from '../../org/scp.js';
import { decide, decisionEvidence, isManagementAccount, requireOrganization, scpDraft, scpsApply, scpsDisabled } from './util.js';
import { productionAccount } from './populations.js';

export const scpProductionDestructiveActions: Check = {
  id: 'org.scp.production-destructive-actions',
  title: 'Destructive actions are denied in production OUs',
  severity: 'high',
  needs: ['organization'],
  population: productionAccount,
  remediation: `Attach an SCP to the production OU that denies ${DESTRUCTIVE_ACTIONS.join(', ')} (with an exemption for a break-glass role if needed).`,
  run: (snap, ctx) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    const patterns = ctx.productionOuPatterns ?? DEFAULT_PRODUCTION_OUS;
    const prod = productionOu(org, patterns);
    if (!prod) return [];
    if (!scpsApply(org)) return [scpsDisabled(org, `nothing protects production data in ${prod.ou}`)];
    const decisions = decide(org, DESTRUCTIVE_ACTIONS);
    const open = decisions.filter((d) => d.effect === 'allowed').map((d) => d.action);
    const evidence = { productionOu: prod.ou, matchedPattern: prod.pattern, decisions: decisionEvidence(decisions) };
    if (open.length === 0) {
      return [
        {
          resourceArn: org.account.arn,
          status: 'PASS',
          message: `SCPs deny destructive actions in ${org.account.name} (${org.account.id}, OU ${prod.ou}).`,
          evidence,
        },
      ];
    }
    const ouId = org.scpChain.find((l) => l.targetType === 'ORGANIZATIONAL_UNIT' && l.targetName === prod.ou)?.targetId ?? '<production OU id>';
    return [
      {
        resourceArn: org.account.arn,
        status: 'FAIL',
        message: `${org.account.name} (${org.account.id}) is in the production OU ${prod.ou}, but no SCP denies ${open.join(', ')}.`,
        evidence,
        remediation: scpDraft(
          'deny-destructive-actions-production',
          'Production data stores, keys and backups cannot be deleted',
          {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyDestructiveActions',
                Effect: 'Deny',
                Action: [...DESTRUCTIVE_ACTIONS],
                Resource: '*',
                Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/<break-glass-role>'] } },
              },
            ],
          },
          ouId,
          `Draft SCP for the production OU ${prod.ou} (replace or drop the break-glass exemption):`,
        ),
      },
    ];
  },
};
