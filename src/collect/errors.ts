// Classifies SDK errors: which ones end the audit (no usable credentials) and which become a gap.
import type { Gap, SnapshotPart } from '../snapshot/snapshot.js';
import { classifiedGap, classifyAwsError, redactSecrets } from './classify.js';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
]);

export function errorCode(e: unknown): string {
  const err = e as { name?: string; Code?: string; code?: string };
  return err?.Code ?? err?.name ?? err?.code ?? 'Error';
}

export function isCredentialError(e: unknown): boolean {
  return CREDENTIAL_ERRORS.has(errorCode(e));
}

/** The one line for credentials that are missing (no chain source, expired SSO token) or that AWS rejected. */
export function describeCredentialError(e: unknown, profile: string | undefined, api = 'sts:GetCallerIdentity'): string {
  const credentialSource = profile ? `profile "${profile}"` : 'the default credential chain (env, AWS_PROFILE, SSO, instance role)';
  const c = classifyAwsError(e, { api, profile, credentialSource });
  if (c.kind === 'RejectedCredentials') return `${c.message}. ${c.advice}`;
  const message = redactSecrets((e as Error)?.message ?? String(e));
  const sso = /sso|token/i.test(message) && profile ? ` If it is an SSO profile, run: aws sso login --profile ${profile}` : '';
  return `No usable AWS credentials from ${credentialSource}: ${message}.${sso}`;
}

/** A gap for a failed call: the AWS error code (or the kind: MalformedAnswer, ECONNREFUSED ...) and a one-line cause. */
export function gapFrom(part: SnapshotPart, api: string, e: unknown): Gap {
  return classifiedGap(part, api, e);
}

/** "<message> — <advice>" for an error that ends the run (no gap to record it in). */
export function describeAwsError(api: string, e: unknown, profile?: string): string {
  const c = classifyAwsError(e, { api, ...(profile ? { profile } : {}) });
  return `${c.message}. ${c.advice}`;
}
