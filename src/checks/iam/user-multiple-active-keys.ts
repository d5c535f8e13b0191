import type { Check, CheckResult } from '../types.js';
import { KEY_SLOTS, reportUsers } from '../util/credential-report.js';
import { keyIdLookup } from '../util/drafts.js';
import { draft, sh } from '../util/shell.js';
import { credentialReportUsers } from '../util/populations.js';

export const userMultipleActiveKeys: Check = {
  id: 'iam.user.multiple-active-keys',
  title: 'IAM users have at most one active access key',
  severity: 'medium',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users'),
  remediation: 'Keep one active access key per user (two only briefly, while rotating); deactivate and delete the other.',
  run: (snap) =>
    reportUsers(snap).map(({ row, user }): CheckResult => {
      const keys = KEY_SLOTS.map((slot, i) => ({ slot, ...row.accessKeys[i]! }));
      const active = keys.filter((k) => k.active);
      const evidence = { keys };
      if (active.length < 2) {
        return {
          resourceArn: user.arn,
          status: 'PASS',
          message: `${user.name} has ${active.length === 0 ? 'no active access key' : 'one active access key'}.`,
          evidence,
        };
      }
      // Suggest retiring the key used least recently (a never-used key first; ties: the older key, then key1).
      const ms = (d: string | null) => (d === null ? 0 : Date.parse(d));
      const stale = [...active].sort((a, b) => ms(a.lastUsed) - ms(b.lastUsed) || ms(a.lastRotated) - ms(b.lastRotated))[0]!;
      const created = stale.lastRotated ?? row.userCreationTime ?? user.createDate;
      return {
        resourceArn: user.arn,
        status: 'FAIL',
        message: `${user.name} has 2 active access keys.`,
        evidence,
        remediation: draft(
          `# ${stale.slot} is the one used least recently (${stale.lastUsed ?? 'never used'}); check that first:`,
          keyIdLookup(user.name, stale.slot, created),
          `aws iam update-access-key --user-name ${sh(user.name)} --access-key-id <${stale.slot}-id> --status Inactive`,
          `aws iam delete-access-key --user-name ${sh(user.name)} --access-key-id <${stale.slot}-id>`,
        ),
      };
    }),
};
