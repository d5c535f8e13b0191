// sts:AssumeRole into a member account fails for different reasons; the FAILED record names the cause (denied,
// throttled, not an AWS answer, network, rejected caller credentials) instead of the SDK's raw error name.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, createOrganizationsClient, destroyClients } from '../../src/aws/clients.js';
import { collectOrganization } from '../../src/collect/organizations.js';
import { collectMemberSnapshot, MemberAccountError } from '../../src/org/audit-member.js';
import { closedPortUrl, startHtmlProxy } from '../aws-endpoint/raw-answers.js';
import { startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';
import { DEV, LEGACY, NOW, organization, ROLE } from '../fixtures/organization.js';

useFakeAwsEnvironment();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start(options: Parameters<typeof startAwsEndpoint>[1] = {}, dev?: Parameters<ReturnType<typeof organization>['org']['account']>[1]) {
  const fx = organization();
  if (dev) fx.org.account(fx.dev, dev);
  const endpoint: AwsEndpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()], ...options });
  closers.push(() => endpoint.close());
  const organizations = createOrganizationsClient({ endpointUrl: endpoint.url, maxAttempts: 1 });
  const model = await collectOrganization(organizations);
  organizations.destroy();
  return { endpoint, model };
}

/** The MemberAccountError of assuming the audit role in `accountId`, with STS reached at `stsUrl`. */
async function assumeFailure(model: Awaited<ReturnType<typeof start>>['model'], accountId: string, stsUrl: string, maxAttempts = 1): Promise<MemberAccountError> {
  const caller = createClients({ endpointUrl: stsUrl, maxAttempts });
  closers.push(async () => destroyClients(caller));
  const account = model.accounts.find((a) => a.id === accountId)!;
  const error = await collectMemberSnapshot(model, account, {
    aws: { endpointUrl: stsUrl, maxAttempts },
    sts: caller.sts,
    assumeRole: ROLE,
    sessionName: 'hardening-audit-test',
    collect: {},
    now: NOW,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MemberAccountError);
  return error as MemberAccountError;
}

const role = (id: string) => `sts:AssumeRole arn:aws:iam::${id}:role/${ROLE} failed:`;

describe('member account AssumeRole failures name their cause', () => {
  it('AccessDenied: the role trust policy, not the auditor policy', async () => {
    const { endpoint, model } = await start();
    const e = await assumeFailure(model, LEGACY, endpoint.url);
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toMatch(new RegExp(`^${role(LEGACY)} AccessDenied: access denied \\(.*not authorized to perform: sts:AssumeRole`));
    expect(e.message).toContain('trust policy allows the calling identity');
    expect(e.message).not.toContain('auditor-policy.json');
  });

  it('throttled past the retries: how many attempts', async () => {
    const { endpoint, model } = await start({}, { name: 'dev', ou: 'Workloads/Dev', assumeRoleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' } });
    const e = await assumeFailure(model, DEV, endpoint.url, 2);
    expect(e.code).toBe('Throttling');
    expect(e.message).toMatch(new RegExp(`^${role(DEV)} Throttling: throttled after 2 attempts \\(Throttling\\)\\. Run the audit again later`));
  });

  it('an HTML page instead of an AWS answer (a rejecting gateway): the HTTP status and content type, no raw parser error', async () => {
    const { endpoint, model } = await start();
    const proxy = await startHtmlProxy(endpoint.url, { status: 403, htmlFor: ['AssumeRole'] });
    closers.push(() => proxy.close());
    const e = await assumeFailure(model, DEV, proxy.url);
    expect(e.code).toBe('MalformedAnswer');
    expect(e.message).toContain(`${role(DEV)} MalformedAnswer: the endpoint did not answer in the AWS format (HTTP 403, text/html; charset=utf-8)`);
    expect(e.message).not.toMatch(/Unknown|SyntaxError|Unexpected token/);
  });

  it('an HTML page with HTTP 200 (a captive portal): no credentials in the answer is a malformed answer, not the caller\'s credentials', async () => {
    const { endpoint, model } = await start();
    const proxy = await startHtmlProxy(endpoint.url, { status: 200, htmlFor: ['AssumeRole'] });
    closers.push(() => proxy.close());
    const e = await assumeFailure(model, DEV, proxy.url);
    expect(e.code).toBe('MalformedAnswer');
    expect(e.message).toBe(`${role(DEV)} MalformedAnswer: the answer carried no credentials, so it was not an AWS AssumeRole answer. A proxy or gateway may be answering instead of AWS: check HTTPS_PROXY, --endpoint-url and the network path.`);
  });

  it('nothing listening: the network, with the host', async () => {
    const { model } = await start();
    const e = await assumeFailure(model, DEV, await closedPortUrl());
    expect(e.code).toBe('ECONNREFUSED');
    expect(e.message).toMatch(new RegExp(`^${role(DEV)} ECONNREFUSED: cannot reach 127\\.0\\.0\\.1:\\d+ \\(ECONNREFUSED\\)\\. Check the network path`));
  });

  it('the caller\'s credentials rejected: says so, and what to refresh', async () => {
    const { endpoint, model } = await start({ errors: { AssumeRole: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' } } });
    const e = await assumeFailure(model, DEV, endpoint.url);
    expect(e.code).toBe('InvalidClientTokenId');
    expect(e.message).toContain(`${role(DEV)} InvalidClientTokenId: credentials from the calling identity (--profile or the default credential chain) were rejected`);
    expect(e.message).toContain('Refresh or replace the credentials');
    expect(e.message).not.toContain('..');
  });
});
