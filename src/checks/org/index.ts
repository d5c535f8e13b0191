// The organization checks: the account's membership (Account.2) and the service control policy guardrails. Registered
// only in org mode (--org), or when a saved snapshot carries an organization part, so that single-account reports are
// not cluttered with checks that cannot apply; in org mode, a missing organization part (e.g. ListPolicies denied)
// makes them NOT_ASSESSED.
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import type { Check } from '../types.js';
import { accountMember } from './account-member.js';
import { scpDenyLeaveOrganization } from './scp-deny-leave-organization.js';
import { scpDenyRootUser } from './scp-deny-root-user.js';
import { scpOnlyFullAwsAccess } from './scp-only-full-aws-access.js';
import { scpProductionDestructiveActions } from './scp-production-destructive-actions.js';
import { scpProtectCloudTrail } from './scp-protect-cloudtrail.js';

/** The service control policy guardrail checks (ids org.scp.*). */
export const SCP_CHECKS: Check[] = [
  scpOnlyFullAwsAccess,
  scpDenyLeaveOrganization,
  scpProtectCloudTrail,
  scpDenyRootUser,
  scpProductionDestructiveActions,
];

export const ORG_CHECKS: Check[] = [accountMember, ...SCP_CHECKS];

/** The org checks apply to a snapshot collected in org mode (or one that has a gap for its organization part). */
export function wantsOrgChecks(snapshot: AccountSnapshot): boolean {
  return snapshot.organization !== undefined || snapshot.gaps.some((g) => g.part === 'organization');
}

export { accountMember, scpDenyLeaveOrganization, scpDenyRootUser, scpOnlyFullAwsAccess, scpProductionDestructiveActions, scpProtectCloudTrail };
