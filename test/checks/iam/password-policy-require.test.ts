import { complianceOf } from '../../../src/compliance/frameworks.js';
// iam.password-policy.require-{uppercase,lowercase,symbol,number} (Security Hub IAM.11-IAM.14).
import { beforeAll, describe, expect, it } from 'vitest';
import { passwordPolicyRequireLowercase } from '../../../src/checks/iam/password-policy-require-lowercase.js';
import { passwordPolicyRequireNumber } from '../../../src/checks/iam/password-policy-require-number.js';
import { passwordPolicyRequireSymbol } from '../../../src/checks/iam/password-policy-require-symbol.js';
import { passwordPolicyRequireUppercase } from '../../../src/checks/iam/password-policy-require-uppercase.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { PasswordPolicy } from '../../../src/snapshot/snapshot.js';
import { context, snapshot } from '../../fixtures/snapshot-builder.js';
import { run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const CASES = [
  [passwordPolicyRequireUppercase, 'requireUppercaseCharacters', '--require-uppercase-characters', 'IAM.11'],
  [passwordPolicyRequireLowercase, 'requireLowercaseCharacters', '--require-lowercase-characters', 'IAM.12'],
  [passwordPolicyRequireSymbol, 'requireSymbols', '--require-symbols', 'IAM.13'],
  [passwordPolicyRequireNumber, 'requireNumbers', '--require-numbers', 'IAM.14'],
] as const;
const ALL = { minimumPasswordLength: 14, requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireSymbols: true, requireNumbers: true };

describe.each(CASES)('%s', (check, setting, flag, control) => {
  const judge = (policy: PasswordPolicy | null) => run(check, snapshot().passwordPolicy(policy).build(), ctx)[0]!;

  it(`maps to ${control}, passes when ${setting} is true, fails when false or absent, with a draft that sets it`, () => {
    expect(complianceOf(check.id)['security-hub']).toEqual([control]);
    expect(judge(ALL).status).toBe('PASS');
    for (const policy of [{ ...ALL, [setting]: false }, { minimumPasswordLength: 14 }]) {
      const r = judge(policy);
      expect(r.status).toBe('FAIL');
      expect(r.remediation).toContain(flag);
      expect(r.remediation).not.toContain(`--no${flag.slice(1)}`);
    }
  });

  it('names what is missing with the right article', () => {
    expect(judge({ ...ALL, [setting]: false }).message).toMatch(/^The password policy does not require (an uppercase letter|a lowercase letter|a symbol|a number)\.$/);
  });

  it('fails without a password policy', () => {
    expect(judge(null).status).toBe('FAIL');
  });
});
