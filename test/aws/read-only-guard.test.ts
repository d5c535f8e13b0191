import { CreateUserCommand, DeleteRolePolicyCommand, GetAccountSummaryCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import { createClients, destroyClients } from '../../src/aws/clients.js';
import { isReadOnlyCommand, ReadOnlyViolationError } from '../../src/aws/read-only-guard.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

// Port 9 (discard) is closed here: a command that got past the guard would fail with a connection error instead.
const unreachable = { endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 };

describe('read-only guard', () => {
  it('classifies commands by name', () => {
    for (const c of ['GetAccountAuthorizationDetailsCommand', 'ListRolesCommand', 'GenerateCredentialReportCommand', 'LookupEventsCommand', 'DescribeOrganizationCommand', 'AssumeRoleCommand', 'SimulatePrincipalPolicyCommand', 'GetAlternateContactCommand', 'ListRegionsCommand', 'ListAnalyzersCommand', 'ListFindingsV2Command', 'ListServerCertificatesCommand', 'ListServiceSpecificCredentialsCommand']) {
      expect(isReadOnlyCommand(c), c).toBe(true);
    }
    for (const c of ['CreateUserCommand', 'PutRolePolicyCommand', 'DeleteRoleCommand', 'UpdateAssumeRolePolicyCommand', 'AttachUserPolicyCommand', 'TagRoleCommand', 'GenerateOrganizationsAccessReportCommand', 'SetDefaultPolicyVersionCommand', 'PutAlternateContactCommand', 'CreateAnalyzerCommand', 'EnableRegionCommand']) {
      expect(isReadOnlyCommand(c), c).toBe(false);
    }
  });

  it('refuses mutating commands before anything is sent', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= FAKE_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY ??= FAKE_SECRET_ACCESS_KEY;
    const { iam } = createClients(unreachable);
    await expect(iam.send(new CreateUserCommand({ UserName: 'x' }))).rejects.toThrow(ReadOnlyViolationError);
    await expect(iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: '{}' }))).rejects.toThrow(/only reads: refused to send .*PutRolePolicy/);
    await expect(iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }))).rejects.toThrow(ReadOnlyViolationError);
    iam.destroy();
    // The Account and (regional) Access Analyzer clients of the same set are guarded too.
    const clients = createClients(unreachable);
    await expect(clients.account!.send(new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', EmailAddress: 'a@b.c', Name: 'n', PhoneNumber: '1', Title: 't' }))).rejects.toThrow(/refused to send .*PutAlternateContact/);
    await expect(clients.accessAnalyzer!.forRegion('eu-west-1').send(new CreateAnalyzerCommand({ analyzerName: 'x', type: 'ACCOUNT' }))).rejects.toThrow(ReadOnlyViolationError);
    destroyClients(clients);
  });

  it('lets reads through to the network', async () => {
    const { iam } = createClients(unreachable);
    const error = await iam.send(new GetAccountSummaryCommand({})).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ReadOnlyViolationError);
    iam.destroy();
  });

  it('an unguarded client would have sent the write (the guard is what stops it)', async () => {
    const bare = new IAMClient({ region: 'us-east-1', endpoint: unreachable.endpointUrl, maxAttempts: 1 });
    const error = await bare.send(new CreateUserCommand({ UserName: 'x' })).catch((e: Error) => e);
    expect(error).not.toBeInstanceOf(ReadOnlyViolationError);
    bare.destroy();
  });
});
