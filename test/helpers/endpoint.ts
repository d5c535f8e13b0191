// For the local endpoint's own tests: serveFixture() starts the endpoint with the fixture account once per file and
// puts it back after every test; ep, iam and sts are live bindings, set by its beforeAll.
import {
  type GetAccountAuthorizationDetailsCommandOutput,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
// The SDK's own standard retry strategy with a fixed, short backoff, so throttling tests stay fast while the
// SDK still decides what is retryable.
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint/index.js';
import { fixture } from '../fixtures/endpoint-account.js';

export const fastRetry = (maxAttempts: number) => new ConfiguredRetryStrategy(maxAttempts, 5);

export let ep: AwsEndpoint;
export let iam: IAMClient;
export let sts: STSClient;

export function serveFixture(): void {
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
}

export async function allDetails(client: IAMClient, pageSize: number, filter?: string[]) {
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

export async function caught(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}
