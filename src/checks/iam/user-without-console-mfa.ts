// Security Hub IAM.19 asks for MFA on every IAM user; iam.user.console-without-mfa judges the users with a console
// password, this check the others (API-only users), so that no user is reported twice for one missing device. MFA on
// an API-only user protects its API calls only where a policy requires aws:MultiFactorAuthPresent: hence low.
import type { Check, CheckResult } from '../types.js';
import { reportUsers } from '../util/credential-report.js';
import { credentialReportUsers } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';

export const userWithoutConsoleMfa: Check = {
  id: 'iam.user.without-console-mfa',
  title: 'IAM users without a console password have MFA too',
  severity: 'low',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users without a console password', (row) => row.passwordEnabled !== true),
  remediation: 'Register an MFA device for the user, and require aws:MultiFactorAuthPresent for its sensitive actions.',
  run: (snap) =>
    reportUsers(snap)
      .filter(({ row }) => row.passwordEnabled !== true)
      .map(({ row, user }): CheckResult => {
        const evidence = { passwordEnabled: row.passwordEnabled, mfaActive: row.mfaActive, activeAccessKeys: row.accessKeys.filter((k) => k.active).length };
        if (row.mfaActive) return { resourceArn: user.arn, status: 'PASS', message: `${user.name} has an MFA device.`, evidence };
        const name = sh(user.name);
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: `${user.name} has no MFA device (it has no console password; its API calls can only be made to require MFA through policies).`,
          evidence,
          remediation: draft(
            `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${name} --outfile ${sh(`${user.name}-mfa.png`)} --bootstrap-method QRCodePNG`,
            `aws iam enable-mfa-device --user-name ${name} --serial-number ${sh(`arn:${snap.partition}:iam::${snap.accountId}:mfa/${user.name}`)} --authentication-code1 <code1> --authentication-code2 <code2>`,
            `# A user that is only a machine credential is better replaced by a role (no long-lived key, no MFA question).`,
          ),
        };
      }),
};
