// iam.principal.path-to-admin on the attack-path scenarios (test/paths/scenarios.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { principalPathToAdmin } from '../../../src/checks/iam/principal-path-to-admin.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { context } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';
import { arn, assumeThenPassRole, createPolicyVersion, keyThenAssumeThenAttach } from '../../paths/scenarios.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

describe('iam.principal.path-to-admin', () => {
  const check = principalPathToAdmin;

  it('1 unconditional hop is critical, with the path as evidence and a Deny on the hop as the draft', () => {
    const r = resultFor(run(check, createPolicyVersion(), ctx), ':user/privesc-cpv');
    expect(r.status).toBe('FAIL');
    expect(r.severity).toBe('critical');
    expect(r.message).toContain('in 1 step: iam-create-policy-version');
    expect(r.evidence).toMatchObject({ path: { principal: arn('user', 'privesc-cpv'), target: 'admin', hops: [{ method: 'iam-create-policy-version' }] } });
    expect(r.remediation).toContain('"Action": [\n        "iam:CreatePolicyVersion"');
    expect(r.remediation).toContain(arn('policy', 'cpv-policy'));
    expect(r.remediation).toContain("aws iam put-user-policy --user-name 'privesc-cpv'");
  });

  it('a longer path is high; the admin role itself is not reported here; the negative twin passes', () => {
    const results = run(check, assumeThenPassRole(), ctx);
    expect(resultFor(results, ':user/developer').severity).toBe('high');
    expect(resultFor(results, ':role/deploy').severity).toBe('critical');
    expect(resultFor(results, ':role/lambda-admin').status).toBe('PASS');
    expect(fails(run(check, assumeThenPassRole(true), ctx))).toEqual([]);
  });

  it('cuts the hop allowed by the fewest identity statements, nearest admin on a tie', () => {
    const r = resultFor(run(check, keyThenAssumeThenAttach(), ctx), ':user/ci');
    expect(r.message).toContain('in 3 steps: iam-create-access-key -> sts-assume-role -> iam-attach-role-policy');
    // The assume hop has no identity statement (the trust names ops); the other two have one each: the last wins.
    expect(r.remediation).toContain("aws iam put-role-policy --role-name 'ops-role'");
    expect(r.remediation).toContain('iam:AttachRolePolicy');
  });
});

describe('iam.principal.path-to-admin with an incomplete inventory', () => {
  it('does not pass a principal without a path when a policy could not be read', () => {
    const snap = assumeThenPassRole(true);
    snap.gaps.push({ part: 'policies', api: 'iam:GetAccountAuthorizationDetails', error: 'PolicyVersionList', message: 'missing', resource: arn('policy', 'admin') });
    const r = resultFor(run(principalPathToAdmin, snap, ctx), ':user/developer');
    expect(r.status).toBe('NOT_ASSESSED');
  });
});
