import type { Check, CheckResult } from '../types.js';
import { reportUsers } from '../util/credential-report.js';
import { draft, sh } from '../util/shell.js';
import { daysBetween, plural } from '../util/time.js';
import { credentialReportUsers } from '../util/populations.js';

export const userPasswordUnused: Check = {
  id: 'iam.user.password-unused',
  title: 'Console passwords are in use',
  severity: 'medium',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with a console password', (row) => row.passwordEnabled !== false),
  remediation: 'Remove console passwords that are not used (the user keeps any other credentials).',
  run: (snap, ctx) => {
    const limit = ctx.thresholds.passwordUnusedDays;
    return reportUsers(snap)
      .filter(({ row }) => row.passwordEnabled === true)
      .map(({ row, user }): CheckResult => {
        // Never used (no_information): judge from when the password was set, else from the user's creation.
        const reference = row.passwordLastUsed ?? row.passwordLastChanged ?? row.userCreationTime ?? user.createDate;
        const idle = daysBetween(reference, ctx.now);
        const evidence = {
          passwordLastUsed: row.passwordLastUsed,
          passwordLastChanged: row.passwordLastChanged,
          userCreationTime: row.userCreationTime ?? user.createDate,
          idleDays: idle,
          thresholdDays: limit,
        };
        if (idle <= limit) {
          return {
            resourceArn: user.arn,
            status: 'PASS',
            message: row.passwordLastUsed
              ? `${user.name} last signed in to the console ${plural(idle, 'day')} ago.`
              : `${user.name} has not signed in yet, but the password is only ${plural(idle, 'day')} old.`,
            evidence,
          };
        }
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: row.passwordLastUsed
            ? `${user.name} has not signed in to the console for ${plural(idle, 'day')} (limit ${limit}) but still has a password.`
            : `${user.name} has had a console password for ${plural(idle, 'day')} and never signed in (limit ${limit}).`,
          evidence,
          remediation: draft(`aws iam delete-login-profile --user-name ${sh(user.name)}`),
        };
      });
  },
};
