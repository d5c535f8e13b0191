import type { Check } from '../types.js';
import { CREDENTIAL_REPORT_SOURCE, rootMfaEvidence, rootUser, SUMMARY_SOURCE } from '../util/root.js';
import { draft } from '../util/shell.js';

export const rootMfa: Check = {
  id: 'iam.root.mfa',
  title: 'The root user has MFA enabled',
  severity: 'critical',
  // The row, else GetAccountSummary: both are alternative sources (population.sources), neither is required alone.
  needs: [],
  population: rootUser('AccountMFAEnabled'),
  remediation:
    'Sign in as the root user, open Security credentials and assign an MFA device (hardware or passkey preferred, CIS 1.6).',
  run: (snap) => {
    const mfa = rootMfaEvidence(snap);
    if (!mfa) return []; // no evidence: the runner reports NOT_ASSESSED naming both sources
    const { row, resourceArn, mfaActive } = mfa;
    const evidence = row
      ? { source: CREDENTIAL_REPORT_SOURCE, mfaActive: row.mfaActive, passwordLastUsed: row.passwordLastUsed }
      : { source: SUMMARY_SOURCE, AccountMFAEnabled: snap.accountSummary!.AccountMFAEnabled, mfaActive };
    return [
      mfaActive
        ? { resourceArn, status: 'PASS', message: `The root user has MFA enabled${row ? '' : ` (${SUMMARY_SOURCE}: AccountMFAEnabled = 1)`}.`, evidence }
        : {
            resourceArn,
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
