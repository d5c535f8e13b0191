// iam.password-policy.max-age (Security Hub IAM.17): passwords expire within 90 days.
import { beforeAll, describe, expect, it } from 'vitest';
import { passwordPolicyMaxAge } from '../../../src/checks/iam/password-policy-max-age.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { PasswordPolicy } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const BASE: PasswordPolicy = { minimumPasswordLength: 14, passwordReusePrevention: 24, requireSymbols: false };
const judge = (policy: PasswordPolicy | null) => run(passwordPolicyMaxAge, snapshot().passwordPolicy(policy).build(), ctx);

describe('iam.password-policy.max-age', () => {
  it('passes at exactly 90 days (the builder default) and below', () => {
    expect(run(passwordPolicyMaxAge, snapshot().build(), ctx)[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:root`, status: 'PASS', message: 'The password policy expires passwords after 90 days.' });
    expect(judge({ ...BASE, expirePasswords: true, maxPasswordAge: 1 })[0]!.status).toBe('PASS');
  });

  it('fails at 91 days, with a draft that keeps the other settings and sets 90', () => {
    const [r] = judge({ ...BASE, expirePasswords: true, maxPasswordAge: 91 });
    expect(r).toMatchObject({ status: 'FAIL', message: 'The password policy expires passwords only after 91 days (90 at most required).', evidence: { maxPasswordAge: 91, required: 90 } });
    expect(r!.remediation).toContain('--max-password-age 90');
    expect(r!.remediation).toContain('--no-require-symbols');
    expect(r!.remediation).toContain('--password-reuse-prevention 24');
  });

  it('fails when passwords never expire (no MaxPasswordAge, or 0)', () => {
    for (const policy of [BASE, { ...BASE, expirePasswords: false, maxPasswordAge: 0 }]) {
      const [r] = judge(policy);
      expect(r).toMatchObject({ status: 'FAIL', message: 'The password policy does not expire passwords (90 days at most required).' });
      expect(r!.remediation).toContain('--max-password-age 90');
    }
  });

  it('fails without a password policy, with a complete draft', () => {
    const [r] = judge(null);
    expect(r).toMatchObject({ status: 'FAIL', message: 'The account has no password policy, so passwords never expire (90 days at most required).' });
    expect(r!.remediation).toContain('--require-symbols');
    expect(r!.remediation).toContain('--max-password-age 90');
  });

  it('is NOT_ASSESSED when the password policy could not be read, never PASS', () => {
    const { outcomes, findings } = runChecks(snapshot().gap('passwordPolicy', 'AccessDenied', 'iam:GetAccountPasswordPolicy').build(), [passwordPolicyMaxAge], ctx);
    expect(outcomes[0]!.status).toBe('NOT_ASSESSED');
    expect(findings[0]!.message).toContain('iam:GetAccountPasswordPolicy failed: AccessDenied');
  });
});
