// Shortest attack paths on the scenario fixtures (test/paths/scenarios.ts) and their negative twins.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from '../../src/policy/catalog.js';
import { PathGraph } from '../../src/paths/graph.js';
import { shortestPaths, type AttackPath } from '../../src/paths/query.js';
import { ACCOUNT, NOW, snapshot } from '../fixtures/snapshot-builder.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';
import { ADMIN_DOC, allow, arn, assumeThenPassRole, assumeThenPassRoleBounded, createPolicyVersion, keyThenAssumeThenAttach, policy, trust } from './scenarios.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const paths = (snap: AccountSnapshot, query = {}) => shortestPaths(new PathGraph(snap, catalog, NOW), query);
const steps = (p: AttackPath | undefined) => p?.hops.map((h) => `${h.from.split(':').pop()} -[${h.method}]-> ${h.to.split(':').pop()}`);
const pathOf = (list: AttackPath[], name: string) => list.find((p) => p.principal.endsWith(`/${name}`));

describe('attack paths to admin', () => {
  it('1 hop: a user that can create a new version of its own policy', () => {
    const found = paths(createPolicyVersion());
    expect(found.map((p) => p.principal)).toEqual([arn('user', 'privesc-cpv')]);
    const [hop] = found[0]!.hops;
    expect(steps(found[0])).toEqual(['user/privesc-cpv -[iam-create-policy-version]-> admin']);
    expect(found[0]!.conditional).toBe(false);
    expect(hop!.grantedBy).toEqual([
      expect.objectContaining({ action: 'iam:CreatePolicyVersion', resource: arn('policy', 'cpv-policy'), policy: 'cpv-policy', sid: 'Cpv', effect: 'Allow' }),
    ]);
  });

  it('1 hop, twin: an explicit Deny of iam:CreatePolicyVersion leaves no path', () => {
    expect(paths(createPolicyVersion(true))).toEqual([]);
  });

  it('2 hops: user -> assume the deploy role -> pass the admin role to a new Lambda function', () => {
    const found = paths(assumeThenPassRole());
    expect(steps(pathOf(found, 'developer'))).toEqual(['user/developer -[sts-assume-role]-> role/deploy', 'role/deploy -[passrole-lambda-create-invoke]-> role/lambda-admin']);
    expect(steps(pathOf(found, 'deploy'))).toEqual(['role/deploy -[passrole-lambda-create-invoke]-> role/lambda-admin']);
    // The assume hop names both sides: the user's identity statement and the trust's root delegation.
    const assume = pathOf(found, 'developer')!.hops[0]!;
    expect(assume.grantedBy.map((g) => [g.layer, g.sid ?? g.index])).toEqual([
      ['identity', 'AssumeDeploy'],
      ['trust', 0],
    ]);
    expect(found.map((p) => p.principal)).toEqual([arn('role', 'deploy'), arn('user', 'developer')]);
    expect(found.every((p) => p.target === 'admin')).toBe(true);
  });

  it('2 hops, twins: a role that does not trust the service, or a boundary without iam:PassRole, leaves no path', () => {
    expect(paths(assumeThenPassRole(true))).toEqual([]);
    expect(paths(assumeThenPassRoleBounded())).toEqual([]);
  });

  it('3 hops: create a key for a user, assume the role that trusts that user by name, attach a policy to the role', () => {
    const found = paths(keyThenAssumeThenAttach());
    expect(steps(pathOf(found, 'ci'))).toEqual([
      'user/ci -[iam-create-access-key]-> user/ops',
      'user/ops -[sts-assume-role]-> role/ops-role',
      'role/ops-role -[iam-attach-role-policy]-> admin',
    ]);
    // The trust names ops: no identity Allow of sts:AssumeRole is needed.
    expect(pathOf(found, 'ci')!.hops[1]!.grantedBy.map((g) => g.layer)).toEqual(['trust']);
  });

  it('3 hops, twin: a trust whose condition can never hold admits nobody', () => {
    expect(steps(pathOf(paths(keyThenAssumeThenAttach(true)), 'ci'))).toBeUndefined();
    expect(paths(keyThenAssumeThenAttach(true)).map((p) => p.principal)).toEqual([arn('role', 'ops-role')]);
  });

  it('a trust naming the account (root) needs the identity Allow; naming the user does not', () => {
    const build = (principal: string) =>
      snapshot()
        .managedPolicy('admin', ADMIN_DOC)
        .user('alice')
        .role('admin-role', { trust: trust({ AWS: principal }), managed: ['admin'] })
        .build();
    expect(paths(build(`arn:aws:iam::${ACCOUNT}:root`))).toEqual([]);
    expect(steps(paths(build(arn('user', 'alice')))[0])).toEqual(['user/alice -[sts-assume-role]-> role/admin-role']);
  });

  it('a step that needs MFA is conditional and shows the condition', () => {
    const snap = snapshot()
      .managedPolicy('admin', ADMIN_DOC)
      .user('alice', { inline: { assume: policy(allow('sts:AssumeRole', arn('role', 'admin-role'), { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) } })
      .role('admin-role', { trust: trust({ AWS: ACCOUNT }), managed: ['admin'] })
      .build();
    const [p] = paths(snap);
    expect(p!.conditional).toBe(true);
    expect(p!.hops[0]!.grantedBy[0]!.condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': ['true'] } });
  });

  it('answers --to a role, --from a principal and --max-hops', () => {
    const snap = keyThenAssumeThenAttach();
    expect(paths(snap, { to: arn('role', 'ops-role') }).map((p) => [p.principal, p.hops.length])).toEqual([
      [arn('user', 'ops'), 1],
      [arn('user', 'ci'), 2],
    ]);
    expect(paths(snap, { from: arn('user', 'ops') }).map((p) => p.hops.length)).toEqual([2]);
    expect(paths(snap, { maxHops: 2 }).map((p) => p.principal)).toEqual([arn('role', 'ops-role'), arn('user', 'ops')]);
  });
});
