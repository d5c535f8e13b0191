import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from '../util/password-policy.js';
import { theAccount } from '../util/populations.js';

export const passwordPolicyMinLength: Check = {
  id: 'iam.password-policy.min-length',
  title: 'The password policy requires a minimum length',
  severity: 'medium',
  needs: ['passwordPolicy'],
  population: theAccount,
  remediation: 'Set the minimum password length to 14 or more (aws iam update-account-password-policy --minimum-password-length 14 ...).',
  run: (snap, ctx) => {
    const policy = requirePasswordPolicy(snap);
    const want = ctx.thresholds.passwordMinLength;
    const resourceArn = accountArn(snap);
    const have = policy?.minimumPasswordLength;
    const evidence = { ...policyEvidence(policy), minimumPasswordLength: have ?? null, required: want };
    if (policy && have !== undefined && have >= want) {
      return [{ resourceArn, status: 'PASS', message: `The password policy requires at least ${have} characters.`, evidence }];
    }
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: !policy
          ? `The account has no password policy, so no minimum length of ${want} is enforced.`
          : have === undefined
            ? `The password policy sets no minimum length (${want} required).`
            : `The password policy requires only ${have} characters (${want} required).`,
        evidence,
        remediation: passwordPolicyDraft(policy, ctx.thresholds),
      },
    ];
  },
};
