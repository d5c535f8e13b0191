// The one place AWS SDK clients are built: the standard credential chain (env, --profile, SSO, container and
// instance roles), region, an endpoint override (tests, emulators), adaptive retries, and the read-only guard.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { readOnlyGuard } from './read-only-guard.js';
import { testRetryDelayMs } from './test-retry-delay.js';

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** Attempts per call including the first (SDK retry, adaptive mode). */
  maxAttempts?: number;
  /**
   * Credentials instead of the standard chain, e.g. an assumed-role provider (src/aws/assume-role.ts) in org mode.
   * A provider function is called again by the SDK when the credentials it returned are about to expire.
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Tests only: a fixed delay (ms) between attempts instead of the SDK's exponential backoff, and an adaptive rate
   * limiter that adapts as usual but never waits long. Default: HARDENING_AUDIT_TEST_RETRY_DELAY_MS
   * (src/aws/test-retry-delay.ts), else the SDK's real adaptive retries.
   */
  retryDelayMs?: number;
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  /** Regional (the client's region); absent in hand-built client sets, then CloudTrail is not collected. */
  cloudtrail?: CloudTrailClient;
  /** AWS Account Management (security contact, enabled regions); absent: those parts are not collected. */
  account?: AccountClient;
  /** IAM Access Analyzer, one client per region (analyzers are regional); absent: not collected. */
  accessAnalyzer?: RegionalClients<AccessAnalyzerClient>;
}

/** A client per region, built on first use with the set's credentials, endpoint and retries. */
export interface RegionalClients<C> {
  forRegion(region: string): C;
  destroy(): void;
}

/** `make` builds a guarded client for a region. */
function regionalClients<C extends { destroy(): void }>(make: (region: string) => C): RegionalClients<C> {
  const built = new Map<string, C>();
  return {
    forRegion(region) {
      let client = built.get(region);
      if (!client) {
        client = make(region);
        built.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const c of built.values()) c.destroy();
      built.clear();
    },
  };
}

export const DEFAULT_MAX_ATTEMPTS = 8;

function baseConfig(options: AwsOptions) {
  return {
    // IAM is global; its endpoint is signed for us-east-1 in the aws partition whatever region the user works in.
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.profile && !options.credentials ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...retryConfig(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, options.retryDelayMs ?? testRetryDelayMs()),
  };
}

/**
 * Adaptive retries (the SDK's exponential backoff with jitter and its client-side rate limiter). With a test delay
 * the same strategy runs — same attempts, same retry quota, same throttle detection — with a constant backoff and a
 * rate-limiter floor so high that its waits are microseconds.
 */
function retryConfig(maxAttempts: number, testDelayMs: number | undefined) {
  if (testDelayMs === undefined) return { retryMode: 'adaptive', maxAttempts };
  const backoff = { computeNextBackoffDelay: () => testDelayMs, setDelayBase: () => {} };
  const rateLimiter = new DefaultRateLimiter({ minFillRate: 1_000_000 });
  return { maxAttempts, retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { backoff, rateLimiter }) };
}

export function createClients(options: AwsOptions): AwsClients {
  const iam = new IAMClient(baseConfig(options));
  const sts = new STSClient(baseConfig(options));
  const cloudtrail = new CloudTrailClient(baseConfig(options));
  // The Account Management API is global: its endpoint is signed for us-east-1 in the aws partition.
  const account = new AccountClient(baseConfig(options));
  iam.middlewareStack.use(readOnlyGuard);
  sts.middlewareStack.use(readOnlyGuard);
  cloudtrail.middlewareStack.use(readOnlyGuard);
  account.middlewareStack.use(readOnlyGuard);
  const accessAnalyzer = regionalClients((region) => {
    const client = new AccessAnalyzerClient({ ...baseConfig(options), region });
    client.middlewareStack.use(readOnlyGuard);
    return client;
  });
  return { iam, sts, cloudtrail, account, accessAnalyzer };
}

/** AWS Organizations (org mode, from the management or a delegated administrator account); global, like IAM. */
export function createOrganizationsClient(options: AwsOptions): OrganizationsClient {
  const client = new OrganizationsClient(baseConfig(options));
  client.middlewareStack.use(readOnlyGuard);
  return client;
}

export function destroyClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.sts.destroy();
  clients.cloudtrail?.destroy();
  clients.account?.destroy();
  clients.accessAnalyzer?.destroy();
}
