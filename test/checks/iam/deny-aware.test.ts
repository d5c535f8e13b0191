// The per-policy checks judge what really applies: explicit Denies (the principal's and the policy's own), the
// permissions boundary, and Conditions that can never hold at --now.
import { beforeAll, describe, expect, it } from 'vitest';
import { policyFullAdmin, policyNotActionAllow, policyWildcardActions, policyWildcardResourceWrite } from '../../../src/checks/index.js';
import { principalPrivilegeEscalation } from '../../../src/checks/iam/principal-privilege-escalation.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, resultFor, run } from '../../helpers/checks.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context0(await loadActionCatalog());
});
import { context as context0 } from '../../fixtures/snapshot-builder.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const DENY_ALL = doc({ Effect: 'Deny', Action: '*', Resource: '*' });
const EXPIRED = { Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } };

describe('iam.policy.full-admin judges effective access', () => {
  it('a role with deny-all beside an Allow "*:*" policy is not full admin', () => {
    const snap = snapshot()
      .managedPolicy('admin', doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }))
      .managedPolicy('deny-all', DENY_ALL)
      .role('locked', { managed: ['admin', 'deny-all'] })
      .role('open', { managed: ['admin'] })
      .build();
    const results = run(policyFullAdmin, snap, ctx);
    expect(resultFor(results, ':role/locked', 'admin').status).toBe('PASS');
    expect(resultFor(results, ':role/locked', 'admin').message).toContain('explicit Denies');
    expect(resultFor(results, ':role/open', 'admin').status).toBe('FAIL');
  });

  it('a user whose group denies everything is not full admin; a permissions boundary limits too', () => {
    const snap = snapshot()
      .group('quarantine', { inline: { deny: DENY_ALL } })
      .managedPolicy('s3-only', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))
      .user('mallory', { inline: { admin: ADMIN }, groups: ['quarantine'] })
      .role('bounded', { inline: { admin: ADMIN }, boundary: 's3-only' })
      .build();
    const results = run(policyFullAdmin, snap, ctx);
    expect(resultFor(results, ':user/mallory', 'admin').status).toBe('PASS');
    expect(resultFor(results, ':role/bounded', 'admin').status).toBe('PASS');
    expect(resultFor(results, ':role/bounded', 'admin').message).toContain('permissions boundary');
  });

  it('a group is reported with its members that really are admin; a group whose members are all denied passes', () => {
    const snap = snapshot()
      .managedPolicy('deny-all', DENY_ALL)
      .group('admins', { inline: { admin: ADMIN } })
      .group('others', { inline: { admin: ADMIN } })
      .group('empty-denied', { inline: { admin: ADMIN, deny: DENY_ALL } })
      .group('empty-open', { inline: { admin: ADMIN } })
      .user('alice', { groups: ['admins'] })
      .user('bob', { groups: ['admins'], managed: ['deny-all'] })
      .user('carol', { groups: ['others'], managed: ['deny-all'] })
      .build();
    const results = run(policyFullAdmin, snap, ctx);
    const admins = resultFor(results, ':group/admins', 'admin');
    expect(admins.status).toBe('FAIL');
    expect(admins.evidence).toMatchObject({ groupMembers: ['alice'], membersWithoutFullAdmin: ['bob'] });
    expect(resultFor(results, ':group/others', 'admin').status).toBe('PASS');
    // No members: judged by the group's own policies (one add-to-group away from someone).
    expect(resultFor(results, ':group/empty-denied', 'admin').status).toBe('PASS');
    expect(resultFor(results, ':group/empty-open', 'admin').status).toBe('FAIL');
  });

  it('a policy whose own Deny cancels its Allow is not admin, on a principal and unattached', () => {
    const selfCancelling = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    const snap = snapshot().managedPolicy('loose', selfCancelling).managedPolicy('spare', selfCancelling, { attachmentCount: 0 }).managedPolicy('spare-admin', ADMIN, { attachmentCount: 0 }).role('r', { managed: ['loose'] }).build();
    const results = run(policyFullAdmin, snap, ctx);
    expect(resultFor(results, ':role/r', 'loose')).toMatchObject({ status: 'PASS' });
    expect(resultFor(results, ':role/r', 'loose').message).toContain('NoIam');
    expect(resultFor(results, ':policy/spare').status).toBe('PASS');
    expect(resultFor(results, ':policy/spare-admin').status).toBe('FAIL');
  });

  it('a Deny of one action ends "full" admin, and the privilege-escalation check then reports what is left', () => {
    const snap = snapshot()
      .role('almost', { inline: { admin: ADMIN, deny: doc({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) } })
      .build();
    expect(resultFor(run(policyFullAdmin, snap, ctx), ':role/almost', 'admin').status).toBe('PASS');
    const esc = resultFor(run(principalPrivilegeEscalation, snap, ctx), ':role/almost');
    expect(esc.status).toBe('FAIL');
    expect(esc.severity).toBe('critical');
  });

  it('an inert Deny (condition never true at --now) does not cancel full admin', () => {
    const snap = snapshot()
      .role('r', { inline: { admin: ADMIN, deny: doc({ Effect: 'Deny', Action: '*', Resource: '*', ...EXPIRED }) } })
      .build();
    expect(resultFor(run(policyFullAdmin, snap, ctx), ':role/r', 'admin').status).toBe('FAIL');
  });
});

describe('iam.policy.wildcard-actions / wildcard-resource-write / not-action-allow: the policy\'s own Deny', () => {
  const allowDenyIam = doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' });

  it('Allow iam:* with Deny iam:* is reported by none of them', () => {
    const snap = snapshot().role('r', { inline: { p: allowDenyIam, q: doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }, { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }) } }).build();
    for (const check of [policyWildcardActions, policyWildcardResourceWrite, policyNotActionAllow]) {
      expect(fails(run(check, snap, ctx)), check.id).toEqual([]);
    }
    const p = resultFor(run(policyWildcardActions, snap, ctx), ':role/r', 'p');
    expect(p.evidence.deniedBySamePolicy).toMatchObject([{ wildcard: 'iam:*', fully: true }]);
  });

  it('a partial Deny is reported with the part cancelled in the evidence', () => {
    const snap = snapshot()
      .role('r', { inline: { p: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:*User*', Resource: '*' }) } })
      .build();
    const w = resultFor(run(policyWildcardActions, snap, ctx), ':role/r', 'p');
    expect(w.status).toBe('FAIL');
    expect(w.message).toContain('in part denied');
    const [part] = w.evidence.deniedBySamePolicy as { deniedActions: number; of: number; by: unknown[] }[];
    expect(part!.deniedActions).toBeGreaterThan(0);
    expect(part!.deniedActions).toBeLessThan(part!.of);
    expect(part!.by).toEqual([{ index: 1, sid: 'NoUsers' }]);
    const write = resultFor(run(policyWildcardResourceWrite, snap, ctx), ':role/r', 'p');
    expect(write.status).toBe('FAIL');
    expect(write.evidence.sampleActions as string[]).not.toContain('iam:CreateUser');
    expect(write.evidence.deniesApplied).toEqual([{ index: 1, sid: 'NoUsers' }]);
  });

  it('a conditional Deny is not credited (it may not apply), so the grant is still reported', () => {
    const snap = snapshot()
      .role('r', { inline: { p: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }) } })
      .build();
    expect(resultFor(run(policyWildcardActions, snap, ctx), ':role/r', 'p').status).toBe('FAIL');
  });

  it('an Allow under a condition that can never hold at --now is not reported, and the reason is in the evidence', () => {
    const snap = snapshot()
      .role('r', {
        inline: {
          p: doc(
            { Sid: 'Old', Effect: 'Allow', Action: ['iam:*', 'ec2:*'], Resource: '*', ...EXPIRED },
            { Sid: 'Live', Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Sid: 'OldNot', Effect: 'Allow', NotAction: 'iam:*', Resource: '*', ...EXPIRED },
          ),
        },
      })
      .build();
    const w = resultFor(run(policyWildcardActions, snap, ctx), ':role/r', 'p');
    expect(w.status).toBe('FAIL');
    expect(w.evidence.wildcards).toEqual(['s3:*']);
    expect(w.evidence.inertStatements).toMatchObject([{ sid: 'Old', reason: expect.stringContaining('DateLessThan aws:CurrentTime') }, { sid: 'OldNot' }]);
    const write = resultFor(run(policyWildcardResourceWrite, snap, ctx), ':role/r', 'p');
    expect(write.evidence.sampleActions as string[]).not.toContain('iam:CreateUser');
    expect((write.evidence.sampleActions as string[]).every((a) => a.startsWith('s3:'))).toBe(true);
    expect(resultFor(run(policyNotActionAllow, snap, ctx), ':role/r', 'p').status).toBe('PASS');
  });
});
