// The escalation table (src/policy/escalation-methods.ts) as data, and every method found by the risk analysis on a
// minimal policy — and not found once a permissions boundary or an explicit Deny takes one required action away.
import { beforeAll, describe, expect, it } from 'vitest';
import { actionIndex } from '../../src/policy/action-index.js';
import { loadActionCatalog, type ActionCatalog } from '../../src/policy/catalog.js';
import { ESCALATION_METHODS, type EscalationMethod } from '../../src/policy/escalation-methods.js';
import { riskAnalysis } from '../../src/policy/principal-risk.js';
import {
  CREDENTIAL_EXPOSURE_ACTIONS,
  DATA_READ_ACTIONS,
  RESOURCE_EXPOSURE_ACTIONS,
  ROUTINE_WILDCARD_WRITES,
  SECRET_READ_ACTIONS,
} from '../../src/policy/risk-actions.js';
import { snapshot } from '../fixtures/snapshot-builder.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe('the escalation table', () => {
  it('has unique ids, a title, a category, a severity and at least one https source per row', () => {
    expect(ESCALATION_METHODS.length).toBeGreaterThanOrEqual(50);
    const ids = ESCALATION_METHODS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of ESCALATION_METHODS) {
      expect(m.id).toMatch(/^[a-z0-9-]+$/);
      expect(m.title).not.toBe('');
      expect(['self-escalation', 'principal-access', 'new-passrole', 'existing-resource']).toContain(m.category);
      expect(['critical', 'high']).toContain(m.severity);
      expect(m.sources.length).toBeGreaterThan(0);
      for (const s of m.sources) expect(s).toMatch(/^https:\/\/[^\s]+$/);
      expect(m.requires.length).toBeGreaterThan(0);
      expect(new Set(m.requires).size).toBe(m.requires.length);
    }
  });

  it('cites the original Rhino Security Labs methods, Bishop Fox iam-vulnerable and pathfinding.cloud', () => {
    const sources = new Set(ESCALATION_METHODS.flatMap((m) => m.sources));
    expect(sources).toContain('https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/');
    expect(sources).toContain('https://github.com/BishopFox/iam-vulnerable');
    expect([...sources].filter((s) => s.startsWith('https://pathfinding.cloud/paths/')).length).toBeGreaterThan(40);
  });

  it('names only actions the catalogue knows (with their exact spelling)', () => {
    for (const m of ESCALATION_METHODS) {
      for (const a of m.requires) expect(catalog.lookup(a)?.name, `${m.id}: ${a}`).toBe(a);
    }
  });

  it('has no row that is a superset of another unless it is more severe (otherwise the shorter one says it all)', () => {
    for (const a of ESCALATION_METHODS) {
      for (const b of ESCALATION_METHODS) {
        if (a === b || a.requires.length <= b.requires.length) continue;
        const coversKinds = b.principals === undefined || JSON.stringify(a.principals ?? null) === JSON.stringify(b.principals);
        const superset = coversKinds && b.requires.every((r) => a.requires.includes(r));
        if (superset && !(a.severity === 'critical' && b.severity === 'high')) throw new Error(`${a.id} adds nothing to ${b.id}`);
      }
    }
  });

  it('lists only catalogue actions in the exposure, exfiltration, credential and routine-write lists', () => {
    for (const a of [...RESOURCE_EXPOSURE_ACTIONS, ...DATA_READ_ACTIONS, ...SECRET_READ_ACTIONS, ...CREDENTIAL_EXPOSURE_ACTIONS, ...ROUTINE_WILDCARD_WRITES]) {
      expect(catalog.lookup(a)?.name, a).toBe(a);
    }
  });
});

/** The first kind of principal a method serves, and a snapshot where that principal has `statements` inline. */
function kindOf(m: EscalationMethod): 'user' | 'role' {
  return m.principals?.[0] ?? 'role';
}

function withPolicy(m: EscalationMethod, statements: unknown[], boundary?: unknown) {
  const b = snapshot();
  if (boundary) b.managedPolicy('boundary', boundary, { attachmentCount: 0, permissionsBoundaryUsageCount: 1 });
  const input = { inline: { p: { Version: '2012-10-17', Statement: statements } }, ...(boundary ? { boundary: 'boundary' } : {}) };
  if (kindOf(m) === 'user') b.user('subject', input);
  else b.role('subject', input);
  return b.build();
}

function methodsOf(snap: ReturnType<typeof withPolicy>) {
  const r = riskAnalysis(snap, catalog).principals.find((p) => p.analysis.principal.entity.name === 'subject')!;
  return r.escalation;
}

describe.each(ESCALATION_METHODS.map((m) => [m.id, m] as const))('%s', (_id, m) => {
  const allow = { Effect: 'Allow', Action: [...m.requires], Resource: '*' };
  const last = m.requires[m.requires.length - 1]!;

  it('is found on a minimal policy, unconditional, at its table severity', () => {
    const found = methodsOf(withPolicy(m, [allow])).find((x) => x.method.id === m.id);
    expect(found).toMatchObject({ grant: 'unconditional', severity: m.severity });
    expect(found!.requirements.map((r) => r.requirement)).toEqual(m.requires);
  });

  it('is not found when the permissions boundary leaves one required action out', () => {
    const boundary = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: last, Resource: '*' }] };
    expect(methodsOf(withPolicy(m, [allow], boundary)).map((x) => x.method.id)).not.toContain(m.id);
  });

  it('is not found when an explicit Deny removes one required action', () => {
    const deny = { Effect: 'Deny', Action: last, Resource: '*' };
    expect(methodsOf(withPolicy(m, [allow, deny])).map((x) => x.method.id)).not.toContain(m.id);
  });

  it('is reported one level lower when it only works under a restricting condition, capped at high when scoped', () => {
    const conditional = { ...allow, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    const lower = m.severity === 'critical' ? 'high' : 'medium';
    expect(methodsOf(withPolicy(m, [conditional])).find((x) => x.method.id === m.id)).toMatchObject({ grant: 'conditional', severity: lower });
    const scoped = { ...allow, Resource: 'arn:aws:iam::111122223333:role/one-role' };
    expect(methodsOf(withPolicy(m, [scoped])).find((x) => x.method.id === m.id)).toMatchObject({ grant: 'scoped', severity: 'high' });
  });
});

describe('who can use a method', () => {
  it('a role cannot attach a user policy to itself; a user cannot attach a role policy to itself', () => {
    const snap = snapshot()
      .role('r', { inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }] } } })
      .user('u', { inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' }] } } })
      .build();
    const byName = Object.fromEntries(riskAnalysis(snap, catalog).principals.map((p) => [p.analysis.principal.entity.name, p.escalation.map((m) => m.method.id)]));
    expect(byName).toEqual({ u: [], r: [] });
  });

  it('a user creating access keys only for itself (${aws:username}) is self-service, not escalation', () => {
    const self = { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' };
    const snap = snapshot()
      .user('self', { inline: { p: { Version: '2012-10-17', Statement: [self] } } })
      .user('other', { inline: { p: { Version: '2012-10-17', Statement: [{ ...self, Resource: 'arn:aws:iam::*:user/admin' }] } } })
      .build();
    const byName = Object.fromEntries(riskAnalysis(snap, catalog).principals.map((p) => [p.analysis.principal.entity.name, p.escalation.map((m) => m.method.id)]));
    expect(byName.self).toEqual([]);
    expect(byName.other).toEqual(['iam-create-access-key', 'iam-update-login-profile']);
  });

  it('wildcards satisfy requirements: "iam:*" alone enables every IAM self-escalation', () => {
    const snap = snapshot()
      .role('r', { inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] } } })
      .build();
    const ids = riskAnalysis(snap, catalog).principals[0]!.escalation.map((m) => m.method.id);
    expect(ids).toEqual(expect.arrayContaining(['iam-put-role-policy', 'iam-attach-role-policy', 'iam-create-policy-version', 'iam-create-access-key']));
    expect(ids).not.toContain('iam-put-user-policy'); // the role cannot use it on itself
    expect(ids.some((id) => id.startsWith('passrole-'))).toBe(false); // iam:PassRole alone needs a compute service
  });

  it('combines requirements granted by different statements and policies', () => {
    const snap = snapshot()
      .managedPolicy('pass', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' }] })
      .role('r', { managed: ['pass'], inline: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] } } })
      .build();
    const found = riskAnalysis(snap, catalog).principals[0]!.escalation.find((m) => m.method.id === 'passrole-ec2-run-instances');
    expect(found).toMatchObject({ grant: 'unconditional', severity: 'critical' });
  });

  it('indexes every requirement in the watch list', () => {
    const index = actionIndex(catalog);
    for (const m of ESCALATION_METHODS) for (const r of m.requires) expect(index.pattern(r).isEmpty, r).toBe(false);
  });
});
