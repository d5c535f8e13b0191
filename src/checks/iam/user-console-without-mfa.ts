import type { Check, CheckResult } from '../types.js';
import { reportUsers } from '../util/credential-report.js';
import { draft, sh } from '../util/shell.js';
import { credentialReportUsers } from '../util/populations.js';

export const userConsoleWithoutMfa: Check = {
  id: 'iam.user.console-without-mfa',
  title: 'IAM users with a console password have MFA',
  severity: 'high',
  needs: ['credentialReport', 'users'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with a console password', (row) => row.passwordEnabled !== false),
  remediation: 'Enable an MFA device for the user, or remove the console password if the user does not need the console.',
  run: (snap) =>
    reportUsers(snap)
      .filter(({ row }) => row.passwordEnabled === true)
      .map(({ row, user }): CheckResult => {
        const evidence = {
          passwordEnabled: true,
          mfaActive: row.mfaActive,
          passwordLastUsed: row.passwordLastUsed,
          passwordLastChanged: row.passwordLastChanged,
        };
        if (row.mfaActive) {
          return { resourceArn: user.arn, status: 'PASS', message: `${user.name} signs in to the console with MFA.`, evidence };
        }
        const name = sh(user.name);
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: `${user.name} can sign in to the console with a password alone (no MFA device).`,
          evidence,
          remediation: draft(
            `# Either have ${user.name} register an MFA device (console: IAM > Users > ${user.name} > Security credentials), or by CLI:`,
            `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${name} --outfile ${sh(`${user.name}-mfa.png`)} --bootstrap-method QRCodePNG`,
            `aws iam enable-mfa-device --user-name ${name} --serial-number ${sh(`arn:${snap.partition}:iam::${snap.accountId}:mfa/${user.name}`)} --authentication-code1 <code1> --authentication-code2 <code2>`,
            `# or, if ${user.name} does not need the console, remove the password:`,
            `aws iam delete-login-profile --user-name ${name}`,
          ),
        };
      }),
};
