// The four password policy character checks (Security Hub IAM.11-IAM.14) differ only in the setting they read: one
// factory, one file per check id (checks/iam/password-policy-require-*.ts).
import type { PasswordPolicy } from '../../snapshot/snapshot.js';
import type { Check } from '../types.js';
import { accountArn } from './arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from './password-policy.js';
import { theAccount } from './populations.js';

type CharacterSetting = 'requireUppercaseCharacters' | 'requireLowercaseCharacters' | 'requireSymbols' | 'requireNumbers';

/** "an uppercase letter", "a number". */
export const withArticle = (what: string): string => `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;

/** The four character settings, with what each requires (also judged together by iam.password-policy.strong). */
export const CHARACTER_RULES: readonly { setting: CharacterSetting; what: string }[] = [
  { setting: 'requireUppercaseCharacters', what: 'uppercase letter' },
  { setting: 'requireLowercaseCharacters', what: 'lowercase letter' },
  { setting: 'requireNumbers', what: 'number' },
  { setting: 'requireSymbols', what: 'symbol' },
];

export function characterRuleCheck({ id, setting }: { id: string; setting: CharacterSetting }): Check {
  const what = CHARACTER_RULES.find((r) => r.setting === setting)!.what;
  return {
    id,
    title: `The password policy requires at least one ${what}`,
    severity: 'medium',
    needs: ['passwordPolicy'],
    population: theAccount,
    remediation: `Require at least one ${what} in IAM passwords (aws iam update-account-password-policy --${setting.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ...).`,
    run: (snap, ctx) => {
      const policy = requirePasswordPolicy(snap);
      const resourceArn = accountArn(snap);
      const evidence = { ...policyEvidence(policy), [setting]: policy?.[setting] ?? false };
      if (policy?.[setting] === true) return [{ resourceArn, status: 'PASS', message: `The password policy requires at least one ${what}.`, evidence }];
      const fixed: PasswordPolicy = { ...(policy ?? {}), [setting]: true };
      return [
        {
          resourceArn,
          status: 'FAIL',
          message: policy ? `The password policy does not require ${withArticle(what)}.` : `The account has no password policy, so no ${what} is required.`,
          evidence,
          remediation: passwordPolicyDraft(fixed, ctx.thresholds),
        },
      ];
    },
  };
}
