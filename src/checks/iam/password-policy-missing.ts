import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { passwordPolicyDraft, policyEvidence, requirePasswordPolicy } from '../util/password-policy.js';
import { theAccount } from '../util/populations.js';

export const passwordPolicyMissing: Check = {
  id: 'iam.password-policy.missing',
  title: 'The account has an IAM password policy',
  severity: 'medium',
  needs: ['passwordPolicy'],
  population: theAccount,
  remediation: 'Set an account password policy (aws iam update-account-password-policy).',
  run: (snap, ctx) => {
    const policy = requirePasswordPolicy(snap);
    const resourceArn = accountArn(snap);
    return [
      policy
        ? { resourceArn, status: 'PASS', message: 'The account has a password policy.', evidence: policyEvidence(policy) }
        : {
            resourceArn,
            status: 'FAIL',
            message: 'The account has no IAM password policy, so IAM user passwords only need to meet the AWS default.',
            evidence: policyEvidence(null),
            remediation: passwordPolicyDraft(null, ctx.thresholds),
          },
    ];
  },
};
