// Effective-action expansion (src/policy/effective.ts, action-index.ts, condition-scope.ts): real AWS managed policy
// documents (see test/fixtures/NOTICE.md), hand-built tricky statements, boundaries and Denies.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionIndex, actionsKey, LEVELS, type ActionIndex } from '../../src/policy/action-index.js';
import { ActionSet } from '../../src/policy/action-set.js';
import { loadActionCatalog, type AccessLevel, type ActionCatalog, type CatalogAction } from '../../src/policy/catalog.js';
import { conditionRestricts, conditionScope, type Condition } from '../../src/policy/condition-scope.js';
import { documentAccess } from '../../src/policy/document-access.js';
import {
  EffectiveAnalyzer,
  explainAction,
  isEveryResource,
  isSelfScoped,
  type PrincipalAnalysis,
} from '../../src/policy/effective.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';
import type { AccountSnapshot, PolicyDocument, PolicyStatement } from '../../src/snapshot/snapshot.js';
import { snapshot } from '../fixtures/snapshot-builder.js';
import { loadAllManagedPolicies, type ManagedPolicyEntry } from '../fixtures/managed-policies.js';


const SAMPLE: Record<string, ManagedPolicyEntry> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/aws-managed-policies.sample.json', import.meta.url)), 'utf8'),
);

let catalog: ActionCatalog;
let index: ActionIndex;
let analyzer: EffectiveAnalyzer;
beforeAll(async () => {
  catalog = await loadActionCatalog();
  index = actionIndex(catalog);
  analyzer = new EffectiveAnalyzer(snapshot().build(), catalog);
});

const doc = (...Statement: unknown[]): PolicyDocument => normalizePolicyDocument({ Version: '2012-10-17', Statement });
const sampleDoc = (name: string) => normalizePolicyDocument(SAMPLE[name]!.document);
const total = (c: Record<AccessLevel, number>) => LEVELS.reduce((n, l) => n + c[l], 0);

/**
 * Reference reading of a document, written with the ActionCatalog API alone (expand / complement / accessLevel, plain
 * Sets of action objects): what the bitset machinery must reproduce. Uses the same documented rules for what counts
 * as "*" (isEveryResource) and as a restricting condition (conditionScope).
 */
function reference(d: PolicyDocument): { allowed: Record<AccessLevel, number>; free: Record<AccessLevel, number> } {
  const actionsOf = (st: PolicyStatement): readonly CatalogAction[] =>
    st.NotAction !== undefined ? catalog.complement(st.NotAction) : [...new Set((st.Action ?? []).flatMap((p) => catalog.expand(p)))];
  const scope = (st: PolicyStatement) => conditionScope(st.Condition);
  const anyResource = (st: PolicyStatement) =>
    scope(st) !== 'resources' && ((st.Resource ?? []).some(isEveryResource) || (st.Effect === 'Allow' && st.NotResource !== undefined));
  const denied = new Set<CatalogAction>();
  for (const st of d.Statement) {
    if (st.Effect === 'Deny' && !st.Condition && (st.Resource ?? []).some(isEveryResource)) for (const a of actionsOf(st)) denied.add(a);
  }
  const allowed = new Set<CatalogAction>();
  const free = new Set<CatalogAction>();
  for (const st of d.Statement) {
    if (st.Effect !== 'Allow') continue;
    for (const a of actionsOf(st)) {
      if (denied.has(a)) continue;
      allowed.add(a);
      if (scope(st) === 'none' && anyResource(st)) free.add(a);
    }
  }
  const count = (set: Set<CatalogAction>) => {
    const c = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
    for (const a of set) c[a.accessLevel]++;
    return c;
  };
  return { allowed: count(allowed), free: count(free) };
}

describe('the action index', () => {
  it('interns every catalogue action once, in alphabetical order, with its access level', () => {
    expect(index.size).toBe(catalog.size);
    expect(index.size).toBeGreaterThan(20_000);
    const lower = index.names.map((n) => n.toLowerCase());
    expect([...lower].sort()).toEqual(lower);
    const id = index.id('IAM:createaccesskey')!;
    expect(index.name(id)).toBe('iam:CreateAccessKey');
    expect(index.level(id)).toBe('Write');
    expect(index.level(index.id('iam:PutRolePolicy')!)).toBe('Permissions management');
  });

  it('expands patterns like the catalogue does: *, ?, case-insensitive, across services', () => {
    for (const p of ['iam:*Policy*', 's3:GetObjec?', 'EC2:Describe*', '*:Get*Policy', 'sts:*', '*']) {
      expect([...index.pattern(p).ids()].map((id) => index.name(id)).sort()).toEqual(catalog.expand(p).map((a) => a.name).sort());
    }
    expect([...index.pattern('iam:*Policy*').ids()].map((id) => index.name(id))).toEqual(
      expect.arrayContaining(['iam:PutRolePolicy', 'iam:CreatePolicyVersion', 'iam:AttachUserPolicy', 'iam:GetPolicy']),
    );
    expect(index.pattern('nosuchservice:*').isEmpty).toBe(true);
  });

  it('keys statements canonically: order, case and duplicates do not matter; Action and NotAction differ', () => {
    expect(actionsKey({ Action: ['S3:GetObject', 'iam:*', 's3:getobject'] })).toBe(actionsKey({ Action: ['iam:*', 's3:GetObject'] }));
    expect(actionsKey({ Action: ['iam:*'] })).not.toBe(actionsKey({ NotAction: ['iam:*'] }));
    const a = index.statementActions({ Action: ['s3:GetObject', 'iam:*'] });
    expect(index.statementActions({ Action: ['IAM:*', 's3:getobject', 's3:GetObject'] })).toBe(a); // memoized
  });

  it('complements NotAction against the whole catalogue', () => {
    const { set } = index.statementActions({ NotAction: ['iam:*', 'organizations:*'] });
    expect(set.size).toBe(index.size - catalog.expand('iam:*').length - catalog.expand('organizations:*').length);
    expect(set.has(index.id('s3:GetObject')!)).toBe(true);
    expect(set.has(index.id('iam:PassRole')!)).toBe(false);
  });

  it('records explicit actions the catalogue does not know', () => {
    expect(index.statementActions({ Action: ['s3:GetObject', 's3:NoSuchAction', 'ec2:Describe*'] }).unknown).toEqual(['s3:NoSuchAction']);
  });

  it('stores sets compactly: a few words for one service, the whole range for "*"', () => {
    expect(index.pattern('sts:AssumeRole').words.length).toBe(1);
    expect(index.pattern('*').words.length).toBe(index.wordCount);
    expect(ActionSet.fromIds([70, 3, 70]).size).toBe(2);
    expect([...ActionSet.fromIds([70, 3, 64]).ids()]).toEqual([3, 64, 70]);
  });
});

describe('real AWS managed policies (test/fixtures/aws-managed-policies.sample.json)', () => {
  it('AdministratorAccess allows every catalogue action, unconditionally on "*"', () => {
    const a = documentAccess(analyzer, sampleDoc('AdministratorAccess'));
    expect(a.fullAdmin).toBe(true);
    expect(total(a.allowed)).toBe(index.size);
    expect(a.free).toEqual(a.allowed);
    for (const l of LEVELS) expect(a.allowed[l]).toBeGreaterThan(0);
  });

  it('ReadOnlyAccess is List and Read (plus the few Get/List actions AWS classifies as Write)', () => {
    const a = documentAccess(analyzer, sampleDoc('ReadOnlyAccess'));
    expect(a.fullAdmin).toBe(false);
    expect(a.allowed.Read + a.allowed.List).toBeGreaterThan(6000);
    expect(a.allowed.Write + a.allowed['Permissions management']).toBeLessThan(20);
    expect(a.allowed.Tagging).toBe(0);
    // Its s3express:CreateSession statement is conditional on SessionMode ReadOnly: allowed, but not "free".
    expect(total(a.free)).toBe(total(a.allowed) - 1);
  });

  it('PowerUserAccess: everything but iam, organizations and account (its NotAction), plus the few it lists again', () => {
    const a = documentAccess(analyzer, sampleDoc('PowerUserAccess'));
    const excluded = ['iam:*', 'organizations:*', 'account:*'].flatMap((p) => catalog.expand(p)).length;
    const readded = sampleDoc('PowerUserAccess').Statement[1]!.Action!.flatMap((p) => catalog.expand(p)).length;
    expect(total(a.allowed)).toBe(index.size - excluded + readded);
    expect(a.allowed.Write).toBeGreaterThan(5000);
    expect(a.fullAdmin).toBe(false);
  });

  it('IAMFullAccess allows every IAM action, Permissions management included', () => {
    const a = documentAccess(analyzer, sampleDoc('IAMFullAccess'));
    const iamPm = catalog.expand('iam:*').filter((x) => x.accessLevel === 'Permissions management').length;
    expect(a.allowed['Permissions management']).toBeGreaterThanOrEqual(iamPm);
    expect(total(a.allowed)).toBeGreaterThanOrEqual(catalog.expand('iam:*').length);
  });

  it('SecurityAudit is essentially read-only', () => {
    const a = documentAccess(analyzer, sampleDoc('SecurityAudit'));
    expect(a.allowed.Read + a.allowed.List).toBeGreaterThan(2000);
    expect(a.allowed.Write + a.allowed['Permissions management']).toBeLessThan(10);
  });

  it.each(Object.keys(SAMPLE))('%s: the bitset counts equal a plain reading through the catalogue', (name) => {
    const d = sampleDoc(name);
    const a = documentAccess(analyzer, d);
    const ref = reference(d);
    expect(a.allowed).toEqual(ref.allowed);
    expect(a.free).toEqual(ref.free);
  });
});

describe('all AWS managed policies (test/fixtures/aws-managed-policies.json.gz)', () => {
  it(
    `expands and classifies every document, agreeing with the plain reading`,
    () => {
      const all = loadAllManagedPolicies();
      const names = Object.keys(all);
      expect(names.length).toBe(1645);
      const fresh = new EffectiveAnalyzer(snapshot().build(), catalog);
      let admin = 0;
      let withWrites = 0;
      for (const name of names) {
        const d = normalizePolicyDocument(all[name]!.document);
        const a = documentAccess(fresh, d);
        expect(total(a.allowed)).toBeLessThanOrEqual(index.size);
        if (a.fullAdmin) admin++;
        if (a.allowed.Write + a.allowed['Permissions management'] > 0) withWrites++;
      }
      expect(admin).toBeGreaterThanOrEqual(1); // AdministratorAccess
      expect(withWrites).toBeGreaterThan(500);
      expect(withWrites).toBeLessThan(names.length);
      // The plain reading is slow (Sets of action objects): check it on every 7th document.
      for (const name of names.filter((_, i) => i % 7 === 0)) {
        const d = normalizePolicyDocument(all[name]!.document);
        const a = documentAccess(fresh, d);
        const ref = reference(d);
        expect({ name, allowed: a.allowed, free: a.free }).toEqual({ name, allowed: ref.allowed, free: ref.free });
      }
    },
    60_000,
  );
});

describe('tricky statements', () => {
  const access = (...statements: unknown[]) => documentAccess(analyzer, doc(...statements));

  it('Allow with NotAction grants everything else, including every other service', () => {
    const a = access({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(total(a.allowed)).toBe(index.size - catalog.expand('iam:*').length);
    expect(a.fullAdmin).toBe(false);
  });

  it('"iam:*Policy*" covers every IAM action with Policy in its name, and nothing else', () => {
    const a = access({ Effect: 'Allow', Action: 'iam:*Policy*', Resource: '*' });
    expect(total(a.allowed)).toBe(catalog.expand('iam:*').filter((x) => /Policy/i.test(x.name.split(':')[1]!)).length);
  });

  it('a Deny without Condition on "*" removes actions; a conditional or resource-scoped one does not', () => {
    const allow = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
    const s3 = total(access(allow).allowed);
    expect(total(access(allow, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }).allowed)).toBe(s3 - catalog.expand('s3:Delete*').length);
    expect(total(access(allow, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }).allowed)).toBe(s3);
    expect(total(access(allow, { Effect: 'Deny', Action: 's3:Delete*', Resource: 'arn:aws:s3:::prod/*' }).allowed)).toBe(s3);
    // Any condition makes a Deny uncertain ("deny unless in the organization" does not apply to the principal itself).
    expect(total(access(allow, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }).allowed)).toBe(s3);
    expect(total(access(allow, { Effect: 'Deny', Action: 's3:*', Resource: '*' }).allowed)).toBe(0);
  });

  it('classifies grants: conditional (restricting condition), scoped (specific resources), free (neither)', () => {
    const st = (extra: Record<string, unknown>) => analyzer.shape(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }).Statement[0]!);
    expect(st({})).toMatchObject({ anyResource: true, conditional: false });
    expect(st({ Resource: 'arn:aws:s3:::bucket/*' })).toMatchObject({ anyResource: false, conditional: false });
    expect(st({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })).toMatchObject({ anyResource: true, conditional: true });
    expect(st({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })).toMatchObject({ conditional: true });
    // ABAC on resource tags selects resources: scoped, not conditional.
    expect(st({ Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } } })).toMatchObject({ anyResource: false, conditional: false });
    expect(st({ NotResource: 'arn:aws:s3:::secret/*', Resource: undefined })).toMatchObject({ anyResource: true });
  });

  it('treats only conditions that restrict an attacker with the credentials as restricting', () => {
    const r = (c: Condition) => conditionRestricts(c);
    expect(r({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })).toBe(true);
    expect(r({ Bool: { 'aws:MultiFactorAuthPresent': ['true'] } })).toBe(true);
    expect(r({ Null: { 'aws:MultiFactorAuthAge': ['false'] } })).toBe(true);
    expect(r({ StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } })).toBe(true);
    expect(r({ Bool: { 'aws:SecureTransport': ['true'] } })).toBe(false);
    expect(r({ StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } })).toBe(false);
    expect(r({ Bool: { 'aws:MultiFactorAuthPresent': ['false'] } })).toBe(false);
    expect(r({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })).toBe(false);
    expect(r({ StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } })).toBe(false);
    expect(r({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })).toBe(false);
    expect(r({ StringLike: { 'aws:PrincipalArn': ['*'] } })).toBe(false);
    expect(conditionScope({ StringEquals: { 'ec2:ResourceTag/env': ['dev'] } })).toBe('resources');
    expect(conditionScope({ StringEquals: { 'aws:ResourceTag/env': ['dev'], 'aws:SourceIp': ['1.2.3.4'] } })).toBe('caller');
    expect(conditionScope(undefined)).toBe('none');
  });

  it('knows which Resource entries mean every resource', () => {
    for (const r of ['*', 'arn:aws:s3:::*', 'arn:aws:sqs:*:*:*', 'arn:aws:*:*:*:*', 'arn:aws:iam::*:role/*', 'arn:aws:s3:::*/*']) expect(isEveryResource(r)).toBe(true);
    for (const r of ['arn:aws:s3:::bucket/*', 'arn:aws:iam::111122223333:role/deploy', 'arn:aws:sqs:us-east-1:111122223333:q', 'arn:aws:s3:::bucket']) {
      expect(isEveryResource(r)).toBe(false);
    }
    expect(isSelfScoped({ Effect: 'Allow', Resource: ['arn:aws:iam::*:user/${aws:username}'] })).toBe(true);
    expect(isSelfScoped({ Effect: 'Allow', Resource: ['*'] })).toBe(false);
  });
});

describe('principals: groups, boundaries, explanations', () => {
  const BOUNDARY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };
  let snap: AccountSnapshot;
  let an: EffectiveAnalyzer;
  const principal = (kind: 'user' | 'role', name: string): PrincipalAnalysis => {
    const entity = kind === 'user' ? snap.users.find((u) => u.name === name)! : snap.roles.find((r) => r.name === name)!;
    return an.analyze({ kind, entity } as Parameters<EffectiveAnalyzer['analyze']>[0]);
  };
  beforeAll(() => {
    snap = snapshot()
      .managedPolicy('boundary', BOUNDARY, { attachmentCount: 0, permissionsBoundaryUsageCount: 2 })
      .managedPolicy('admin-ish', { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] })
      .group('ops', { inline: { 'ops-iam': doc({ Sid: 'Keys', Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }) } })
      .user('alice', { groups: ['ops', 'missing-group'] })
      .role('bounded', { managed: ['admin-ish'], boundary: 'boundary' })
      .role('free', { managed: ['admin-ish'] })
      .role('unresolved', { managed: ['admin-ish'], boundary: 'arn:aws:iam::111122223333:policy/deleted-boundary' })
      .role('denied', {
        inline: {
          p: doc(
            { Effect: 'Allow', Action: ['iam:PassRole', 's3:GetObject'], Resource: '*' },
            { Sid: 'NoPass', Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
            { Sid: 'MaybeNoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/32' } } },
          ),
        },
      })
      .build();
    an = new EffectiveAnalyzer(snap, catalog);
  });

  it('counts a group policy for its members, with the group in the evidence', () => {
    const a = principal('user', 'alice');
    const d = explainAction(a, an.index, 'iam:CreateAccessKey');
    expect(d.decision).toBe('allowed');
    expect(d.grant).toEqual({ conditional: false, scoped: false });
    expect(d.identityAllows).toEqual([{ ref: { policyType: 'inline', policyName: 'ops-iam', viaGroup: 'ops', sid: 'Keys', index: 0 }, conditional: false, scoped: false }]);
  });

  it('intersects with the permissions boundary and reports identity-only and effective counts', () => {
    const bounded = principal('role', 'bounded');
    const free = principal('role', 'free');
    expect(free.profile.fullAdmin).toBe(true);
    expect(bounded.profile.fullAdmin).toBe(false);
    expect(total(bounded.profile.identity.all)).toBe(index.size);
    expect(total(bounded.profile.effective.all)).toBe(index.size - catalog.expand('iam:*').length);
    expect(explainAction(bounded, an.index, 'iam:PutRolePolicy').decision).toBe('not-allowed-by-boundary');
    const d = explainAction(bounded, an.index, 's3:PutBucketPolicy');
    expect(d.decision).toBe('allowed');
    expect(d.boundaryAllows[0]!.ref).toMatchObject({ policyType: 'boundary', policyName: 'boundary', index: 0 });
  });

  it('does not apply a boundary whose document is missing, and says so', () => {
    const a = principal('role', 'unresolved');
    expect(a.boundary).toMatchObject({ resolved: false });
    expect(a.unresolved).toEqual(['arn:aws:iam::111122223333:policy/deleted-boundary']);
    expect(a.profile.fullAdmin).toBe(true);
  });

  it('credits unconditional Denies and names them; keeps conditional ones as uncredited evidence', () => {
    const a = principal('role', 'denied');
    const pass = explainAction(a, an.index, 'iam:PassRole');
    expect(pass.decision).toBe('explicit-deny');
    expect(pass.denies).toEqual([{ policyType: 'inline', policyName: 'p', sid: 'NoPass', index: 1 }]);
    const get = explainAction(a, an.index, 's3:GetObject');
    expect(get.decision).toBe('allowed');
    expect(get.uncreditedDenies.map((r) => r.sid)).toEqual(['MaybeNoGet']);
    expect(explainAction(a, an.index, 'ec2:RunInstances').decision).toBe('not-allowed');
  });

  it('full tier sets agree with the memoized profile counts', () => {
    for (const [kind, name] of [['role', 'bounded'], ['role', 'free'], ['user', 'alice'], ['role', 'denied']] as const) {
      const a = principal(kind, name);
      const p = an.permissions(a);
      expect(p.effective.all.size).toBe(total(a.profile.effective.all));
      expect(p.effective.free.size).toBe(total(a.profile.effective.free));
      expect(p.identity.size).toBe(total(a.profile.identity.all));
    }
  });
});
