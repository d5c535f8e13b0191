// Temporary credentials for one member account in org mode: sts:AssumeRole into the audit role, 15-minute sessions
// (DurationSeconds 900, the minimum: a leaked session is worth little), renewed when they near expiry.
//
// This is the SDK's credential-provider pattern: the returned function is given to the clients as `credentials`.
// The SDK memoizes it and calls it again whenever the identity it holds expires within five minutes; the provider
// keeps its own session and only calls AssumeRole again when that session is within `refreshMarginMs` of expiring,
// so the IAM, STS and CloudTrail clients of one account share one session and concurrent callers share one
// AssumeRole in flight.
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export const SESSION_SECONDS = 900;

export interface AssumeRoleProviderOptions {
  /** The STS client of the calling (management / delegated administrator) identity. */
  sts: Pick<STSClient, 'send'>;
  roleArn: string;
  externalId?: string;
  /** [\w+=,.@-]{2,64}; identifies the tool in the member account's CloudTrail. */
  sessionName: string;
  durationSeconds?: number;
  /** Assume again when the session expires within this many ms (default 2 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

export interface AssumeRoleProvider extends AwsCredentialIdentityProvider {
  /** AssumeRole calls made so far (first session + renewals). */
  readonly sessions: number;
  /** The assumed-role ARN of the current session (sts::<account>:assumed-role/<role>/<session>). */
  readonly assumedRoleArn: string | undefined;
}

/** A session name identifying the tool and the run: hardening-audit-20261125T000000Z. */
export function auditSessionName(at: Date = new Date()): string {
  return `hardening-audit-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
}

export function roleArnFor(partition: string, accountId: string, roleName: string): string {
  // A role name may carry a path: "audit/HardeningAudit" → role/audit/HardeningAudit.
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}

export function assumeRoleProvider(options: AssumeRoleProviderOptions): AssumeRoleProvider {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 120_000;
  let current: AwsCredentialIdentity | undefined;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;
  let sessions = 0;
  let assumedRoleArn: string | undefined;

  const assume = async (): Promise<AwsCredentialIdentity> => {
    sessions++;
    const out = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName,
        DurationSeconds: options.durationSeconds ?? SESSION_SECONDS,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`sts:AssumeRole ${options.roleArn} returned no credentials`);
    assumedRoleArn = out.AssumedRoleUser?.Arn;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };

  const fresh = (c: AwsCredentialIdentity | undefined): c is AwsCredentialIdentity =>
    c !== undefined && (c.expiration === undefined || c.expiration.getTime() - now() > margin);

  const provider = (async () => {
    if (fresh(current)) return current;
    inFlight ??= assume().then(
      (c) => {
        current = c;
        inFlight = undefined;
        return c;
      },
      (e: unknown) => {
        inFlight = undefined;
        throw e;
      },
    );
    return inFlight;
  }) as AssumeRoleProvider;
  Object.defineProperties(provider, {
    sessions: { get: () => sessions },
    assumedRoleArn: { get: () => assumedRoleArn },
  });
  return provider;
}
