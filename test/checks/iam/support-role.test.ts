// iam.support-role (CIS 1.17, Security Hub IAM.18): some role has AWSSupportAccess.
import { beforeAll, describe, expect, it } from 'vitest';
import { principalInfrastructureModification } from '../../../src/checks/iam/principal-infrastructure-modification.js';
import { supportRole } from '../../../src/checks/iam/support-role.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import type { AccountSnapshot } from '../../../src/snapshot/snapshot.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const judge = (snap: AccountSnapshot, check = supportRole) => {
  const { outcomes, findings } = runChecks(snap, [check], ctx);
  return { status: outcomes[0]!.status, findings };
};

describe('iam.support-role', () => {
  it('passes when a role has AWSSupportAccess, naming it', () => {
    const r = judge(snapshot().supportRole('helpdesk').build());
    expect(r.status).toBe('PASS');
  });

  it('fails without one, with a draft that creates the role (MFA required to assume it)', () => {
    const r = judge(snapshot().role('app').build());
    expect(r.status).toBe('FAIL');
    expect(r.findings[0]!.resourceArn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(r.findings[0]!.remediation).toContain('aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess');
    expect(r.findings[0]!.remediation).toContain('aws:MultiFactorAuthPresent');
  });

  it('a user with the policy is not a support role', () => {
    const withUser = snapshot().user('helpdesk', { managed: ['arn:aws:iam::aws:policy/AWSSupportAccess'] }).build();
    expect(judge(withUser).status).toBe('FAIL');
  });

  it('is NOT_ASSESSED when none is found but a role could not be read in full', () => {
    const snap = snapshot().role('app').build();
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'MissingField', message: 'AttachedManagedPolicies is missing', resource: snap.roles[0]!.arn, field: 'AttachedManagedPolicies' });
    expect(judge(snap).status).toBe('NOT_ASSESSED');
  });

  it('the support role itself is not infrastructure modification (support:* changes no resource)', () => {
    const r = judge(snapshot().supportRole().build(), principalInfrastructureModification);
    expect(r.findings.filter((f) => f.status === 'FAIL')).toEqual([]);
  });
});
