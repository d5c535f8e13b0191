// The endpoint's iam:ListServiceSpecificCredentials on the wire, through the real SDK v3 IAM client: the
// ServiceSpecificCredentials members, Marker/IsTruncated pages, the ServiceName filter, and the errors IAM gives.
import { IAMClient, ListServiceSpecificCredentialsCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { configureServiceCredentials } from './bedrock-api-keys.js';
import { FakeAccount, startAwsEndpoint, type AwsEndpoint } from './index.js';

const ACCOUNT = '123456789012';
let ep: AwsEndpoint | undefined;
afterEach(async () => {
  await ep?.close();
  ep = undefined;
});

describe('IAM ListServiceSpecificCredentials', () => {
  it('AllUsers pages through every user, filtered by ServiceName; UserName one user; errors as IAM gives them', async () => {
    const acct = configureServiceCredentials(new FakeAccount(ACCOUNT).user('a').user('b').user('c'), [
      { user: 'a', created: '2026-01-01T00:00:00Z' },
      { user: 'b', created: '2026-02-01T00:00:00Z', expires: '2026-03-01T00:00:00Z' },
      { user: 'c', created: '2026-03-01T00:00:00Z', status: 'Inactive' },
      { user: 'c', service: 'codecommit.amazonaws.com', created: '2026-03-01T00:00:00Z' },
    ]);
    ep = await startAwsEndpoint(acct, { maxPageSize: 2 });
    const iam = new IAMClient({ ...ep.clientConfig, maxAttempts: 1 });
    const first = await iam.send(new ListServiceSpecificCredentialsCommand({ ServiceName: 'bedrock.amazonaws.com', AllUsers: true }));
    expect(first.IsTruncated).toBe(true);
    expect(first.ServiceSpecificCredentials!.map((c) => c.UserName)).toEqual(['a', 'b']);
    expect(first.ServiceSpecificCredentials![1]).toMatchObject({ Status: 'Active', ServiceName: 'bedrock.amazonaws.com', CreateDate: new Date('2026-02-01T00:00:00Z'), ExpirationDate: new Date('2026-03-01T00:00:00Z'), ServiceCredentialAlias: `b+1-at-${ACCOUNT}` });
    expect(first.ServiceSpecificCredentials![0]!.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z2-7]{17}$/);
    const second = await iam.send(new ListServiceSpecificCredentialsCommand({ ServiceName: 'bedrock.amazonaws.com', AllUsers: true, Marker: first.Marker }));
    expect([second.IsTruncated, second.ServiceSpecificCredentials!.map((c) => `${c.UserName} ${c.Status}`)]).toEqual([false, ['c Inactive']]);
    const one = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'c' }));
    expect(one.ServiceSpecificCredentials!.map((c) => c.ServiceName)).toEqual(['bedrock.amazonaws.com', 'codecommit.amazonaws.com']);
    await expect(iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'ghost' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'a', AllUsers: true }))).rejects.toMatchObject({ name: 'ValidationError' });
    iam.destroy();
  });
});
