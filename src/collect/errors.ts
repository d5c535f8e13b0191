// Classifies SDK errors: which ones end the audit (no usable credentials) and which become a gap.
import type { Gap, SnapshotPart } from '../snapshot.js';

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

export function describeCredentialError(e: unknown, profile: string | undefined): string {
  const message = (e as Error).message ?? String(e);
  const who = profile ? `profile "${profile}"` : 'the default credential chain (env, AWS_PROFILE, SSO, instance role)';
  const sso = /sso|token/i.test(message) && profile ? ` If it is an SSO profile, run: aws sso login --profile ${profile}` : '';
  return `No usable AWS credentials from ${who}: ${message}.${sso}`;
}

export function gapFrom(part: SnapshotPart, api: string, e: unknown): Gap {
  const err = e as { message?: string; $metadata?: { attempts?: number } };
  const attempts = err?.$metadata?.attempts;
  const message = (err?.message ?? String(e)) + (attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '');
  return { part, api, error: errorCode(e), message };
}
