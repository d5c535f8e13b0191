// The local AWS endpoint, driven by the real AWS SDK v3 clients: serialization, pagination, error mapping and
// retries are the SDK's own, so what passes here is what a collector will see.
import {
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListVirtualMFADevicesCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// The SDK's own standard retry strategy with a fixed, short backoff, so throttling tests stay fast while the
// SDK still decides what is retryable.
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_HEADER, FakeAccount, generateAccount, startAwsEndpoint, type AwsEndpoint } from './index.js';

const ACCOUNT = '123456789012';
const S3_READ = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] };
const CI_DOC = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Deploy', Effect: 'Allow', Action: ['lambda:UpdateFunctionCode', 'iam:PassRole'], Resource: '*' },
    { Effect: 'Deny', NotAction: 's3:*', Resource: 'arn:aws:s3:::secret/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ],
};
const CI_OLD = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }] };
const BOUNDARY_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };
const CROSS_ACCOUNT_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': "it's (a) secret!" } },
    },
  ],
};
/** Served verbatim: IAM keeps the author's whitespace, and so does the endpoint for string documents. */
const PRETTY_TEXT = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }\n  ]\n}';

function fixture(): FakeAccount {
  const acct = new FakeAccount(ACCOUNT, { now: '2026-11-25T00:00:00Z', created: '2020-01-01T00:00:00Z' })
    .managedPolicy('ci-policy', CI_DOC, { path: '/ci/', previousVersions: [CI_OLD], created: '2024-01-01T00:00:00Z', updated: '2025-01-01T00:00:00Z' })
    .managedPolicy('boundary', BOUNDARY_DOC)
    .group('devs', { attached: ['ci-policy'], inline: [{ name: 'devs-inline', document: S3_READ }] })
    .group('ops')
    .user('alice', {
      created: '2025-01-02T03:04:05Z',
      console: true,
      mfa: 'virtual',
      passwordLastUsed: '2026-11-20T10:00:00Z',
      keys: [{ active: true, created: '2026-01-01T00:00:00Z', lastUsed: '2026-11-01T12:00:00Z', lastUsedRegion: 'eu-west-1', lastUsedService: 's3' }],
      groups: ['devs'],
      attached: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      inline: { name: 'alice-inline', document: PRETTY_TEXT },
      tags: { team: 'platform' },
      boundary: 'boundary',
    })
    .user('bob', {
      created: '2024-06-01T00:00:00Z',
      keys: [{ active: false, created: '2024-06-01T00:00:00Z' }, { created: '2025-06-01T00:00:00Z', lastUsed: '2025-07-01T00:00:00Z' }],
      groups: ['devs', 'ops'],
    })
    .user('carol', { created: '2026-10-01T00:00:00Z', console: true }) // has a password, never signed in
    .role('deploy', {
      trust: CROSS_ACCOUNT_TRUST,
      description: 'deployer',
      lastUsed: '2026-11-24T00:00:00Z',
      lastUsedRegion: 'eu-west-1',
      attached: ['ci-policy'],
      boundary: 'boundary',
      tags: { env: 'prod' },
      maxSessionDuration: 7200,
    })
    .role('web', { path: '/app/', instanceProfile: true, lastUsed: null, inline: [{ name: 'web-inline', document: S3_READ }] })
    .role('lambda-exec', {
      trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      attached: ['AWSLambdaBasicExecutionRole'],
    })
    .root({ mfa: 'hardware', passwordLastUsed: '2026-11-01T00:00:00Z' });
  for (const name of ['dave', 'erin', 'frank', 'gina']) acct.user(name, { created: '2026-01-01T00:00:00Z' });
  return acct;
}

const fastRetry = (maxAttempts: number) => new ConfiguredRetryStrategy(maxAttempts, 5);

let ep: AwsEndpoint;
let iam: IAMClient;
let sts: STSClient;

beforeAll(async () => {
  ep = await startAwsEndpoint(fixture());
  iam = new IAMClient({ ...ep.clientConfig, maxAttempts: 1 });
  sts = new STSClient({ ...ep.clientConfig, maxAttempts: 1 });
});
afterAll(async () => {
  iam.destroy();
  sts.destroy();
  await ep.close();
});
afterEach(() => {
  ep.clearFaults();
  ep.resetCalls();
  ep.credentialReport.reset();
  ep.setAccount(fixture());
});

async function allDetails(client: IAMClient, pageSize: number, filter?: string[]) {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize }, filter ? { Filter: filter as never } : {})) pages.push(page);
  return {
    pages,
    users: pages.flatMap((p) => p.UserDetailList ?? []),
    groups: pages.flatMap((p) => p.GroupDetailList ?? []),
    roles: pages.flatMap((p) => p.RoleDetailList ?? []),
    policies: pages.flatMap((p) => p.Policies ?? []),
  };
}

async function caught(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

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

describe('fault injection', () => {
  it('answers AccessDenied (403) for denied actions, which the SDK surfaces as an error named AccessDenied', async () => {
    ep.setFaults({ accessDenied: ['iam:GetCredentialReport', 'GetCallerIdentity'] });
    const err = await caught(iam.send(new GetCredentialReportCommand({})));
    expect(err.name).toBe('AccessDenied'); // not modelled by IAM: the SDK keeps the wire code as the name
    expect(err.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GetCredentialReport on resource: *`);
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(err.$fault).toBe('client');
    const stsErr = await caught(sts.send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('AccessDenied');
    expect(stsErr.message).toContain('sts:GetCallerIdentity');
    // Other actions are unaffected.
    await iam.send(new GetAccountSummaryCommand({}));
  });

  it('throttles the first N calls; the SDK retries and the counter shows every attempt', async () => {
    const client = new IAMClient({ ...ep.clientConfig, retryStrategy: fastRetry(4) });
    try {
      ep.setFaults({ throttleFirst: { GetAccountSummary: 2 } });
      const out = await client.send(new GetAccountSummaryCommand({}));
      expect(out.SummaryMap?.Users).toBe(7);
      expect(out.$metadata.attempts).toBe(3);
      expect(ep.count('GetAccountSummary')).toBe(3);
      expect(ep.log.map((r) => [r.status, r.error])).toEqual([
        [400, 'Throttling'],
        [400, 'Throttling'],
        [200, undefined],
      ]);

      // With too few attempts the SDK gives up with ThrottlingException-like error named after the code.
      ep.setFaults({ throttleFirst: { 'iam:GetAccountSummary': 5 } });
      const tooFew = new IAMClient({ ...ep.clientConfig, retryStrategy: fastRetry(2) });
      const err = await caught(tooFew.send(new GetAccountSummaryCommand({})));
      tooFew.destroy();
      expect(err.name).toBe('Throttling');
      expect(err.$metadata?.attempts).toBe(2);
    } finally {
      client.destroy();
    }
  });

  it('throttles a seeded fraction of calls, repeatably, and paginated collection still completes', async () => {
    const client = new IAMClient({ ...ep.clientConfig, retryStrategy: fastRetry(10) });
    const run = async () => {
      ep.resetCalls();
      ep.setFaults({ throttleRate: 0.4, seed: 42 });
      const d = await allDetails(client, 2);
      return { users: d.users.length, pattern: ep.log.map((r) => r.error ?? 'ok').join(',') };
    };
    try {
      const a = await run();
      const b = await run();
      expect(a.users).toBe(7);
      expect(a.pattern).toBe(b.pattern); // same seed, same faults
      const throttled = ep.log.filter((r) => r.error === 'Throttling').length;
      expect(throttled).toBeGreaterThan(0);
      expect(ep.count('GetAccountAuthorizationDetails')).toBe(8 + throttled); // 16 entities / 2 per page + retries
    } finally {
      client.destroy();
    }
  });

  it('throttles STS with Throttling too, and the SDK retries it', async () => {
    const client = new STSClient({ ...ep.clientConfig, retryStrategy: fastRetry(3) });
    try {
      ep.setFaults({ throttleFirst: { 'sts:GetCallerIdentity': 1 } });
      const out = await client.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(ACCOUNT);
      expect(out.$metadata.attempts).toBe(2);
      expect(ep.count('GetCallerIdentity')).toBe(2);
    } finally {
      client.destroy();
    }
  });

  // The delay itself is not measured: no wall-clock asserts in the tests (speed and time belong to npm run bench).
  it('injects arbitrary errors, also behind an injected latency', async () => {
    ep.setFaults({ latencyMs: 40, errors: { GetAccountSummary: { code: 'ServiceFailure', status: 500, message: 'boom', times: 1 } } });
    const err = await caught(iam.send(new GetAccountSummaryCommand({})));
    expect(err.name).toBe('ServiceFailureException');
    expect(err.$fault).toBe('server');
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.Users).toBe(7); // times: 1
  });
});

describe('read-only guard', () => {
  it('refuses and records any action outside the read set', async () => {
    const err = await caught(iam.send(new CreateUserCommand({ UserName: 'mallory' })));
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(ep.refused).toHaveLength(1);
    expect(ep.refused[0]).toMatchObject({ service: 'iam', action: 'CreateUser', refused: true, status: 403, params: expect.objectContaining({ UserName: 'mallory' }) });
    expect(ep.count('CreateUser')).toBe(1);
    // Nothing changed.
    const d = await allDetails(iam, 100, ['User']);
    expect(d.users.map((u) => u.UserName)).not.toContain('mallory');
  });

  it('answers unknown actions with InvalidAction and JSON-protocol requests with UnknownOperationException', async () => {
    const res = await fetch(ep.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=FrobnicateUsers&Version=2010-05-08',
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toMatch(
      /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
    const json = await fetch(ep.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    expect(ep.refused.map((r) => r.action)).toEqual(['FrobnicateUsers', 'ListAccounts']);
  });

  it('wraps successful results in the query-protocol envelope', async () => {
    const res = await fetch(ep.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GenerateCredentialReport&Version=2010-05-08',
    });
    expect(res.headers.get('content-type')).toBe('text/xml');
    const xml = await res.text();
    expect(xml).toContain('<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult>');
    expect(xml).toContain('<State>STARTED</State>');
    expect(xml).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GenerateCredentialReportResponse>/);
  });
});

describe('generated accounts', () => {
  it('are deterministic and served in full', async () => {
    const opts = { users: 120, roles: 200, policies: 80, seed: 3 };
    const a = generateAccount(opts).resolve();
    const b = generateAccount(opts).resolve();
    expect(a.users.map((u) => u.name)).toEqual(b.users.map((u) => u.name));
    expect(a.roles.map((r) => r.trustText)).toEqual(b.roles.map((r) => r.trustText));
    expect(a.users.some((u) => u.console && u.mfa === null)).toBe(true);
    expect(a.roles.some((r) => r.trustText.includes('sts:ExternalId'))).toBe(true);
    expect(a.policies.some((p) => p.versions[0].text.includes('"Action":"*"'))).toBe(true);

    ep.setAccount(generateAccount(opts));
    const d = await allDetails(iam, 1000);
    expect([d.users.length, d.roles.length]).toEqual([120, 200]);
    expect(d.policies.filter((p) => !p.Arn?.startsWith('arn:aws:iam::aws:'))).toHaveLength(80);
  });
});
