// Names the cause of an AWS call's failure, so the gap, the NOT_ASSESSED finding and the CLI summary give the advice
// that fits it: AccessDenied points at the auditor policy, a proxy's HTML page at the endpoint, a closed port at the
// host, rejected keys at their source. Messages never carry a secret (see redactSecrets).
import type { Gap } from '../snapshot/snapshot.js';

export type ErrorKind =
  | 'AccessDenied'
  | 'Throttled'
  | 'MalformedAnswer'
  | 'Network'
  | 'RejectedCredentials'
  | 'NoCredentials'
  | 'ServerError'
  | 'NotInExport'
  | 'Other';

export interface Classification {
  kind: ErrorKind;
  /** Short code for the gap's `error` field: the AWS error code where AWS gave one, else the kind. */
  code: string;
  /** One line: what failed and why. */
  message: string;
  /** One line: what to do about it. */
  advice: string;
}

export interface ClassifyContext {
  /** The call that failed, as service:Action. */
  api: string;
  /** Where the credentials came from, e.g. 'profile "prod"' (default: the default credential chain). */
  credentialSource?: string;
  /** Whose call was denied, named in AccessDenied (an org member's assumed role); unset: the caller is not named. */
  principal?: string;
  /** What to do about rejected or missing credentials when they are not a profile's or the default chain's. */
  refreshAdvice?: string;
  profile?: string;
  /** The endpoint host the client talks to, when the error does not say. */
  endpoint?: string;
}

export const AUDITOR_POLICY_ADVICE = 'Grant the auditor the read permissions in policies/auditor-policy.json and run the audit again.';
const PROXY_ADVICE = 'A proxy or gateway may be answering instead of AWS: check HTTPS_PROXY, --endpoint-url and the network path.';

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);
const REJECTED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
  'IncompleteSignature',
]);
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  hostname?: string;
  address?: string;
  port?: number;
  $fault?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

/** Removes what must never be printed: passwords in URLs, secret keys, session tokens, signatures. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s/]*@/gi, '$1***@')
    .replace(/((?:secret|password|passwd|token|signature|credential)[\w-]*["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1***')
    .replace(/\b(?:IQo|FwoG|FQoG)[A-Za-z0-9/+=]{20,}/g, '***')
    .replace(/\b[A-Za-z0-9/+]{40}\b/g, (m) => (/[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9/+]/.test(m) ? '***' : m));
}

function firstLine(text: string): string {
  return redactSecrets((text.split('\n')[0] ?? '').trim());
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The action named in an AccessDenied message ("... not authorized to perform: iam:GetCredentialReport ..."). */
function deniedAction(message: string, api: string): string {
  return /perform:\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1] ?? api;
}

export function classifyAwsError(e: unknown, ctx: ClassifyContext): Classification {
  const err = (e ?? {}) as SdkError;
  const name = err.Code ?? err.name ?? 'Error';
  const sysCode = typeof err.code === 'string' ? err.code : undefined;
  const raw = firstLine(err.message ?? String(e));
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const attempts = err.$metadata?.attempts;
  const source = ctx.credentialSource ?? (ctx.profile ? `profile "${ctx.profile}"` : 'the default credential chain');

  if (ACCESS_DENIED.has(name)) {
    const action = deniedAction(raw, ctx.api);
    return { kind: 'AccessDenied', code: name, message: `${ctx.api}: access denied to ${action}${ctx.principal ? ` for ${ctx.principal}` : ''}`, advice: `Allow ${action}: ${AUDITOR_POLICY_ADVICE}` };
  }
  if (THROTTLED.has(name)) {
    return {
      kind: 'Throttled',
      code: name,
      message: `${ctx.api} was throttled${attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''} (${name})`,
      advice: 'Run the audit again later or with a lower --iam-concurrency; the account is busy with other API callers.',
    };
  }
  if (REJECTED.has(name)) {
    return {
      kind: 'RejectedCredentials',
      code: name,
      message: `credentials from ${source} were rejected: ${name}: ${raw}`,
      advice:
        ctx.refreshAdvice ??
        (ctx.profile
          ? `Refresh the credentials of profile "${ctx.profile}" (for SSO: aws sso login --profile ${ctx.profile}).`
          : 'Refresh or replace the credentials (environment variables, AWS_PROFILE, or aws sso login --profile <name>).'),
    };
  }
  if (NO_CREDENTIALS.has(name) || (name === 'Error' && /could not load credentials|credential/i.test(raw) && status === undefined)) {
    const sso = /sso|token/i.test(raw);
    return {
      kind: 'NoCredentials',
      code: 'NoCredentials',
      message: `no usable AWS credentials from ${source}: ${raw}`,
      advice:
        ctx.refreshAdvice ??
        (ctx.profile
          ? `${sso ? 'The SSO session has expired or was never started: ' : ''}run aws sso login --profile ${ctx.profile}, or check the profile in ~/.aws/config.`
          : 'Set AWS_PROFILE or pass --profile (for SSO: aws sso login --profile <name>), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'),
    };
  }
  const network = sysCode && NETWORK.has(sysCode) ? sysCode : name === 'TimeoutError' || /timed? ?out/i.test(name) ? 'Timeout' : undefined;
  if (network && status === undefined) {
    const host = err.hostname ?? (err.address ? `${err.address}${err.port ? `:${err.port}` : ''}` : hostOf(ctx.endpoint)) ?? 'the AWS endpoint';
    return {
      kind: 'Network',
      code: network,
      message: `${ctx.api}: cannot reach ${host} (${network})`,
      advice: `Check the network path to ${host} (proxy, VPC endpoint, --endpoint-url, --region).`,
    };
  }
  const contentType = String(err.$response?.headers?.['content-type'] ?? err.$response?.headers?.['Content-Type'] ?? '');
  const awsFormat = /xml|json/i.test(contentType);
  if (err.$response && status !== undefined && (!awsFormat || name === 'SyntaxError' || name === 'Unknown')) {
    return {
      kind: 'MalformedAnswer',
      code: 'MalformedAnswer',
      message: `${ctx.api}: the endpoint did not answer in the AWS format (HTTP ${status}, ${contentType || 'no content type'})`,
      advice: PROXY_ADVICE,
    };
  }
  if ((status !== undefined && status >= 500) || err.$fault === 'server') {
    return {
      kind: 'ServerError',
      code: name,
      message: `${ctx.api}: AWS answered with a server error (${name}${status ? `, HTTP ${status}` : ''})${attempts && attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      advice: 'A fault on the AWS side: run the audit again later.',
    };
  }
  return { kind: 'Other', code: name, message: `${ctx.api} failed: ${name}: ${raw}`, advice: 'Run the audit again; if it persists, report the error.' };
}

/**
 * A successful (HTTP 2xx) answer that is not the service's: a captive portal's or proxy's HTML page parses to an empty
 * output, so the SDK raises nothing. `problem` says what the answer lacks.
 */
export function malformedAnswer(api: string, endpoint: string, problem: string): Classification {
  return {
    kind: 'MalformedAnswer',
    code: 'MalformedAnswer',
    message: `${api}: the answer from ${endpoint} is not an AWS answer: ${redactSecrets(problem)}`,
    advice: PROXY_ADVICE,
  };
}

/** What a user does about a classification. */
export function adviceFor(c: Pick<Classification, 'advice'>): string {
  return c.advice;
}

/** Which offline input supplies each snapshot part an export may lack. */
const EXPORT_FLAGS: Partial<Record<Gap['part'], string>> = {
  credentialReport: 'pass the credential report CSV with --credential-report <file>',
  users: 'export with aws iam get-account-authorization-details (no --filter) and pass it with --auth-details',
  groups: 'export with aws iam get-account-authorization-details (no --filter) and pass it with --auth-details',
  roles: 'export with aws iam get-account-authorization-details (no --filter) and pass it with --auth-details',
  policies: 'export with aws iam get-account-authorization-details (no --filter) and pass it with --auth-details',
};

/** The one-line advice for a gap, from its code (and part for the offline ones). */
export function gapAdvice(gap: Pick<Gap, 'part' | 'api' | 'error'>): string {
  const code = gap.error;
  if (code === 'NotProvided' || code === 'NotInExport') {
    return `Not in this export: ${EXPORT_FLAGS[gap.part] ?? 'a live audit collects it (run without --auth-details, or re-audit a --save-snapshot of a live run)'}.`;
  }
  if (ACCESS_DENIED.has(code)) return `Allow ${gap.api}: ${AUDITOR_POLICY_ADVICE}`;
  if (THROTTLED.has(code)) return 'Run the audit again later or with a lower --iam-concurrency; the account is busy with other API callers.';
  if (code === 'MalformedAnswer') return PROXY_ADVICE;
  if (NETWORK.has(code) || code === 'Timeout') return 'Check the network path to the AWS endpoint (proxy, VPC endpoint, --endpoint-url, --region).';
  if (REJECTED.has(code) || code === 'NoCredentials') return 'Refresh the credentials (aws sso login --profile <name>) and run the audit again.';
  if (code === 'MissingField' || code === 'Unreadable') return 'The data for this entity could not be read in full; see the message.';
  if (/ServiceFailure|InternalFailure|ServiceUnavailable|InternalError|ServerError/.test(code)) return 'A fault on the AWS side: run the audit again later.';
  return 'Run the audit again; if it persists, see the message for the cause.';
}

/** The gap for a failed call, its code, message and cause from the classification. */
export function classifiedGap(part: Gap['part'], api: string, e: unknown, ctx: Omit<ClassifyContext, 'api'> = {}): Gap {
  const c = classifyAwsError(e, { ...ctx, api });
  return { part, api, error: c.code, message: c.message };
}

/** Both ends the audit: the credentials themselves are missing or rejected, so no other call can succeed. */
export function isFatalCredentialProblem(c: Classification): boolean {
  return c.kind === 'RejectedCredentials' || c.kind === 'NoCredentials';
}
