// The ingestion cases of issue 10, each on a public export (test/fixtures/auth-details) through the offline loader.
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/pipeline/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { InputError } from '../../src/errors.js';
import { loadOfflineInputs } from '../../src/load/offline.js';
import { normalizePolicyDocument, PolicyParseError } from '../../src/policy/normalize.js';
import { AT, readExport, reportFor, writeTemp } from '../helpers/auth-details.js';

const load = (pages: unknown, csv?: string) =>
  loadOfflineInputs({ authDetailsFiles: [writeTemp('auth.json', JSON.stringify(pages))], ...(csv !== undefined ? { credentialReportFile: writeTemp('cr.csv', csv) } : {}), collectedAt: AT });

describe('issue 10 ingestion cases', () => {
  it('a Policies entry without PolicyName and PolicyId keeps the whole inventory (name derived from the ARN)', async () => {
    const exp = readExport('example-authz-details.json');
    const policies = exp.Policies as Record<string, unknown>[];
    const { PolicyName, PolicyId, ...trimmed } = policies[0]!;
    const { snapshot } = await load({ ...exp, Policies: [trimmed, ...policies.slice(1)] });
    expect([snapshot.users.length, snapshot.groups.length, snapshot.roles.length, snapshot.policies.length]).toEqual([3, 2, 3, 32]);
    expect(snapshot.policies.find((p) => p.arn === trimmed.Arn)).toMatchObject({ name: PolicyName });
    expect(PolicyId).toBeDefined();
    expect(snapshot.gaps.filter((g) => g.resource)).toEqual([]);
  });

  it('a Policies entry without an Arn takes the one ARN the inventory attaches under its name; unattached, it is a gap', async () => {
    const exp = readExport('example-authz-details.json');
    const policies = exp.Policies as Record<string, unknown>[];
    const attached = new Set([...(exp.UserDetailList as { AttachedManagedPolicies: { PolicyArn: string }[] }[]), ...(exp.RoleDetailList as never[]), ...(exp.GroupDetailList as never[])].flatMap((e) => e.AttachedManagedPolicies.map((a) => a.PolicyArn)));
    const i = policies.findIndex((p) => attached.has(p.Arn as string));
    const j = policies.findIndex((p) => !attached.has(p.Arn as string));
    const strip = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'Arn'));
    const { snapshot } = await load({ ...exp, Policies: policies.map((p, k) => (k === i || k === j ? strip(p) : p)) });
    expect(snapshot.policies.map((p) => p.arn)).toContain(policies[i]!.Arn);
    expect(snapshot.policies).toHaveLength(policies.length - 1);
    expect(snapshot.gaps.filter((g) => g.part === 'policies' && g.resource)).toEqual([
      expect.objectContaining({ resource: `Policies[PolicyName=${policies[j]!.PolicyName}]`, field: 'Arn' }),
    ]);
  });

  it('an unknown extra credential report column is accepted with a warning naming it', async () => {
    const exp = readExport('example-authz-v2.json');
    const csv = reportFor(exp).split('\n').map((l, i) => `${l},${i === 0 ? 'favourite_colour' : 'blue'}`).join('\n');
    const { snapshot, warnings } = await load(exp, csv);
    expect(snapshot.credentialReport?.rows).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/favourite_colour/);
  });

  it("a credential report of another account is an InputError naming the file", async () => {
    const exp = readExport('example-authz-v2.json');
    const csv = reportFor(exp).replace(/arn:aws:iam::012345678901:root/, 'arn:aws:iam::999988887777:root');
    const err = await load(exp, csv).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/cr\.csv: .*999988887777/);
  });

  it('pages of several accounts are an InputError naming the file', async () => {
    const a = readExport('example-authz-v2.json');
    const b = JSON.parse(JSON.stringify(readExport('example-authz-overrides.json')).replaceAll(/arn:aws:iam::\d{12}:/g, 'arn:aws:iam::999988887777:'));
    const err = await load([a, b]).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/auth\.json page 2: .*999988887777.*one account/);
  });

  it('a duplicated page gives no finding id twice and the same findings as the single page', async () => {
    const exp = readExport('example-authz-details.json');
    const once = await load([exp]);
    const twice = await load([exp, exp]);
    expect(twice.snapshot.users).toEqual(once.snapshot.users);
    const report = await auditSnapshot(twice.snapshot, { thresholds: DEFAULT_THRESHOLDS, now: AT });
    const ids = report.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await auditSnapshot(once.snapshot, { thresholds: DEFAULT_THRESHOLDS, now: AT })).findings.map((f) => f.id));
  });

  it('malformed %-encoding in a policy document becomes a gap for that entity only', async () => {
    expect(() => normalizePolicyDocument('%7B%22Statement%ZZ')).toThrow(PolicyParseError);
    const exp = readExport('example-authz-details.json');
    const roles = exp.RoleDetailList as Record<string, unknown>[];
    const broken: Record<string, unknown> = { ...roles[0]!, RolePolicyList: [{ PolicyName: 'bad', PolicyDocument: '%7B%22Version%22%3A%E0%A4%A' }] };
    const { snapshot } = await load({ ...exp, RoleDetailList: [broken, ...roles.slice(1)] });
    expect(snapshot.roles).toHaveLength(3);
    expect(snapshot.gaps.filter((g) => g.resource)).toEqual([
      expect.objectContaining({ part: 'roles', resource: broken.Arn, field: 'RolePolicyList[0].PolicyDocument', message: expect.stringMatching(/%-encoding/) }),
    ]);
  });
});
