// Real AWS managed policy documents (see test/fixtures/NOTICE.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyFullAdmin, policyWildcardResourceWrite } from '../../../src/checks/index.js';
import type { CheckContext } from '../../../src/checks/types.js';
import { analyzeWildcardResourceWrite } from '../../../src/policy/analysis.js';
import { loadActionCatalog } from '../../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../../src/policy/normalize.js';
import { ACCOUNT, context, snapshot } from '../../fixtures/snapshot-builder.js';
import { fails, run } from '../../helpers/checks.js';
import { loadAllManagedPolicies, type ManagedPolicyEntry } from '../../fixtures/managed-policies.js';


const SAMPLE: Record<string, ManagedPolicyEntry> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/aws-managed-policies.sample.json', import.meta.url)), 'utf8'),
);

let ctx: CheckContext;
beforeAll(async () => {
  ctx = context(await loadActionCatalog());
});

/** A snapshot where `name` (an AWS managed policy of the sample) is attached to the user alice. */
function withAwsPolicyOnUser(name: string) {
  const p = SAMPLE[name]!;
  return snapshot().awsManagedPolicy(name, p.document).user('alice', { managed: [p.arn] }).build();
}

describe('full-admin on real AWS managed policies', () => {
  it('AdministratorAccess attached to a user is a critical full-admin finding', () => {
    const f = fails(run(policyFullAdmin, withAwsPolicyOnUser('AdministratorAccess'), ctx));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ resourceArn: `arn:aws:iam::${ACCOUNT}:user/alice`, detail: 'AdministratorAccess' });
    expect(f[0]!.severity ?? policyFullAdmin.severity).toBe('critical');
  });

  it('the same document as a customer managed policy attached to a role is critical', () => {
    const snap = snapshot()
      .managedPolicy('CopyOfAdmin', SAMPLE.AdministratorAccess!.document)
      .role('deployer', { managed: ['CopyOfAdmin'] })
      .build();
    const f = fails(run(policyFullAdmin, snap, ctx));
    expect(f.map((r) => [r.resourceArn, r.detail, r.severity ?? policyFullAdmin.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/deployer`, 'CopyOfAdmin', 'critical'],
    ]);
  });

  it.each(['ReadOnlyAccess', 'PowerUserAccess', 'IAMFullAccess', 'SecurityAudit', 'AmazonS3FullAccess'])(
    '%s attached is not full-admin',
    (name) => {
      const r = run(policyFullAdmin, withAwsPolicyOnUser(name), ctx);
      expect(r).toHaveLength(1);
      expect(r[0]!.status).toBe('PASS');
    },
  );
});

describe('wildcard-resource-write on real documents', () => {
  const analyze = (name: string) => analyzeWildcardResourceWrite(normalizePolicyDocument(SAMPLE[name]!.document), ctx.catalog);

  it('finds almost no writes in ReadOnlyAccess and SecurityAudit', () => {
    // Not zero: AWS's own catalogue classifies a few Get*/List*/Describe* actions these grant as Write or
    // Permissions management (e.g. s3express:CreateSession, iot:ListSubscriptions, quicksight:Describe*Permissions).
    for (const name of ['ReadOnlyAccess', 'SecurityAudit']) {
      const a = analyze(name);
      const reads = a.counts.Read + a.counts.List;
      expect(reads).toBeGreaterThan(1000);
      expect(a.counts['Permissions management'] + a.counts.Write).toBeLessThan(reads / 100);
    }
  });

  it('finds Permissions management in IAMFullAccess and broad Write in PowerUserAccess (its NotAction expanded)', () => {
    expect(analyze('IAMFullAccess').counts['Permissions management']).toBeGreaterThan(20);
    const power = analyze('PowerUserAccess');
    expect(power.counts.Write).toBeGreaterThan(5000);
    expect(power.counts['Permissions management']).toBeGreaterThan(100);
    // The sample lists Permissions management actions first.
    expect(power.sample.map((a) => ctx.catalog.accessLevel(a))).toEqual(Array(10).fill('Permissions management'));
  });

  it('judges a customer managed copy of IAMFullAccess as high', () => {
    const snap = snapshot().managedPolicy('MyIam', SAMPLE.IAMFullAccess!.document).build();
    expect(run(policyWildcardResourceWrite, snap, ctx)[0]).toMatchObject({ status: 'FAIL', severity: 'high' });
  });
});

describe('all AWS managed policies (test/fixtures/aws-managed-policies.json.gz)', () => {
  it(
    `normalizes every document and runs the wildcard-resource-write analysis without throwing`,
    () => {
      const all = loadAllManagedPolicies();
      const names = Object.keys(all);
      expect(names.length).toBe(1645);
      let flagged = 0;
      for (const name of names) {
        const a = analyzeWildcardResourceWrite(normalizePolicyDocument(all[name]!.document), ctx.catalog);
        expect(a.sample.length).toBeLessThanOrEqual(10);
        if (a.statements.length) flagged++;
      }
      expect(flagged).toBeGreaterThan(100);
      expect(flagged).toBeLessThan(names.length);
    },
    20_000,
  );
});
