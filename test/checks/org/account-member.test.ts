// org.account.member (Security Hub Account.2): the account is in an organization; unknown is NOT_ASSESSED, never PASS.
import { beforeAll, describe, expect, it } from 'vitest';
import { accountMember } from '../../../src/checks/org/account-member.js';
import { runChecks } from '../../../src/checks/run.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { emptySnapshot, finalizeSnapshot } from '../../../src/snapshot/snapshot.js';
import { DEV, MGMT, ORG_ID, organizationPart } from '../../fixtures/organization.js';
import { context } from '../../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog(), {}, '2026-11-25T00:00:00.000Z');
});

const judge = (accountId: string, extra: object) => {
  const snap = finalizeSnapshot({ ...emptySnapshot(accountId, 'live', '2026-11-25T00:00:00.000Z'), ...extra });
  const { outcomes, findings } = runChecks(snap, [accountMember], ctx);
  return { outcome: outcomes[0]!, findings };
};

describe('org.account.member', () => {
  it('passes a member account and the management account, on the account ARN', () => {
    for (const [id, word] of [[DEV, 'a member'], [MGMT, 'the management account']] as const) {
      const r = judge(id, { organization: organizationPart(id) });
      expect(r.outcome).toMatchObject({ status: 'PASS', evaluated: 1 });
      expect(r.findings).toEqual([]);
      const snap = finalizeSnapshot({ ...emptySnapshot(id, 'live', '2026-11-25T00:00:00.000Z'), organization: organizationPart(id) });
      expect(accountMember.run(snap, ctx)).toMatchObject([
        { resourceArn: `arn:aws:iam::${id}:root`, status: 'PASS', message: `The account is ${word} of organization ${ORG_ID} (Root, status ACTIVE).` },
      ]);
    }
  });

  it('is NOT_ASSESSED when the organization part has a gap, never PASS', () => {
    const gap = { part: 'organization', api: 'organizations:ListPolicies/DescribePolicy/ListTargetsForPolicy', error: 'AccessDenied', message: 'denied' };
    const r = judge(DEV, { gaps: [gap] });
    expect(r.outcome.status).toBe('NOT_ASSESSED');
    expect(r.findings[0]!.message).toContain('AccessDenied');
  });

  it('is NOT_ASSESSED without organization data (a snapshot collected without --org)', () => {
    const r = judge(DEV, {});
    expect(r.outcome.status).toBe('NOT_ASSESSED');
    expect(r.outcome.reason).toContain('no AWS Organizations information');
  });
});
