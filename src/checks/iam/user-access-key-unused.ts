import type { Check, CheckResult } from '../types.js';
import { KEY_SLOTS, reportUsers } from '../util/credential-report.js';
import { keyDeactivationDraft } from '../util/drafts.js';
import { daysBetween, plural } from '../util/time.js';
import { credentialReportUsers } from '../util/populations.js';

export const userAccessKeyUnused: Check = {
  id: 'iam.user.access-key-unused',
  title: 'Active access keys are in use',
  severity: 'medium',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with an active access key', (row) => row.accessKeys.some((k) => k.active)),
  remediation: 'Deactivate, then delete, access keys that are not used.',
  run: (snap, ctx) => {
    const limit = ctx.thresholds.accessKeyUnusedDays;
    const out: CheckResult[] = [];
    for (const { row, user } of reportUsers(snap)) {
      KEY_SLOTS.forEach((slot, i) => {
        const key = row.accessKeys[i]!;
        if (!key.active) return;
        const created = key.lastRotated ?? row.userCreationTime ?? user.createDate;
        // Never used: judge from when the key was created, so a key made today is not "unused".
        const reference = key.lastUsed ?? created;
        const idle = daysBetween(reference, ctx.now);
        const evidence = {
          key: slot,
          lastUsed: key.lastUsed,
          lastUsedService: key.lastUsedService,
          lastRotated: key.lastRotated,
          idleDays: idle,
          thresholdDays: limit,
        };
        const base = { resourceArn: user.arn, detail: slot, evidence };
        if (idle <= limit) {
          out.push({
            ...base,
            status: 'PASS',
            message: key.lastUsed
              ? `${user.name}'s access ${slot} was used ${plural(idle, 'day')} ago.`
              : `${user.name}'s access ${slot} has not been used yet but is only ${plural(idle, 'day')} old.`,
          });
          return;
        }
        out.push({
          ...base,
          status: 'FAIL',
          message: key.lastUsed
            ? `${user.name}'s active access ${slot} has not been used for ${plural(idle, 'day')} (limit ${limit}).`
            : `${user.name}'s active access ${slot} was created ${plural(idle, 'day')} ago and has never been used (limit ${limit}).`,
          remediation: keyDeactivationDraft(user.name, slot, created),
        } satisfies CheckResult);
      });
    }
    return out;
  },
};
