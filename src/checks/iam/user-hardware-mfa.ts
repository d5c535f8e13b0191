// IAM users with MFA use a hardware token or a FIDO security key, not only a virtual device (an authenticator app on
// a phone or laptop, which phishing kits and malware can relay or copy). The same evidence as iam.root.hardware-mfa:
// ListVirtualMFADevices lists every virtual device with the user it is assigned to; hardware TOTP tokens and security
// keys are not listed. Users without MFA are the MFA checks' findings, not this one's (outside the population).
import type { Check, CheckResult } from '../types.js';
import { reportUsers } from '../util/credential-report.js';
import { credentialReportUsers } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';

export const userHardwareMfa: Check = {
  id: 'iam.user.hardware-mfa',
  title: 'IAM users with MFA use a hardware token or security key, not a virtual device',
  severity: 'low',
  needs: ['credentialReport', 'users', 'virtualMfaDevices'],
  reads: ['identity', 'credentials'],
  population: credentialReportUsers('IAM users with MFA', (row) => row.mfaActive === true),
  remediation: 'Register a FIDO security key or a hardware TOTP token for the user, then deactivate its virtual MFA device.',
  run: (snap) => {
    if (!snap.virtualMfaDevices) throw new Error('the snapshot has no virtual MFA device list'); // no gap either: NOT_ASSESSED
    const virtualOf = new Map<string, string[]>();
    for (const d of snap.virtualMfaDevices) {
      if (d.userArn === undefined) continue; // unassigned: protects nobody
      virtualOf.set(d.userArn, [...(virtualOf.get(d.userArn) ?? []), d.serialNumber]);
    }
    return reportUsers(snap)
      .filter(({ row }) => row.mfaActive === true)
      .map(({ user }): CheckResult => {
        const virtual = virtualOf.get(user.arn) ?? [];
        const evidence = { virtualDevices: virtual };
        if (!virtual.length) return { resourceArn: user.arn, status: 'PASS', message: `${user.name} has MFA and no virtual MFA device (a hardware token or security key).`, evidence };
        return {
          resourceArn: user.arn,
          status: 'FAIL',
          message: `${user.name}'s MFA includes a virtual device (${virtual.join(', ')}): an app that phishing or malware on the device can expose.`,
          evidence,
          remediation: draft(
            `# 1. Register a security key (console: IAM > Users > ${user.name} > Security credentials > Assign MFA device > Security key), then:`,
            ...virtual.map((serial) => `aws iam deactivate-mfa-device --user-name ${sh(user.name)} --serial-number ${sh(serial)}`),
          ),
        };
      });
  },
};
