// A member account is collected with the audit role's session, not the caller's profile or default chain: a denied
// call or a rejected session names that role, end to end through collectMemberSnapshot and the real SDK clients.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, createOrganizationsClient, destroyClients } from '../../src/aws/clients.js';
import { gapAdvice } from '../../src/collect/classify.js';
import { collectOrganization } from '../../src/collect/organizations.js';
import { FatalAwsError } from '../../src/errors.js';
import { collectMemberSnapshot } from '../../src/org/audit-member.js';
import { startAwsEndpoint, type AwsEndpoint, type FaultOptions } from '../aws-endpoint/index.js';
import { useFakeAwsEnvironment } from '../helpers/cli-env.js';
import { DEV, NOW, organization, ROLE } from '../fixtures/organization.js';

useFakeAwsEnvironment();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const ASSUMED = `role arn:aws:iam::${DEV}:role/${ROLE} (assumed from the organization's management or delegated administrator account)`;
const DEFAULT_CHAIN = /default credential chain|AWS_PROFILE|aws sso login/;

/** Collects the dev member with `faults` set once the organization is read (so only the member's calls get them). */
async function collectDev(faults: FaultOptions) {
  const fx = organization();
  const endpoint: AwsEndpoint = await startAwsEndpoint(fx.mgmt, { extensions: [fx.org.extension()] });
  closers.push(() => endpoint.close());
  const organizations = createOrganizationsClient({ endpointUrl: endpoint.url, maxAttempts: 1 });
  const model = await collectOrganization(organizations);
  organizations.destroy();
  const caller = createClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
  closers.push(async () => destroyClients(caller));
  endpoint.setFaults(faults);
  return collectMemberSnapshot(model, model.accounts.find((a) => a.id === DEV)!, {
    aws: { endpointUrl: endpoint.url, maxAttempts: 1 },
    sts: caller.sts,
    assumeRole: ROLE,
    sessionName: 'hardening-audit-test',
    collect: { credentialReport: { initialPollMs: 1, maxPollMs: 5, deadlineMs: 5000 } },
    now: NOW,
  });
}

const fatal = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the collection should have failed'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(FatalAwsError);
      return (e as Error).message;
    },
  );

describe('member collection names the assumed role', () => {
  it('AccessDenied in the member: the gap names the role, for IAM and CloudTrail calls alike', async () => {
    const { snapshot } = await collectDev({ accessDenied: ['iam:GetAccountSummary', 'cloudtrail:LookupEvents'] });
    const summary = snapshot.gaps.find((g) => g.part === 'accountSummary')!;
    expect(summary).toMatchObject({ error: 'AccessDenied', message: `iam:GetAccountSummary: access denied to iam:GetAccountSummary for ${ASSUMED}` });
    expect(gapAdvice(summary)).toContain('Allow iam:GetAccountSummary');
    expect(snapshot.gaps.find((g) => g.part === 'rootActivity')!.message).toBe(`cloudtrail:LookupEvents: access denied to cloudtrail:LookupEvents for ${ASSUMED}`);
  });

  it('the session rejected (InvalidClientTokenId) on GetCallerIdentity: the role and its session, not the default chain', async () => {
    const message = await fatal(collectDev({ errors: { GetCallerIdentity: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' } } }));
    expect(message).toContain(`credentials from ${ASSUMED} were rejected: InvalidClientTokenId: The security token included in the request is invalid. The audit role's session was refused`);
    expect(message).toContain(`region is enabled in account ${DEV}`);
    expect(message).not.toMatch(DEFAULT_CHAIN);
    expect(message).not.toContain('..');
  });

  it('the session expired (ExpiredToken) during an IAM read: the role, not the default chain', async () => {
    const message = await fatal(collectDev({ errors: { GetAccountAuthorizationDetails: { code: 'ExpiredToken', status: 400, message: 'The security token included in the request is expired' } } }));
    expect(message).toMatch(new RegExp(`^credentials from ${ASSUMED.replace(/[()]/g, '\\$&')} were rejected: ExpiredToken: The security token included in the request is expired\\. The audit role's session was refused`));
    expect(message).not.toMatch(DEFAULT_CHAIN);
  });

  it('GetCallerIdentity denied in the member: names the role', async () => {
    const message = await fatal(collectDev({ accessDenied: ['sts:GetCallerIdentity'] }));
    expect(message).toBe(`cannot tell which account to audit: sts:GetCallerIdentity: access denied to sts:GetCallerIdentity for ${ASSUMED}. Allow sts:GetCallerIdentity: Grant the auditor the read permissions in policies/auditor-policy.json and run the audit again.`);
  });
});
