import type { Check, CheckResult } from '../types.js';
import { isServiceLinkedRole } from '../util/arn.js';
import { draft, sh } from '../util/shell.js';
import { daysBetween, plural } from '../util/time.js';
import { iamRoles } from '../util/populations.js';

export const roleUnused: Check = {
  id: 'iam.role.unused',
  title: 'IAM roles are in use',
  severity: 'medium',
  needs: ['roles'],
  reads: ['identity', 'activity'],
  population: iamRoles,
  remediation:
    'Delete roles nobody assumes any more (detach their policies and remove them from instance profiles first). IAM tracks role use for 400 days.',
  run: (snap, ctx) => {
    const limit = ctx.thresholds.roleUnusedDays;
    return snap.roles.map((role): CheckResult => {
      const lastUsed = role.roleLastUsed.lastUsedDate;
      const serviceLinked = isServiceLinkedRole(role);
      // Never used: judge from creation, so a role created yesterday is not "unused".
      const idle = daysBetween(lastUsed ?? role.createDate, ctx.now);
      const evidence = {
        createDate: role.createDate,
        lastUsedDate: lastUsed ?? null,
        lastUsedRegion: role.roleLastUsed.region ?? null,
        idleDays: idle,
        thresholdDays: limit,
        serviceLinked,
      };
      if (idle <= limit) {
        return {
          resourceArn: role.arn,
          status: 'PASS',
          message: lastUsed ? `${role.name} was last used ${plural(idle, 'day')} ago.` : `${role.name} has not been used yet but was created only ${plural(idle, 'day')} ago.`,
          evidence,
        };
      }
      const r = sh(role.name);
      return {
        resourceArn: role.arn,
        status: 'FAIL',
        // Service-linked roles belong to a service the account once enabled: worth a look, not an alarm.
        ...(serviceLinked ? { severity: 'info' as const } : {}),
        message: lastUsed
          ? `${role.name} has not been used for ${plural(idle, 'day')} (limit ${limit}).`
          : `${role.name} was created ${plural(idle, 'day')} ago and has no recorded use (limit ${limit}).`,
        evidence,
        remediation: serviceLinked
          ? draft(
              '# Service-linked role: delete it only if the service that created it is no longer used.',
              `aws iam delete-service-linked-role --role-name ${r}`,
            )
          : draft(
              '# Confirm nothing assumes it (CloudTrail AssumeRole events), then remove what is attached and delete it:',
              ...role.attachedManagedPolicies.map((p) => `aws iam detach-role-policy --role-name ${r} --policy-arn ${sh(p.arn)}`),
              ...role.inlinePolicies.map((p) => `aws iam delete-role-policy --role-name ${r} --policy-name ${sh(p.name)}`),
              ...role.instanceProfiles.map(
                (ip) =>
                  `aws iam remove-role-from-instance-profile --instance-profile-name ${sh(ip.startsWith('arn:') ? ip.slice(ip.lastIndexOf('/') + 1) : ip)} --role-name ${r}`,
              ),
              `aws iam delete-role --role-name ${r}`,
            ),
      };
    });
  },
};
