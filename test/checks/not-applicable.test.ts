// Nothing to judge is NOT_APPLICABLE, never "Pass": agent checks without agents, SCP checks on the management account,
// and no registered check may come out PASS having judged nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { ORG_CHECKS, SCP_CHECKS } from '../../src/checks/org/index.js';
import { runChecks } from '../../src/checks/run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { emptySnapshot, finalizeSnapshot, type AccountSnapshot } from '../../src/snapshot/snapshot.js';
import { organizationPart } from '../fixtures/organization.js';
import { ACCOUNT, context, goodTrail, snapshot } from '../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const MGMT = '999988887777';
const organization = (accountId: string) => organizationPart(accountId, { management: MGMT, name: 'acct' });

const AGENT_CHECKS = ALL_CHECKS.filter((c) => c.id.startsWith('agent.'));

describe('agent checks', () => {
  it('with no agent selected are NOT_APPLICABLE, not Pass', () => {
    const snap = snapshot().user('alice').role('app').build();
    const { outcomes, findings } = runChecks(snap, AGENT_CHECKS, ctx);
    expect(AGENT_CHECKS.length).toBeGreaterThan(5);
    for (const o of outcomes) expect(o).toMatchObject({ status: 'NOT_APPLICABLE', evaluated: 0 });
    expect(outcomes.find((o) => o.id === 'agent.permissions-boundary')!.reason).toBe('no AI agent principals in this account');
    expect(findings).toEqual([]);
  });

  it('user-only agent checks are NOT_APPLICABLE when the only agent is a role', () => {
    const snap = snapshot().role('agent', { tags: { Purpose: 'ai-agent' } }).build();
    const { outcomes } = runChecks(snap, AGENT_CHECKS, ctx);
    const status = (id: string) => outcomes.find((o) => o.id === id)!;
    expect(status('agent.long-lived-keys')).toMatchObject({ status: 'NOT_APPLICABLE', reason: 'no AI agent IAM users in this account' });
    expect(status('agent.user-assume-role-only').status).toBe('NOT_APPLICABLE');
    expect(status('agent.permissions-boundary')).toMatchObject({ status: 'FAIL', evaluated: 1 });
    expect(status('agent.trust-requires-mfa').status).not.toBe('NOT_APPLICABLE');
  });
});

describe('SCP checks', () => {
  it('on the management account are NOT_APPLICABLE; on a member account outside production OUs only the production check is', () => {
    const mgmt = finalizeSnapshot({ ...emptySnapshot(MGMT, 'live', '2026-09-01T00:00:00.000Z'), organization: organization(MGMT) });
    for (const o of runChecks(mgmt, SCP_CHECKS, ctx).outcomes) {
      expect(o).toMatchObject({ status: 'NOT_APPLICABLE', evaluated: 0, reason: 'this is the management account: service control policies never apply to it' });
    }
    const member = finalizeSnapshot({ ...emptySnapshot(ACCOUNT, 'live', '2026-09-01T00:00:00.000Z'), organization: organization(ACCOUNT) });
    const outcomes = runChecks(member, SCP_CHECKS, ctx).outcomes;
    expect(outcomes.filter((o) => o.status === 'NOT_APPLICABLE').map((o) => o.id)).toEqual(['org.scp.production-destructive-actions']);
  });

  it('without the organization part (and no gap) are NOT_ASSESSED, not NOT_APPLICABLE', () => {
    const snap = finalizeSnapshot(emptySnapshot(ACCOUNT, 'live', '2026-09-01T00:00:00.000Z'));
    for (const o of runChecks(snap, ORG_CHECKS, ctx).outcomes) expect(o.status).toBe('NOT_ASSESSED');
  });
});

describe('every registered check', () => {
  const variants: [string, () => AccountSnapshot][] = [
    ['a root row only', () => ({ ...snapshot().build(), organization: organization(ACCOUNT) })],
    ['an empty snapshot', () => finalizeSnapshot(emptySnapshot(ACCOUNT, 'auth-details', '2026-09-01T00:00:00.000Z'))],
    ['no password policy, no trail, the management account', () => ({ ...snapshot().passwordPolicy(null).cloudTrail([]).build(), organization: organization(MGMT) })],
    ['a header-only report and a service-linked role', () => {
      const s = snapshot().serviceLinkedRole('AWSServiceRoleForSupport', 'support.amazonaws.com').cloudTrail([goodTrail()]).build();
      s.credentialReport!.rows = [];
      return s;
    }],
  ];

  it.each(variants)('is never PASS having judged nothing (%s)', (_name, make) => {
    const { outcomes, findings } = runChecks(make(), [...ALL_CHECKS, ...ORG_CHECKS], ctx);
    expect(outcomes).toHaveLength(ALL_CHECKS.length + ORG_CHECKS.length);
    expect(outcomes.filter((o) => o.status === 'PASS' && o.evaluated === 0).map((o) => o.id)).toEqual([]);
    for (const o of outcomes.filter((x) => x.status === 'NOT_APPLICABLE')) {
      expect(o.reason).toBeTruthy();
      expect(findings.filter((f) => f.checkId === o.id)).toEqual([]);
    }
  });
});
