// Classifies SDK errors: which ones end the audit (no usable credentials) and which become a gap.
import type { Gap, SnapshotPart } from '../snapshot/snapshot.js';
import { classifiedGap, classifyAwsError, redactSecrets, type ClassifyContext } from './classify.js';

/**
 * Credentials that are not a profile's or the default chain's (an org member's assumed role): named in every
 * credential error and AccessDenied, so a failure does not send the reader to their own environment.
 */
export interface CredentialSource {
  /** e.g. 'role arn:aws:iam::222222222222:role/HardeningAudit assumed from the management account' */
  label: string;
  /** What to do when AWS rejects them or they cannot be had. */
  advice: string;
}

function sourceContext(source: CredentialSource | undefined): Omit<ClassifyContext, 'api'> {
  return source ? { credentialSource: source.label, principal: source.label, refreshAdvice: source.advice } : {};
}

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
export function describeCredentialError(e: unknown, profile: string | undefined, api = 'sts:GetCallerIdentity', source?: CredentialSource): string {
  const credentialSource = source?.label ?? (profile ? `profile "${profile}"` : 'the default credential chain (env, AWS_PROFILE, SSO, instance role)');
  const c = classifyAwsError(e, { api, profile, ...sourceContext(source), credentialSource });
  if (c.kind === 'RejectedCredentials') return `${c.message.replace(/\.+$/, '')}. ${c.advice}`;
  const message = redactSecrets((e as Error)?.message ?? String(e));
  if (source) return `No usable AWS credentials from ${credentialSource}: ${message.replace(/\.+$/, '')}. ${source.advice}`;
  const sso = /sso|token/i.test(message) && profile ? ` If it is an SSO profile, run: aws sso login --profile ${profile}` : '';
  return `No usable AWS credentials from ${credentialSource}: ${message}.${sso}`;
}

/** A gap for a failed call: the AWS error code (or the kind: MalformedAnswer, ECONNREFUSED ...) and a one-line cause. */
export function gapFrom(part: SnapshotPart, api: string, e: unknown, source?: CredentialSource): Gap {
  return classifiedGap(part, api, e, sourceContext(source));
}

/** "<message> — <advice>" for an error that ends the run (no gap to record it in). */
export function describeAwsError(api: string, e: unknown, profile?: string, source?: CredentialSource): string {
  const c = classifyAwsError(e, { api, ...(profile ? { profile } : {}), ...sourceContext(source) });
  return `${c.message}. ${c.advice}`;
}
