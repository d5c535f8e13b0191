import type { Check, CheckResult } from '../types.js';
import { KEY_SLOTS, reportUsers } from '../util/credential-report.js';
import { keyRotationDraft } from '../util/drafts.js';
import { daysBetween, plural } from '../util/time.js';
import { credentialReportUsers } from '../util/populations.js';

export const userAccessKeyAge: Check = {
  id: 'iam.user.access-key-age',
  title: 'Active access keys are rotated',
  severity: 'medium',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with an active access key', (row) => row.accessKeys.some((k) => k.active)),
  remediation:
    'Rotate the key: create a second key, move every consumer to it, deactivate the old key, then delete it. Better: replace long-lived keys with roles.',
  run: (snap, ctx) => {
    const limit = ctx.thresholds.accessKeyMaxAgeDays;
    const out: CheckResult[] = [];
    for (const { row, user } of reportUsers(snap)) {
      KEY_SLOTS.forEach((slot, i) => {
        const key = row.accessKeys[i]!;
        if (!key.active) return;
        // last_rotated is the key's creation date; should it be missing, the user's creation date bounds it.
        const since = key.lastRotated ?? row.userCreationTime ?? user.createDate;
        const age = daysBetween(since, ctx.now);
        const evidence = {
          key: slot,
          lastRotated: key.lastRotated,
          ...(key.lastRotated === null ? { ageMeasuredFrom: since } : {}),
          ageDays: age,
          thresholdDays: limit,
          lastUsed: key.lastUsed,
          lastUsedService: key.lastUsedService,
        };
        out.push(
          age > limit
            ? {
                resourceArn: user.arn,
                detail: slot,
                status: 'FAIL',
                message: `${user.name}'s active access ${slot} is ${plural(age, 'day')} old (limit ${limit}).`,
                evidence,
                remediation: keyRotationDraft(user.name, slot, since),
              }
            : {
                resourceArn: user.arn,
                detail: slot,
                status: 'PASS',
                message: `${user.name}'s active access ${slot} is ${plural(age, 'day')} old.`,
                evidence,
              },
        );
      });
    }
    return out;
  },
};
