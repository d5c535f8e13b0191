import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/load/credential-report-csv.js';
import { loadOfflineSnapshot } from '../../src/load/offline.js';
import { accountSnapshotSchema } from '../../src/snapshot/snapshot.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/auth-details', name);
const at = '2026-11-25T00:00:00.000Z';
const tmp = mkdtempSync(join(tmpdir(), 'ha-offline-'));
const write = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

describe('offline authorization-details exports', () => {
  it.each([
    ['example-authz-details.json', 3, 2, 3, 32],
    ['example-authz-v2.json', 1, 1, 2, 2],
    ['example-authz-overrides.json', 1, 1, 2, 3],
  ])('loads the public export %s into a valid snapshot', async (file, users, groups, roles, policies) => {
    const snap = await loadOfflineSnapshot({ authDetailsFiles: [fixture(file)], collectedAt: at });
    expect(accountSnapshotSchema.parse(snap)).toEqual(snap);
    expect([snap.users.length, snap.groups.length, snap.roles.length, snap.policies.length]).toEqual([users, groups, roles, policies]);
    expect(snap.accountId).toMatch(/^\d{12}$/);
    expect(snap.gaps.map((g) => g.part).sort()).toEqual(['accessAnalyzer', 'accessAnalyzerFindings', 'accountSummary', 'bedrockApiKeys', 'credentialReport', 'openIdConnectProviders', 'passwordPolicy', 'roleSessionDurations', 'samlProviders', 'securityContact', 'serverCertificates', 'virtualMfaDevices']);
    for (const role of snap.roles) expect(Array.isArray(role.assumeRolePolicy.Statement)).toBe(true);
  });

  it('records a missing RoleDetailList as a gap instead of an account without roles', async () => {
    const snap = await loadOfflineSnapshot({ authDetailsFiles: [fixture('example-no-role-list.json')], collectedAt: at });
    expect(snap.roles).toEqual([]);
    expect(snap.gaps.find((g) => g.part === 'roles')).toMatchObject({ error: 'NotProvided', message: expect.stringContaining('RoleDetailList') });
  });

  it('joins several pages, as separate files or as a list', async () => {
    const full = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(fixture('example-authz-details.json'), 'utf8')));
    const page1 = { UserDetailList: full.UserDetailList, GroupDetailList: full.GroupDetailList, IsTruncated: true, Marker: 'm' };
    const page2 = { RoleDetailList: full.RoleDetailList, Policies: full.Policies, IsTruncated: false };
    const fromFiles = await loadOfflineSnapshot({ authDetailsFiles: [write('p1.json', JSON.stringify(page1)), write('p2.json', JSON.stringify(page2))], collectedAt: at });
    const fromList = await loadOfflineSnapshot({ authDetailsFiles: [write('pages.json', JSON.stringify([page1, page2]))], collectedAt: at });
    const whole = await loadOfflineSnapshot({ authDetailsFiles: [fixture('example-authz-details.json')], collectedAt: at });
    expect(fromFiles).toEqual(whole);
    expect(fromList).toEqual(whole);
  });

  it('takes a credential report CSV alongside', async () => {
    const csv = [
      CREDENTIAL_REPORT_COLUMNS.join(','),
      '<root_account>,arn:aws:iam::012345678901:root,2019-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ].join('\n');
    const snap = await loadOfflineSnapshot({ authDetailsFiles: [fixture('example-authz-v2.json')], credentialReportFile: write('cr.csv', csv), collectedAt: at });
    expect(snap.credentialReport?.rows).toHaveLength(1);
    expect(snap.gaps.some((g) => g.part === 'credentialReport' && g.resource === undefined)).toBe(false);
    // The export's one user has no row: no evidence for them, a gap naming them.
    expect(snap.gaps.filter((g) => g.part === 'credentialReport').map((g) => g.resource)).toEqual(snap.users.map((u) => u.arn));
  });

  it.each([
    ['truncated JSON', '{"UserDetailList": [', /trunc\.json: not valid JSON/],
    ['the wrong shape', '{"Users": []}', /not a get-account-authorization-details export/],
  ])('rejects %s with a message naming the file and field', async (_, content, message) => {
    const name = { 'truncated JSON': 'trunc.json', 'a field of the wrong type': 'bad-type.json' }[_] ?? 'bad.json';
    const err = await loadOfflineSnapshot({ authDetailsFiles: [write(name, content)], collectedAt: at }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['a field of the wrong type', { UserDetailList: [{ UserName: 5 }] }, 'UserDetailList[0]', 'Arn'],
    ['a bad date', { UserDetailList: [{ Path: '/', UserName: 'a', UserId: 'A', Arn: 'arn:aws:iam::123456789012:user/a', CreateDate: 'last tuesday', GroupList: [], AttachedManagedPolicies: [] }] }, 'arn:aws:iam::123456789012:user/a', 'CreateDate'],
    ['a broken policy document', { GroupDetailList: [{ Path: '/', GroupName: 'g', GroupId: 'G', Arn: 'arn:aws:iam::123456789012:group/g', CreateDate: at, AttachedManagedPolicies: [], GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Permit' }] } }] }] }, 'arn:aws:iam::123456789012:group/g', 'GroupPolicyList[0].PolicyDocument'],
  ])('records %s as a gap naming the entity and field, not an error', async (_, content, resource, field) => {
    const snap = await loadOfflineSnapshot({ authDetailsFiles: [write('odd.json', JSON.stringify({ ...content, RoleDetailList: [] , Policies: [{ Arn: 'arn:aws:iam::123456789012:policy/x', DefaultVersionId: 'v1', AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Statement: [] } }] }] }))], collectedAt: at });
    expect(snap.gaps).toContainEqual(expect.objectContaining({ resource, field, message: expect.stringContaining('odd.json') }));
  });

  it('names a missing file', async () => {
    await expect(loadOfflineSnapshot({ authDetailsFiles: [join(tmp, 'nope.json')], collectedAt: at })).rejects.toThrow(/nope\.json: cannot read file \(ENOENT\)/);
  });
});
