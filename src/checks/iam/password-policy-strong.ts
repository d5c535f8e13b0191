// Security Hub IAM.7 at its default parameters: upper and lower case letters, numbers and symbols required, and at
// least 8 characters. Reuse prevention and expiry (PasswordReusePrevention, MaxPasswordAge) are optional parameters of
// the control with no default value (AWS Security Hub User Guide, "Security Hub controls for IAM", IAM.7 parameters;
// the AWS Config rule iam-password-policy defaults MaxPasswordAge to 90, but IAM.7 sets its own parameters), so they
// are judged by iam.password-policy.reuse (CIS's value) and iam.password-policy.max-age (IAM.17), not here. The length is the control's own 8, not the run's
// passwordMinLength (CIS 1.8's 14, judged by iam.password-policy.min-length).
import type { PasswordPolicy } from '../../snapshot/snapshot.js';
import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from '../util/password-policy.js';
import { CHARACTER_RULES, withArticle } from '../util/character-rule.js';
import { theAccount } from '../util/populations.js';

/** The control's default minimum length. */
export const STRONG_MIN_LENGTH = 8;


export const passwordPolicyStrong: Check = {
  id: 'iam.password-policy.strong',
  title: 'The password policy requires upper and lower case letters, numbers, symbols and at least 8 characters',
  severity: 'medium',
  needs: ['passwordPolicy'],
  population: theAccount,
  remediation: 'Require uppercase, lowercase, numbers and symbols (aws iam update-account-password-policy --require-uppercase-characters ...).',
  run: (snap, ctx) => {
    const policy = requirePasswordPolicy(snap);
    const resourceArn = accountArn(snap);
    const missing = CHARACTER_RULES.filter(({ setting }) => policy?.[setting] !== true).map(({ what }) => withArticle(what));
    const length = policy?.minimumPasswordLength;
    const short = length === undefined || length < STRONG_MIN_LENGTH;
    const evidence = {
      ...policyEvidence(policy),
      requireUppercaseCharacters: policy?.requireUppercaseCharacters ?? false,
      requireLowercaseCharacters: policy?.requireLowercaseCharacters ?? false,
      requireNumbers: policy?.requireNumbers ?? false,
      requireSymbols: policy?.requireSymbols ?? false,
      minimumPasswordLength: length ?? null,
      requiredMinimumLength: STRONG_MIN_LENGTH,
    };
    if (policy && missing.length === 0 && !short) {
      return [{ resourceArn, status: 'PASS', message: `The password policy requires all four character types and at least ${length} characters.`, evidence }];
    }
    const problems = [
      ...(missing.length ? [`does not require ${missing.join(', ')}`] : []),
      ...(short ? [length === undefined ? 'sets no minimum length' : `requires only ${length} characters (${STRONG_MIN_LENGTH} required)`] : []),
    ];
    const fixed: PasswordPolicy = { ...(policy ?? {}), requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true };
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: policy ? `The password policy ${problems.join(' and ')}.` : 'The account has no password policy, so no character types or length are required.',
        evidence,
        remediation: passwordPolicyDraft(fixed, ctx.thresholds),
      },
    ];
  },
};
