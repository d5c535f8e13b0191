import { beforeAll, describe, expect, it } from 'vitest';
import { passwordPolicyMinLength, passwordPolicyMissing, passwordPolicyReuse } from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const STRONG = {
  minimumPasswordLength: 16,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  passwordReusePrevention: 24,
  expirePasswords: false,
};

describe('password policy missing (null = NoSuchEntity)', () => {
  const none = () => snapshot().passwordPolicy(null).build();

  it('fails iam.password-policy.missing, on the account ARN, with a complete draft', () => {
    const [r] = run(passwordPolicyMissing, none(), ctx);
    expect(r).toMatchObject({ resourceArn: ACCOUNT_ARN, status: 'FAIL', evidence: { passwordPolicy: null } });
    expect(r!.remediation).toContain('--minimum-password-length 14');
    expect(r!.remediation).toContain('--password-reuse-prevention 24');
    expect(r!.remediation).toContain('--require-symbols');
  });

  it('also fails min-length and reuse, saying there is no policy', () => {
    const [len] = run(passwordPolicyMinLength, none(), ctx);
    const [reuse] = run(passwordPolicyReuse, none(), ctx);
    expect(len).toMatchObject({ status: 'FAIL', message: 'The account has no password policy, so no minimum length of 14 is enforced.' });
    expect(reuse!.status).toBe('FAIL');
    expect(reuse!.message).toMatch(/^The account has no password policy/);
  });
});

describe('password policy present', () => {
  it('passes all three on a strong policy', () => {
    const snap = snapshot().passwordPolicy(STRONG).build();
    for (const check of [passwordPolicyMissing, passwordPolicyMinLength, passwordPolicyReuse]) {
      expect(run(check, snap, ctx).map((r) => r.status)).toEqual(['PASS']);
    }
  });

  it('fails a short minimum length and keeps every other setting in the draft (the call replaces the policy)', () => {
    const snap = snapshot().passwordPolicy({ ...STRONG, minimumPasswordLength: 8, requireSymbols: false, expirePasswords: true, maxPasswordAge: 90 }).build();
    const [r] = run(passwordPolicyMinLength, snap, ctx);
    expect(r).toMatchObject({ status: 'FAIL', evidence: { minimumPasswordLength: 8, required: 14 } });
    expect(r!.message).toBe('The password policy requires only 8 characters (14 required).');
    expect(r!.remediation).toContain('--minimum-password-length 14');
    expect(r!.remediation).toContain('--no-require-symbols');
    expect(r!.remediation).toContain('--max-password-age 90');
    expect(r!.remediation).toContain('--password-reuse-prevention 24');
  });

  it('fails reuse prevention that is absent or below the threshold', () => {
    const absent = snapshot().passwordPolicy({ ...STRONG, passwordReusePrevention: undefined }).build();
    const low = snapshot().passwordPolicy({ ...STRONG, passwordReusePrevention: 5 }).build();
    expect(run(passwordPolicyReuse, absent, ctx)[0]!.message).toBe('The password policy does not prevent password reuse (24 remembered required).');
    expect(run(passwordPolicyReuse, low, ctx)[0]!.message).toBe('The password policy remembers only 5 passwords (24 required).');
  });

  it('uses the thresholds from the context', () => {
    const snap = snapshot().passwordPolicy({ ...STRONG, minimumPasswordLength: 12 }).build();
    expect(run(passwordPolicyMinLength, snap, { ...ctx, thresholds: { ...ctx.thresholds, passwordMinLength: 12 } })[0]!.status).toBe('PASS');
  });
});
