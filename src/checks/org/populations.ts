// Who the SCP checks judge: the audited account, when SCPs can govern it. SCPs never apply to the management account,
// so there the checks are NOT_APPLICABLE; without the organization part they are NOT_ASSESSED (requireOrganization throws).
import { DEFAULT_PRODUCTION_OUS, productionOu } from '../../org/scp.js';
import type { Population } from '../types.js';
import { isManagementAccount, requireOrganization } from './util.js';

const MANAGEMENT = 'this is the management account: service control policies never apply to it';

export const scpGovernedAccount: Population = {
  noun: 'member account',
  whenEmpty: MANAGEMENT,
  members: (snap) => {
    const org = requireOrganization(snap);
    return isManagementAccount(org) ? [] : [org.account.arn];
  },
};

/** The audited account when it is a member account in a production OU (context.productionOuPatterns). */
export const productionAccount: Population = {
  noun: 'production account',
  whenEmpty: (snap) => (snap.organization && isManagementAccount(snap.organization) ? MANAGEMENT : `the account is not in a production OU (${snap.organization?.account.ouPath ?? '?'})`),
  members: (snap, ctx) => {
    const org = requireOrganization(snap);
    if (isManagementAccount(org)) return [];
    return productionOu(org, ctx.productionOuPatterns ?? DEFAULT_PRODUCTION_OUS) ? [org.account.arn] : [];
  },
};
