import type { Check } from './types.js';
import { rootRow } from './util/credential-report.js';
import { draft } from './util/shell.js';

export const rootMfa: Check = {
  id: 'iam.root.mfa',
  title: 'The root user has MFA enabled',
  severity: 'critical',
  compliance: { cis: ['1.5'], securityHub: ['IAM.9'] },
  needs: ['credentialReport'],
  remediation:
    'Sign in as the root user, open Security credentials and assign an MFA device (hardware or passkey preferred, CIS 1.6).',
  run: (snap) => {
    const row = rootRow(snap);
    if (!row) return [];
    const evidence = { mfaActive: row.mfaActive, passwordLastUsed: row.passwordLastUsed };
    return [
      row.mfaActive
        ? { resourceArn: row.arn, status: 'PASS', message: 'The root user has MFA enabled.', evidence }
        : {
            resourceArn: row.arn,
            status: 'FAIL',
            message: 'The root user has no MFA device, so the root password alone unlocks the whole account.',
            evidence,
            remediation: draft(
              '# Root MFA can only be set by the root user itself (console, not the CLI):',
              `# 1. Sign in as the root user of account ${snap.accountId} at https://console.aws.amazon.com/`,
              '# 2. Account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device',
              '# 3. Prefer a hardware key or passkey (CIS 1.6); register a second device as a backup.',
            ),
          },
    ];
  },
};
