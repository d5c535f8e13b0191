// Security Hub IAM.17: the password policy expires passwords within 90 days. IAM reports MaxPasswordAge only when it is
// set (1-1095 days) and ExpirePasswords true exactly then (IAM API reference, PasswordPolicy); absent or 0 means
// passwords never expire. The 90 days are the control's own fixed value (IAM.17 has no parameter), so it is a constant
// here, not a run threshold: a threshold would also need a CLI flag, a Lambda setting and a report label.
import type { PasswordPolicy } from '../../snapshot/snapshot.js';
import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from '../util/password-policy.js';
import { theAccount } from '../util/populations.js';

/** Security Hub IAM.17: passwords expire within this many days. */
export const MAX_PASSWORD_AGE_DAYS = 90;

export const passwordPolicyMaxAge: Check = {
  id: 'iam.password-policy.max-age',
  title: 'The password policy expires passwords within 90 days',
  severity: 'low',
  needs: ['passwordPolicy'],
  population: theAccount,
  remediation: `Expire passwords within ${MAX_PASSWORD_AGE_DAYS} days (aws iam update-account-password-policy --max-password-age ${MAX_PASSWORD_AGE_DAYS} ...).`,
  run: (snap, ctx) => {
    const policy = requirePasswordPolicy(snap);
    const resourceArn = accountArn(snap);
    const age = policy?.maxPasswordAge;
    const expires = age !== undefined && age > 0 && policy?.expirePasswords !== false;
    const evidence = { ...policyEvidence(policy), expirePasswords: policy?.expirePasswords ?? false, maxPasswordAge: age ?? null, required: MAX_PASSWORD_AGE_DAYS };
    if (policy && expires && age <= MAX_PASSWORD_AGE_DAYS) {
      return [{ resourceArn, status: 'PASS', message: `The password policy expires passwords after ${age} days.`, evidence }];
    }
    const fixed: PasswordPolicy = { ...(policy ?? {}), expirePasswords: true, maxPasswordAge: expires ? Math.min(age, MAX_PASSWORD_AGE_DAYS) : MAX_PASSWORD_AGE_DAYS };
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: !policy
          ? `The account has no password policy, so passwords never expire (${MAX_PASSWORD_AGE_DAYS} days at most required).`
          : expires
            ? `The password policy expires passwords only after ${age} days (${MAX_PASSWORD_AGE_DAYS} at most required).`
            : `The password policy does not expire passwords (${MAX_PASSWORD_AGE_DAYS} days at most required).`,
        evidence,
        remediation: passwordPolicyDraft(policy ? fixed : { ...fixed, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true }, ctx.thresholds),
      },
    ];
  },
};
