// iam.role.tagged / iam.user.tagged (Security Hub IAM.24 / IAM.25), through the runner so the population rules apply.
import { beforeAll, describe, expect, it } from 'vitest';
import { roleTagged } from '../../../src/checks/iam/role-tagged.js';
import { userTagged } from '../../../src/checks/iam/user-tagged.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { context, snapshot } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const statusOf = (findings: ReturnType<typeof runChecks>['findings'], name: string) => findings.find((f) => f.resourceArn.endsWith(name))?.status ?? 'PASS';

describe('iam.role.tagged and iam.user.tagged', () => {
  it('pass with a customer tag, fail with none or only aws: system tags, and leave service-linked roles out', () => {
    const snap = snapshot()
      .role('owned', { tags: { owner: 'data' } })
      .role('bare')
      .role('system-only', { tags: { 'aws:cloudformation:stack-name': 'x' } })
      .role('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/' })
      .user('alice', { tags: { team: 'sec' } })
      .user('bob')
      .build();
    const { outcomes, findings } = runChecks(snap, [roleTagged, userTagged], ctx);
    expect(statusOf(findings, 'role/owned')).toBe('PASS');
    expect(statusOf(findings, 'role/bare')).toBe('FAIL');
    expect(statusOf(findings, 'role/system-only')).toBe('FAIL');
    expect(findings.find((f) => f.resourceArn.endsWith('role/system-only'))!.message).toContain('other than aws: system tags');
    expect(findings.some((f) => f.resourceArn.includes('AWSServiceRoleForSupport'))).toBe(false);
    expect(outcomes.find((o) => o.id === 'iam.role.tagged')).toMatchObject({ status: 'FAIL', evaluated: 3, failed: 2 });
    expect(statusOf(findings, 'user/alice')).toBe('PASS');
    expect(findings.find((f) => f.resourceArn.endsWith('user/bob'))).toMatchObject({ status: 'FAIL', remediation: "aws iam tag-user --user-name bob --tags Key=owner,Value=TEAM" });
  });

  it('NOT_ASSESSED when the roles could not be read; not applicable without users', () => {
    const { outcomes } = runChecks(snapshot().role('bare').gap('roles', 'AccessDenied', 'iam:GetAccountAuthorizationDetails').build(), [roleTagged, userTagged], ctx);
    expect(outcomes.find((o) => o.id === 'iam.role.tagged')!.status).toBe('NOT_ASSESSED');
    expect(outcomes.find((o) => o.id === 'iam.user.tagged')!.status).toBe('NOT_APPLICABLE');
  });
});
