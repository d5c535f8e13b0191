// CIS 1.11: no access key set up with a console user and never used. The CIS audit reads the credential report: a
// user with a console password whose active key has no last-used date (N/A) got a key it does not use, usually
// at user creation. iam.user.access-key-unused judges unused keys of every user after accessKeyUnusedDays; this
// one has no grace period, as the recommendation.
import { KEY_SLOTS, reportUsers } from '../util/credential-report.js';
import { credentialReportUsers } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';
import type { Check, CheckResult } from '../types.js';

export const userAccessKeyAtSetup: Check = {
  id: 'iam.user.access-key-at-setup',
  title: 'IAM users with a console password have no access key they never used',
  severity: 'low',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with a console password and an active access key', (row) => row.passwordEnabled !== false && row.accessKeys.some((k) => k.active)),
  remediation: 'Delete access keys that console users never used; create keys only when a user needs programmatic access.',
  run: (snap) =>
    reportUsers(snap)
      .filter(({ row }) => row.passwordEnabled === true && row.accessKeys.some((k) => k.active))
      .map(({ row, user }): CheckResult => {
        const keys = KEY_SLOTS.map((slot, i) => ({ slot, ...row.accessKeys[i]! })).filter((k) => k.active);
        const unused = keys.filter((k) => k.lastUsed === null);
        const evidence = { passwordEnabled: true, userCreationTime: row.userCreationTime, keys: keys.map((k) => ({ slot: k.slot, lastRotated: k.lastRotated, lastUsed: k.lastUsed })) };
        if (unused.length === 0) return { resourceArn: user.arn, status: 'PASS', message: `${user.name}'s active access keys have been used.`, evidence };
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: `${user.name} has a console password and ${unused.length === 1 ? `an active access key (${unused[0]!.slot}) it has` : `${unused.length} active access keys it has`} never used.`,
          evidence,
          remediation: draft(
            `# Find the key id(s), then delete the unused one(s):`,
            `aws iam list-access-keys --user-name ${sh(user.name)}`,
            `aws iam delete-access-key --user-name ${sh(user.name)} --access-key-id <AKIA...>`,
          ),
        };
      }),
};
