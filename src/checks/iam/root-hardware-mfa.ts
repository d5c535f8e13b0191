// CIS 1.6 / Security Hub IAM.6: the root user's MFA is not a virtual (authenticator app) device. A virtual device
// assigned to root is listed by ListVirtualMFADevices with the root ARN as its user (serial
// arn:aws:iam::<account>:mfa/root-account-mfa-device by default); a hardware TOTP token or a FIDO security key is
// not listed there. Whether root has MFA at all comes from the credential report row, else GetAccountSummary.
import type { Check } from '../types.js';
import { CREDENTIAL_REPORT_SOURCE, rootMfaEvidence, rootUser, SUMMARY_SOURCE } from '../util/root.js';
import { draft } from '../util/shell.js';

export const rootHardwareMfa: Check = {
  id: 'iam.root.hardware-mfa',
  title: 'The root user has a hardware MFA device or security key, not a virtual one',
  severity: 'high',
  // The virtual device list is required; whether root has MFA at all has two sources (population.sources).
  needs: ['virtualMfaDevices'],
  population: rootUser('AccountMFAEnabled'),
  remediation: 'Replace the root user\'s virtual MFA device with a hardware TOTP token or a FIDO security key (root user console: Security credentials).',
  run: (snap) => {
    const mfa = rootMfaEvidence(snap);
    if (!mfa) return []; // no evidence: the runner reports NOT_ASSESSED naming both sources
    const { resourceArn, mfaActive: hasMfa } = mfa;
    const source = mfa.row ? CREDENTIAL_REPORT_SOURCE : SUMMARY_SOURCE;
    // Assigned to root: its user is root, or (an answer without the user) the default root serial with an enable date;
    // an unassigned leftover device has no enable date and protects nothing.
    if (!snap.virtualMfaDevices) throw new Error('the snapshot has no virtual MFA device list'); // no gap either: NOT_ASSESSED
    const virtual = snap.virtualMfaDevices.filter(
      (d) => d.userArn === resourceArn || (d.userArn === undefined && d.enableDate !== undefined && /:mfa\/root-account-mfa-device$/.test(d.serialNumber)),
    );
    const evidence = { mfaSource: source, mfaActive: hasMfa, virtualDevices: virtual.map((d) => d.serialNumber) };
    if (!hasMfa) {
      // The control fails, but the thing to fix is iam.root.mfa's critical finding: at info severity this one does not
      // count a second time against --fail-on or in the severity totals.
      return [{ resourceArn, status: 'FAIL', severity: 'info', message: 'The root user has no MFA device at all (see iam.root.mfa), so no hardware MFA either.', evidence }];
    }
    if (virtual.length) {
      return [
        {
          resourceArn,
          status: 'FAIL',
          message: `The root user's MFA is a virtual device (${virtual.map((d) => d.serialNumber).join(', ')}): an app on a phone or laptop, which malware or a lost device can expose.`,
          evidence,
          remediation: draft(
            '# Only the root user can change its MFA (console, not the CLI):',
            `# 1. Sign in as the root user of account ${snap.accountId}; Account menu > Security credentials`,
            '# 2. Multi-factor authentication: Assign MFA device > Security key (FIDO) or Hardware TOTP token',
            '# 3. Once it works, remove the virtual device.',
          ),
        },
      ];
    }
    return [{ resourceArn, status: 'PASS', message: 'The root user has MFA, and no virtual MFA device is assigned to it (a hardware token or security key).', evidence }];
  },
};
