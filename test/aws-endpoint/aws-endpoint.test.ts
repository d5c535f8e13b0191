// The local AWS endpoint's own machinery, driven by the real AWS SDK v3 clients: fault injection (retries are the SDK's
// own), the read-only guard, the query-protocol envelope and generated accounts. The IAM API: iam-api.test.ts.
import { CreateUserCommand, GetAccountSummaryCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { generateAccount } from './index.js';
import { ACCOUNT } from '../fixtures/endpoint-account.js';
import { allDetails, caught, ep, fastRetry, iam, serveFixture, sts } from '../helpers/endpoint.js';

serveFixture();

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
