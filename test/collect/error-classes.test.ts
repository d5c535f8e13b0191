// Each cause of a failed AWS call is named for what it is, end to end with the real SDK clients: AccessDenied names
// the action, throttling the attempts, a proxy's HTML page the status and content type, a closed port the host,
// rejected keys their source and AWS's message. No message carries the secret key.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/collect/index.js';
import { collectOrganization } from '../../src/collect/organizations.js';
import { gapAdvice } from '../../src/collect/classify.js';
import { FatalAwsError } from '../../src/errors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { closedPortUrl, startHtmlProxy, type HtmlProxy } from '../aws-endpoint/raw-answers.js';
import { FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';
import { organization } from '../fixtures/organization.js';
import { seededAccount } from '../fixtures/seeded-account.js';

let ep: AwsEndpoint | undefined;
let proxy: HtmlProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await ep?.close();
  ep = proxy = undefined;
});

function clients(endpoint: string, config: { credentials: { accessKeyId: string; secretAccessKey: string } }, maxAttempts = 2) {
  const base = { endpoint, region: 'us-east-1', credentials: config.credentials, maxAttempts };
  return { iam: new IAMClient(base), sts: new STSClient(base), cloudtrail: new CloudTrailClient(base) };
}

const collect = (c: ReturnType<typeof clients>) => collectSnapshot(c, { credentialReport: { initialPollMs: 1, maxPollMs: 5, deadlineMs: 5000 } });

describe('error classes, live collection', () => {
  it('AccessDenied names the action and points at the auditor policy', async () => {
    ep = await startAwsEndpoint(seededAccount(), { accessDenied: ['iam:GetAccountSummary'] });
    const snap = await collect(clients(ep.url, ep.clientConfig));
    const gap = snap.gaps.find((g) => g.part === 'accountSummary')!;
    expect(gap).toMatchObject({ error: 'AccessDenied', message: 'iam:GetAccountSummary: access denied to iam:GetAccountSummary' });
    expect(gapAdvice(gap)).toMatch(/policies\/auditor-policy\.json/);
  });

  it('throttling past the retries names the API and the attempts', async () => {
    ep = await startAwsEndpoint(seededAccount(), { throttleFirst: { GetAccountPasswordPolicy: 10 } });
    const snap = await collect(clients(ep.url, ep.clientConfig, 2));
    const gap = snap.gaps.find((g) => g.part === 'passwordPolicy')!;
    expect(gap).toMatchObject({ error: 'Throttling', message: 'iam:GetAccountPasswordPolicy was throttled after 2 attempts (Throttling)' });
    expect(gapAdvice(gap)).not.toMatch(/auditor-policy/);
  });

  it('an HTML 502 from a proxy is a malformed answer with status and content type, not a permission problem', async () => {
    ep = await startAwsEndpoint(seededAccount());
    proxy = await startHtmlProxy(ep.url, { htmlFor: ['GetAccountSummary', 'DescribeTrails'] });
    const snap = await collect(clients(proxy.url, ep.clientConfig));
    for (const part of ['accountSummary', 'cloudTrail'] as const) {
      const gap = snap.gaps.find((g) => g.part === part)!;
      expect(gap.error, part).toBe('MalformedAnswer');
      expect(gap.message).toMatch(/the endpoint did not answer in the AWS format \(HTTP 502, text\/html/);
      expect(gapAdvice(gap)).not.toMatch(/auditor-policy/);
    }
  });

  it('a 500 in the AWS format is a server error', async () => {
    ep = await startAwsEndpoint(seededAccount(), { errors: { GetAccountSummary: { code: 'ServiceFailure', status: 500 } } });
    const snap = await collect(clients(ep.url, ep.clientConfig));
    const gap = snap.gaps.find((g) => g.part === 'accountSummary')!;
    expect(gap.error).toBe('ServiceFailure');
    expect(gap.message).toMatch(/server error \(ServiceFailure, HTTP 500\) after 2 attempts/);
    expect(gapAdvice(gap)).toMatch(/AWS side/);
  });

  it('rejected credentials name their source and AWS message, not "no usable credentials"', async () => {
    ep = await startAwsEndpoint(seededAccount(), {
      errors: { GetCallerIdentity: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' } },
    });
    const error = await collect(clients(ep.url, ep.clientConfig)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalAwsError);
    expect((error as Error).message).toMatch(/^credentials from the default credential chain .* were rejected: InvalidClientTokenId: The security token included in the request is invalid\./);
    expect((error as Error).message).not.toContain(FAKE_SECRET_ACCESS_KEY);
  });

  it('a closed port is a network error naming the host', async () => {
    const url = await closedPortUrl();
    const error = await collect(clients(url, { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: FAKE_SECRET_ACCESS_KEY } }, 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalAwsError);
    expect((error as Error).message).toContain(`cannot reach ${new URL(url).host} (ECONNREFUSED)`);
  });
});

describe('error classes, --org', () => {
  it('an HTML answer to DescribeOrganization is a malformed answer, not a raw SyntaxError', async () => {
    const { org, mgmt } = organization();
    ep = await startAwsEndpoint(mgmt, { extensions: [org.extension()] });
    proxy = await startHtmlProxy(ep.url, { htmlFor: ['DescribeOrganization'] });
    const client = new OrganizationsClient({ endpoint: proxy.url, region: 'us-east-1', credentials: ep.clientConfig.credentials, maxAttempts: 1 });
    const error = await collectOrganization(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalAwsError);
    expect((error as Error).message).toMatch(/organizations:DescribeOrganization: the endpoint did not answer in the AWS format \(HTTP 502, text\/html/);
    expect((error as Error).message).not.toMatch(/SyntaxError|Unexpected token/);
  });
});

describe('a GetCallerIdentity answer that is not STS\'s', () => {
  const identityXml = (account: string) =>
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    `<Arn>arn:aws:iam::${account}:user/auditor</Arn><UserId>AIDAEXAMPLEUSERID0001</UserId><Account>${account}</Account>` +
    '</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

  it('an HTML page with HTTP 200 (captive portal, wrong --endpoint-url) is a malformed answer naming the endpoint', async () => {
    ep = await startAwsEndpoint(seededAccount());
    proxy = await startHtmlProxy(ep.url, { status: 200, htmlFor: ['GetCallerIdentity'] });
    const error = await collect(clients(proxy.url, ep.clientConfig)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalAwsError);
    expect((error as Error).message).toBe(
      `cannot tell which account to audit: sts:GetCallerIdentity: the answer from ${new URL(proxy.url).host} is not an AWS answer: it has no Account, UserId or Arn (HTTP 200), so the body is not an STS GetCallerIdentity answer. A proxy or gateway may be answering instead of AWS: check HTTPS_PROXY, --endpoint-url and the network path.`,
    );
  });

  it('an Account that is not 12 digits is a malformed answer too, before any other call', async () => {
    ep = await startAwsEndpoint(seededAccount());
    proxy = await startHtmlProxy(ep.url, { answers: { GetCallerIdentity: { body: identityXml('12345-abc') } } });
    const error = await collect(clients(proxy.url, ep.clientConfig)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalAwsError);
    expect((error as Error).message).toContain(`sts:GetCallerIdentity: the answer from ${new URL(proxy.url).host} is not an AWS answer: its Account "12345-abc" is not a 12-digit AWS account id.`);
    expect(ep.count('GetAccountAuthorizationDetails')).toBe(0);
  });

  it('the same answer with a 12-digit Account is accepted (the raw answer itself is well-formed)', async () => {
    ep = await startAwsEndpoint(seededAccount());
    const id = (await collect(clients(ep.url, ep.clientConfig))).accountId;
    proxy = await startHtmlProxy(ep.url, { answers: { GetCallerIdentity: { body: identityXml(id) } } });
    expect((await collect(clients(proxy.url, ep.clientConfig))).accountId).toBe(id);
  });
});
