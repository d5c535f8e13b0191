// An entity gap voids only the verdicts that depend on what is missing (src/checks/run.ts relevantEntityGaps,
// src/snapshot/gap-aspects.ts): the rest of the entity, and every other entity, is still judged.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/run.js';
import type { CheckContext } from '../../src/checks/types.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import type { AccountSnapshot, Gap } from '../../src/snapshot/snapshot.js';
import { ACCOUNT, context, daysAgo, OTHER_ACCOUNT, snapshot } from '../fixtures/snapshot-builder.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

const API = 'iam:GetAccountAuthorizationDetails';
const gap = (part: Gap['part'], resource: string, field: string): Gap => ({ part, api: API, error: 'MissingField', message: `${field} is missing`, resource, field });
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const vendorTrust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' } };
const admin = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };

function statuses(snap: AccountSnapshot, resource: string) {
  const { outcomes, findings } = runChecks(snap, ALL_CHECKS, ctx);
  const byCheck = (id: string) => {
    const f = findings.filter((x) => x.checkId === id && x.resourceArn === resource);
    if (f.some((x) => x.status === 'NOT_ASSESSED')) return 'NOT_ASSESSED';
    if (f.some((x) => x.status === 'FAIL')) return 'FAIL';
    return outcomes.find((o) => o.id === id)?.status === 'NOT_APPLICABLE' ? 'NOT_APPLICABLE' : 'no finding';
  };
  return { byCheck, outcome: (id: string) => outcomes.find((o) => o.id === id)?.status };
}

describe('entity gaps are scoped to what they leave unknown', () => {
  it("a role's unreadable attached-policy list voids its permission verdicts, not its trust or last-use verdicts", () => {
    const base = () => snapshot().role('vendor', { trust: vendorTrust, inline: { p: admin }, lastUsed: daysAgo(400) });
    const whole = statuses(base().build(), arn('role', 'vendor'));
    const snap = base().build();
    snap.gaps.push(gap('roles', arn('role', 'vendor'), 'AttachedManagedPolicies'));
    const gapped = statuses(snap, arn('role', 'vendor'));
    for (const id of ['iam.role.external-trust', 'iam.role.cross-account-without-external-id', 'iam.role.unused']) {
      expect(gapped.byCheck(id), id).toBe(whole.byCheck(id));
      expect(whole.byCheck(id), id).toBe('FAIL');
    }
    for (const id of ['iam.principal.privilege-escalation', 'iam.policy.full-admin']) expect(gapped.byCheck(id), id).toBe('NOT_ASSESSED');
  });

  it('agent checks stay NOT_APPLICABLE without agents when a role has a permissions gap, and are NOT_ASSESSED when its tags are unreadable', () => {
    const permissions = snapshot().role('app', { inline: { p: admin } }).build();
    permissions.gaps.push(gap('roles', arn('role', 'app'), 'AttachedManagedPolicies'));
    expect(statuses(permissions, arn('role', 'app')).outcome('agent.can-change-iam')).toBe('NOT_APPLICABLE');

    const tags = snapshot().role('app', { inline: { p: admin } }).build();
    tags.gaps.push(gap('roles', arn('role', 'app'), 'Tags'));
    expect(statuses(tags, arn('role', 'app')).byCheck('agent.can-change-iam')).toBe('NOT_ASSESSED');
  });

  it("a group's unreadable policy list voids its members' permission verdicts, not their credential verdicts", () => {
    const snap = snapshot()
      .group('team')
      .user('alice', { groups: ['team'], credentials: { passwordEnabled: true, mfaActive: false, passwordLastUsed: daysAgo(1) } })
      .build();
    snap.gaps.push(gap('groups', arn('group', 'team'), 'GroupPolicyList'));
    const alice = statuses(snap, arn('user', 'alice'));
    expect(alice.byCheck('iam.principal.privilege-escalation')).toBe('NOT_ASSESSED');
    expect(alice.byCheck('iam.user.console-without-mfa')).toBe('FAIL');
  });

  it('a policy that could not be identified is NOT_ASSESSED in the policy checks only', () => {
    const snap = snapshot().role('app', { inline: { p: admin } }).build();
    snap.gaps.push(gap('policies', 'Policies[1]', 'Arn'));
    const pseudo = statuses(snap, 'Policies[1]');
    expect(pseudo.byCheck('iam.policy.wildcard-actions')).toBe('NOT_ASSESSED');
    expect(pseudo.outcome('agent.can-change-iam')).toBe('NOT_APPLICABLE');
    expect(pseudo.byCheck('iam.role.public-trust')).toBe('no finding');
  });

  it('an entity dropped from the inventory is NOT_ASSESSED in every check of its kind, whatever field dropped it', () => {
    const snap = snapshot().role('app', { inline: { p: admin } }).build();
    snap.gaps.push(gap('roles', arn('role', 'gone'), 'CreateDate'));
    const gone = statuses(snap, arn('role', 'gone'));
    for (const id of ['iam.role.public-trust', 'iam.principal.privilege-escalation', 'agent.can-change-iam']) expect(gone.byCheck(id), id).toBe('NOT_ASSESSED');
  });
});
