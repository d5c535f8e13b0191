import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from '../util/password-policy.js';
import { theAccount } from '../util/populations.js';

export const passwordPolicyReuse: Check = {
  id: 'iam.password-policy.reuse',
  title: 'The password policy prevents password reuse',
  severity: 'medium',
  needs: ['passwordPolicy'],
  population: theAccount,
  remediation: 'Remember the last 24 passwords (aws iam update-account-password-policy --password-reuse-prevention 24 ...).',
  run: (snap, ctx) => {
    const policy = requirePasswordPolicy(snap);
    const want = ctx.thresholds.passwordReusePrevention;
    const resourceArn = accountArn(snap);
    const have = policy?.passwordReusePrevention;
    const evidence = { ...policyEvidence(policy), passwordReusePrevention: have ?? null, required: want };
    if (policy && have !== undefined && have >= want) {
      return [{ resourceArn, status: 'PASS', message: `The password policy remembers the last ${have} passwords.`, evidence }];
    }
    return [
      {
        resourceArn,
        status: 'FAIL',
        message: !policy
          ? `The account has no password policy, so nothing prevents password reuse (${want} remembered required).`
          : have === undefined
            ? `The password policy does not prevent password reuse (${want} remembered required).`
            : `The password policy remembers only ${have} passwords (${want} required).`,
        evidence,
        remediation: passwordPolicyDraft(policy, ctx.thresholds),
      },
    ];
  },
};
