// Shared by the CloudTrail checks.
import type { AccountSnapshot, CloudTrailPart, RootActivity, Trail } from '../../snapshot/snapshot.js';

/** The CloudTrail part; throws (→ NOT_ASSESSED) when it was never collected and no gap says why (older snapshots). */
export function requireCloudTrail(snapshot: AccountSnapshot): CloudTrailPart {
  if (!snapshot.cloudTrail) throw new Error('the snapshot has no CloudTrail information');
  return snapshot.cloudTrail;
}

/** Root activity, or undefined when not collected (the root checks then rely on the credential report alone). */
export function rootActivity(snapshot: AccountSnapshot): RootActivity | undefined {
  return snapshot.rootActivity;
}

export function trailSummary(t: Trail): Record<string, unknown> {
  return {
    name: t.name,
    arn: t.arn,
    homeRegion: t.homeRegion,
    isMultiRegionTrail: t.isMultiRegionTrail,
    isOrganizationTrail: t.isOrganizationTrail,
    isLogging: t.isLogging,
    managementEvents: t.managementEvents,
    logFileValidationEnabled: t.logFileValidationEnabled,
    ...(t.latestDeliveryError ? { latestDeliveryError: t.latestDeliveryError } : {}),
  };
}
