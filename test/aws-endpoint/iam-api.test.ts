// The IAM API of the local AWS endpoint, driven by the real AWS SDK v3 clients: serialization, pagination and error
// mapping are the SDK's own, so what passes here is what a collector will see. Faults and the guard: aws-endpoint.test.ts.
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListVirtualMFADevicesCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_HEADER, startAwsEndpoint } from './index.js';
import { ACCOUNT, CI_DOC, CI_OLD, CROSS_ACCOUNT_TRUST, fixture, PRETTY_TEXT, S3_READ } from '../fixtures/endpoint-account.js';
import { allDetails, caught, ep, iam, serveFixture, sts } from '../helpers/endpoint.js';

serveFixture();

describe('GetAccountAuthorizationDetails', () => {
  it('paginates with MaxItems/Marker over the concatenated users, groups, roles and policies', async () => {
    const d = await allDetails(iam, 3);
    expect(d.users.map((u) => u.UserName)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']);
    expect(d.groups.map((g) => g.GroupName)).toEqual(['devs', 'ops']);
    expect(d.roles.map((r) => r.RoleName)).toEqual(['deploy', 'web', 'lambda-exec']);
    // Customer managed policies, then the AWS managed policies in use (not the whole AWS catalogue).
    expect(d.policies.map((p) => p.PolicyName)).toEqual(['ci-policy', 'boundary', 'AdministratorAccess', 'AWSLambdaBasicExecutionRole']);
    // 16 entities, 3 per page: 6 pages, each but the last truncated with a Marker.
    expect(d.pages).toHaveLength(6);
    expect(d.pages.map((p) => p.IsTruncated)).toEqual([true, true, true, true, true, false]);
    expect(d.pages[5].Marker).toBeUndefined();
    // A page can straddle entity types: page 3 holds the last user and both groups.
    expect(d.pages[2].UserDetailList?.map((u) => u.UserName)).toEqual(['gina']);
    expect(d.pages[2].GroupDetailList?.map((g) => g.GroupName)).toEqual(['devs', 'ops']);
    // Each request carried MaxItems and the Marker of the previous response.
    const reqs = ep.log.filter((r) => r.action === 'GetAccountAuthorizationDetails');
    expect(reqs).toHaveLength(6);
    expect(ep.count('GetAccountAuthorizationDetails')).toBe(6);
    reqs.forEach((r, i) => {
      expect(r.params.MaxItems).toBe('3');
      expect(r.params.Marker).toBe(i === 0 ? undefined : d.pages[i - 1].Marker);
      expect(r.signed).toBe(true);
    });
  });

  it('honours Filter.member.N', async () => {
    const roles = await allDetails(iam, 2, ['Role']);
    expect(roles.roles).toHaveLength(3);
    expect(roles.users.length + roles.groups.length + roles.policies.length).toBe(0);
    expect(ep.log[0].params['Filter.member.1']).toBe('Role');

    const local = await allDetails(iam, 100, ['LocalManagedPolicy']);
    expect(local.policies.map((p) => p.Arn)).toEqual([`arn:aws:iam::${ACCOUNT}:policy/ci/ci-policy`, `arn:aws:iam::${ACCOUNT}:policy/boundary`]);
    const aws = await allDetails(iam, 100, ['AWSManagedPolicy']);
    expect(aws.policies.map((p) => p.Arn)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    const two = await allDetails(iam, 100, ['User', 'Group']);
    expect([two.users.length, two.groups.length, two.roles.length, two.policies.length]).toEqual([7, 2, 0, 0]);

    const bad = await caught(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Users' as never] })));
    expect(bad.name).toBe('ValidationError');
    expect(bad.$metadata?.httpStatusCode).toBe(400);
  });

  it('returns policy documents URL-encoded (RFC 3986) that decode to the original', async () => {
    const d = await allDetails(iam, 100);
    const alice = d.users.find((u) => u.UserName === 'alice');
    const inline = alice?.UserPolicyList?.[0];
    expect(inline?.PolicyName).toBe('alice-inline');
    expect(inline?.PolicyDocument?.startsWith('%7B%0A')).toBe(true);
    expect(decodeURIComponent(inline?.PolicyDocument ?? '')).toBe(PRETTY_TEXT); // whitespace kept verbatim

    const deploy = d.roles.find((r) => r.RoleName === 'deploy');
    const trust = deploy?.AssumeRolePolicyDocument ?? '';
    expect(trust).toMatch(/^[A-Za-z0-9%._~-]+$/); // nothing outside RFC 3986's unreserved set is left raw
    expect(trust).toContain('%27'); // ' (which encodeURIComponent alone would leave)
    expect(JSON.parse(decodeURIComponent(trust))).toEqual(CROSS_ACCOUNT_TRUST);

    const devs = d.groups.find((g) => g.GroupName === 'devs');
    expect(JSON.parse(decodeURIComponent(devs?.GroupPolicyList?.[0].PolicyDocument ?? ''))).toEqual(S3_READ);

    const ci = d.policies.find((p) => p.PolicyName === 'ci-policy');
    expect(ci?.DefaultVersionId).toBe('v2');
    const versions = ci?.PolicyVersionList ?? [];
    expect(versions.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    expect(JSON.parse(decodeURIComponent(versions[0].Document ?? ''))).toEqual(CI_DOC);
    expect(JSON.parse(decodeURIComponent(versions[1].Document ?? ''))).toEqual(CI_OLD);
  });

  it('renders relationships, counts, boundaries, tags, last use and instance profiles', async () => {
    const d = await allDetails(iam, 1000);
    const alice = d.users.find((u) => u.UserName === 'alice');
    expect(alice).toMatchObject({
      Path: '/',
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      GroupList: ['devs'],
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    expect(alice?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(alice?.CreateDate?.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(d.users.find((u) => u.UserName === 'bob')?.GroupList).toEqual(['devs', 'ops']);

    const deploy = d.roles.find((r) => r.RoleName === 'deploy');
    expect(deploy?.RoleLastUsed?.LastUsedDate?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(deploy?.RoleLastUsed?.Region).toBe('eu-west-1');
    expect(deploy?.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(deploy?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundary`);
    const web = d.roles.find((r) => r.RoleName === 'web');
    expect(web?.RoleLastUsed?.LastUsedDate).toBeUndefined(); // never used: empty <RoleLastUsed/>
    expect(web?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/app/web`);
    expect(web?.InstanceProfileList?.[0]).toMatchObject({ InstanceProfileName: 'web', Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` });
    expect(web?.InstanceProfileList?.[0].Roles?.[0].RoleName).toBe('web');
    expect(web?.RolePolicyList?.[0].PolicyName).toBe('web-inline');

    const byName = new Map(d.policies.map((p) => [p.PolicyName, p]));
    expect(byName.get('ci-policy')).toMatchObject({ AttachmentCount: 2, PermissionsBoundaryUsageCount: 0, IsAttachable: true, Path: '/ci/' });
    expect(byName.get('boundary')).toMatchObject({ AttachmentCount: 0, PermissionsBoundaryUsageCount: 2 });
    expect(byName.get('AdministratorAccess')).toMatchObject({ AttachmentCount: 1 });
  });

  it('rejects a bad MaxItems or Marker', async () => {
    expect((await caught(iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1001 })))).name).toBe('ValidationError');
    const bad = await caught(iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'not-a-marker' })));
    expect(bad.name).toBe('InvalidInputException');
  });

  it('can return fewer items than MaxItems (maxPageSize), still truncating correctly', async () => {
    const small = await startAwsEndpoint(fixture(), { maxPageSize: 5 });
    const client = new IAMClient({ ...small.clientConfig, maxAttempts: 1 });
    try {
      const d = await allDetails(client, 1000);
      expect(d.pages.map((p) => (p.UserDetailList?.length ?? 0) + (p.GroupDetailList?.length ?? 0) + (p.RoleDetailList?.length ?? 0) + (p.Policies?.length ?? 0))).toEqual([5, 5, 5, 1]);
      expect(d.users).toHaveLength(7);
    } finally {
      client.destroy();
      await small.close();
    }
  });
});

describe('credential report', () => {
  it('is absent, then STARTED, in progress, COMPLETE, with the exact CSV', async () => {
    ep.setAccount(fixture().passwordPolicy({ minimumPasswordLength: 14, maxPasswordAge: 90 }));
    ep.credentialReport.configure({ pollsUntilReady: 2 });

    const absent = await caught(iam.send(new GetCredentialReportCommand({})));
    expect(absent.name).toBe('CredentialReportNotPresentException'); // code ReportNotPresent
    expect(absent.$metadata?.httpStatusCode).toBe(410);

    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const early = await caught(iam.send(new GetCredentialReportCommand({})));
    expect(early.name).toBe('CredentialReportNotReadyException'); // code ReportInProgress
    expect(early.$metadata?.httpStatusCode).toBe(404);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');

    const report = await iam.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    const csv = new TextDecoder().decode(report.Content);
    const lines = csv.split('\n');
    expect(lines[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
        'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
        'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
        'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    expect(lines[0]).toBe(CREDENTIAL_REPORT_HEADER);
    expect(lines[1]).toBe(
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    const row = (name: string) => lines.find((l) => l.startsWith(name + ','));
    expect(row('alice')).toBe(
      `alice,arn:aws:iam::${ACCOUNT}:user/alice,2025-01-02T03:04:05+00:00,true,2026-11-20T10:00:00+00:00,2025-01-02T03:04:05+00:00,2025-04-02T03:04:05+00:00,true,` +
        'true,2026-01-01T00:00:00+00:00,2026-11-01T12:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    expect(row('bob')).toBe(
      `bob,arn:aws:iam::${ACCOUNT}:user/bob,2024-06-01T00:00:00+00:00,false,N/A,N/A,N/A,false,` +
        'false,2024-06-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-06-01T00:00:00+00:00,2025-07-01T00:00:00+00:00,us-east-1,iam,false,N/A,false,N/A',
    );
    expect(row('carol')).toBe(
      `carol,arn:aws:iam::${ACCOUNT}:user/carol,2026-10-01T00:00:00+00:00,true,no_information,2026-10-01T00:00:00+00:00,2026-12-30T00:00:00+00:00,false,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    expect(lines).toHaveLength(2 + 7);
    expect(lines.every((l) => l.split(',').length === 22)).toBe(true);

    ep.credentialReport.expire();
    expect((await caught(iam.send(new GetCredentialReportCommand({})))).name).toBe('CredentialReportExpiredException');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
  });
});

describe('account-level calls', () => {
  it('maps a missing password policy to NoSuchEntityException (404) and serves one when set', async () => {
    const err = await caught(iam.send(new GetAccountPasswordPolicyCommand({})));
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.message).toBe(`The Password Policy with domain name ${ACCOUNT} cannot be found.`);
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.$fault).toBe('client');

    ep.setAccount(fixture().passwordPolicy({ minimumPasswordLength: 14, requireSymbols: true, maxPasswordAge: 90, passwordReusePrevention: 24 }));
    const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
    });
  });

  it('serves GetAccountSummary, ListVirtualMFADevices, ListAccessKeys, ListRoles and GetCallerIdentity', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({ Users: 7, Groups: 2, Roles: 3, Policies: 2, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, MFADevicesInUse: 2 });

    const mfa = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 1 }));
    expect(mfa.IsTruncated).toBe(false); // root has hardware MFA: only alice's virtual device
    expect(mfa.VirtualMFADevices).toEqual([
      expect.objectContaining({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: expect.objectContaining({ UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice` }) }),
    ]);

    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(keys.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Inactive', 'Active']);
    expect(keys.AccessKeyMetadata?.[0].AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect((await caught(iam.send(new ListAccessKeysCommand({ UserName: 'nobody' })))).name).toBe('NoSuchEntityException');

    const roles = [];
    for await (const page of paginateListRoles({ client: iam, pageSize: 2 }, {})) roles.push(...(page.Roles ?? []));
    expect(roles.map((r) => [r.RoleName, r.MaxSessionDuration])).toEqual([
      ['deploy', 7200],
      ['web', 3600],
      ['lambda-exec', 3600],
    ]);
    expect(roles[0].Description).toBe('deployer');
    expect((await iam.send(new ListRolesCommand({ PathPrefix: '/app/' }))).Roles?.map((r) => r.RoleName)).toEqual(['web']);

    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
    expect(ep.log.at(-1)).toMatchObject({ service: 'sts', action: 'GetCallerIdentity', status: 200 });
  });
});
