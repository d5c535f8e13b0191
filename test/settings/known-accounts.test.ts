// The shipped known-accounts list, user files (validated, errors naming file and entry), and how iam.role.external-trust
// names and grades the accounts a role trusts (unknown: high; known vendor: medium; same organization: low).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleExternalTrust } from '../../src/checks/iam/role-external-trust.js';
import type { CheckContext } from '../../src/checks/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { InputError } from '../../src/errors.js';
import { builtinKnownAccounts, describeAccount, loadKnownAccounts, parseKnownAccounts } from '../../src/settings/known-accounts.js';
import { loadActionCatalog } from '../../src/policy/catalog.js';
import { normalizePolicyDocument } from '../../src/policy/normalize.js';
import { emptySnapshot, type AccountSnapshot } from '../../src/snapshot/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'ha-known-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('known accounts', () => {
  it('ships the fwdcloudsec list', () => {
    const known = builtinKnownAccounts();
    expect(known.size).toBeGreaterThan(400);
    expect(known.get('464622532012')).toMatchObject({ name: 'Datadog', origin: 'builtin', enabled: true });
    expect(known.get('464622532012')!.sources[0]).toMatch(/^https:\/\/docs\.datadoghq\.com/);
    expect(describeAccount('464622532012', known)).toBe('Datadog (464622532012)');
    expect(describeAccount('999988887777', known)).toBe('999988887777');
  });

  it('adds the user\'s file; its entries win for the same id', () => {
    const path = file('ours.yaml', "- name: 'Our SIEM'\n  accounts: ['123412341234']\n- name: 'Datadog EU (ours)'\n  source: 'https://wiki.example/dd'\n  accounts: ['464622532012']\n");
    const known = loadKnownAccounts([path]);
    expect(known.get('123412341234')).toMatchObject({ name: 'Our SIEM', origin: path, sources: [] });
    expect(known.get('464622532012')).toMatchObject({ name: 'Datadog EU (ours)', sources: ['https://wiki.example/dd'] });
    expect(known.get('865078226113')?.name).toBe('Datadog');
  });

  it('rejects bad files with the file, the entry and the field', () => {
    const err = (text: string) => {
      try {
        parseKnownAccounts(text, 'acc.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err("- name: 'A'\n  accounts: [123456789012]\n")).toBe("acc.yaml: entry 1 (A): accounts[0]: 123456789012 is a number; quote account ids ('012345678901'), YAML drops leading zeros");
    expect(err("- name: 'A'\n  accounts: ['1234']\n")).toBe('acc.yaml: entry 1 (A): accounts[0]: "1234": expected a 12-digit account id');
    expect(err("- name: 'A'\n  accounts: ['123456789012']\n- accounts: ['123456789012']\n")).toMatch(/^acc\.yaml: entry 2: name: /);
    expect(err("- name: 'A'\n  acounts: ['123456789012']\n")).toMatch(/^acc\.yaml: entry 1 \(A\): /);
    expect(err('name: A\n')).toBe('acc.yaml: expected a YAML list of entries (- name: ..., accounts: [...])');
    expect(err('- [')).toMatch(/^acc\.yaml: not valid YAML: /);
    expect(() => loadKnownAccounts([join(dir, 'missing.yaml')])).toThrow(/missing\.yaml: cannot read known-accounts file \(ENOENT\)/);
  });
});

describe('iam.role.external-trust with known and organization accounts', () => {
  let ctx: CheckContext;
  beforeAll(async () => {
    ctx = { now: '2026-11-25T00:00:00.000Z', thresholds: DEFAULT_THRESHOLDS, catalog: await loadActionCatalog(), knownAccounts: builtinKnownAccounts() };
  });
  const ACCOUNT = '111122223333';
  const role = (name: string, principals: string[]) => ({
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    id: `AROA${name.toUpperCase().padEnd(17, 'X')}`,
    path: '/',
    createDate: '2025-01-01T00:00:00.000Z',
    assumeRolePolicy: normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] }),
    roleLastUsed: {},
    attachedManagedPolicies: [],
    inlinePolicies: [],
    instanceProfiles: [],
    tags: {},
  });
  const snap = (): AccountSnapshot => ({
    ...emptySnapshot(ACCOUNT, 'live', '2026-11-25T00:00:00.000Z'),
    roles: [
      role('vendor', ['arn:aws:iam::464622532012:root']),
      role('internal', ['arn:aws:iam::444455556666:role/ci']),
      role('mixed', ['464622532012', '999988887777', '444455556666']),
    ],
  });

  it('single-account mode: vendors named (medium), everything else unknown (high)', () => {
    const r = roleExternalTrust.run(snap(), ctx);
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.severity ?? 'high', x.message])).toEqual([
      ['vendor', 'medium', 'vendor trusts Datadog (464622532012).'],
      ['internal', 'high', 'internal trusts the unknown account 444455556666.'],
      ['mixed', 'high', 'mixed trusts the unknown account 444455556666, Datadog (464622532012), the unknown account 999988887777.'],
    ]);
    expect(r[0]!.evidence.trustedAccounts).toEqual([{ accountId: '464622532012', class: 'known', name: 'Datadog' }]);
  });

  it('org mode: the organization\'s accounts are internal (low)', () => {
    const r = roleExternalTrust.run(snap(), { ...ctx, organizationAccountIds: new Set([ACCOUNT, '444455556666']) });
    expect(r.map((x) => [x.resourceArn.split('/').pop(), x.severity ?? 'high'])).toEqual([
      ['vendor', 'medium'],
      ['internal', 'low'],
      ['mixed', 'high'],
    ]);
    expect(r[1]!.message).toBe('internal trusts 444455556666 (same organization).');
  });
});
