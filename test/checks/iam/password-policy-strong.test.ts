// iam.password-policy.strong: Security Hub IAM.7 at its default parameters (four character types, at least 8).
import { beforeAll, describe, expect, it } from 'vitest';
import { passwordPolicyStrong } from '../../../src/checks/iam/password-policy-strong.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { PasswordPolicy } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const ALL_TYPES = { requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true };
const judge = (policy: PasswordPolicy | null) => run(passwordPolicyStrong, snapshot().passwordPolicy(policy).build(), ctx);

describe('iam.password-policy.strong', () => {
  it('passes at exactly the control minimum of 8 with all four character types', () => {
    const [r] = judge({ ...ALL_TYPES, minimumPasswordLength: 8 });
    expect(r).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:root`, status: 'PASS' });
  });

  it('fails at 7 characters, and without a length', () => {
    expect(judge({ ...ALL_TYPES, minimumPasswordLength: 7 })[0]).toMatchObject({ status: 'FAIL', message: 'The password policy requires only 7 characters (8 required).' });
    expect(judge({ ...ALL_TYPES })[0]).toMatchObject({ status: 'FAIL', message: 'The password policy sets no minimum length.' });
  });

  it.each(Object.keys(ALL_TYPES))('fails when %s is not required, naming it', (key) => {
    const [r] = judge({ ...ALL_TYPES, [key]: false, minimumPasswordLength: 14 });
    expect(r!.status).toBe('FAIL');
    expect(r!.message).toMatch(/^The password policy does not require an? (uppercase letter|lowercase letter|number|symbol)\.$/);
    expect(r!.evidence[key]).toBe(false);
  });

  it('fails without a password policy, with a draft that requires every character type', () => {
    const [r] = judge(null);
    expect(r).toMatchObject({ status: 'FAIL', message: 'The account has no password policy, so no character types or length are required.' });
    for (const flag of ['--require-uppercase-characters', '--require-lowercase-characters', '--require-numbers', '--require-symbols']) expect(r!.remediation).toContain(flag);
    expect(r!.remediation).not.toContain('--no-require');
  });
});
