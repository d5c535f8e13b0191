// The one place AWS SDK clients are built: the standard credential chain (env, --profile, SSO, container and
// instance roles), region, an endpoint override (tests, emulators), adaptive retries, and the read-only guard.
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { readOnlyGuard } from './read-only-guard.js';

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** Attempts per call including the first (SDK retry, adaptive mode). */
  maxAttempts?: number;
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

function baseConfig(options: AwsOptions) {
  return {
    // IAM is global; its endpoint is signed for us-east-1 in the aws partition whatever region the user works in.
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

export function createClients(options: AwsOptions): AwsClients {
  const iam = new IAMClient(baseConfig(options));
  const sts = new STSClient(baseConfig(options));
  iam.middlewareStack.use(readOnlyGuard);
  sts.middlewareStack.use(readOnlyGuard);
  return { iam, sts };
}

export function destroyClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.sts.destroy();
}
