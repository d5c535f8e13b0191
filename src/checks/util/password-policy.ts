// The account password policy checks share the part and a draft: update-account-password-policy REPLACES the whole
// policy (anything not passed reverts to its default), so the draft carries every current setting plus the fix.
import type { AccountSnapshot, PasswordPolicy } from '../../snapshot/snapshot.js';
import type { Thresholds } from '../../vocabulary.js';

/** The password policy; null = the account has none. Throws when the part was never collected and no gap says why. */
export function requirePasswordPolicy(snapshot: AccountSnapshot): PasswordPolicy | null {
  if (snapshot.passwordPolicy === undefined) throw new Error('the snapshot has no password policy information');
  return snapshot.passwordPolicy;
}

export function passwordPolicyDraft(current: PasswordPolicy | null, t: Thresholds): string {
  const p: PasswordPolicy = current ?? {
    // A fresh policy: CIS-aligned complexity on top of the thresholds.
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
  };
  const minLength = Math.max(p.minimumPasswordLength ?? 0, t.passwordMinLength);
  const reuse = Math.max(p.passwordReusePrevention ?? 0, t.passwordReusePrevention);
  const flag = (on: boolean | undefined, name: string) => (on ? `--${name}` : `--no-${name}`);
  const args = [
    `--minimum-password-length ${minLength}`,
    flag(p.requireSymbols, 'require-symbols'),
    flag(p.requireNumbers, 'require-numbers'),
    flag(p.requireUppercaseCharacters, 'require-uppercase-characters'),
    flag(p.requireLowercaseCharacters, 'require-lowercase-characters'),
    flag(p.allowUsersToChangePassword, 'allow-users-to-change-password'),
    ...(p.expirePasswords && p.maxPasswordAge ? [`--max-password-age ${p.maxPasswordAge}`] : []),
    `--password-reuse-prevention ${reuse}`,
    flag(p.hardExpiry, 'hard-expiry'),
  ];
  return [
    '# update-account-password-policy replaces the whole policy: this keeps the current settings and fixes the rest.',
    `aws iam update-account-password-policy \\\n  ${args.join(' \\\n  ')}`,
  ].join('\n');
}

export function policyEvidence(p: PasswordPolicy | null): Record<string, unknown> {
  return { passwordPolicy: p };
}
