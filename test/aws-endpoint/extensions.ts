// Extensions of the local AWS endpoint beyond IAM/STS-query: JSON 1.1 services (X-Amz-Target: CloudTrail,
// Organizations), extra query actions (sts:AssumeRole), and per-credential accounts (requests signed with the keys an
// AssumeRole returned are served from that account's model). server.ts calls into these hooks; the services
// themselves live in cloudtrail.ts and organizations.ts.
import type http from 'node:http';
import type { FakeAccount } from './account.js';
import type { CredentialReportState } from './credential-report.js';
import { AwsError, parseJsonInput } from './errors.js';
import type { RestService } from './rest-json.js';

/** Who signed a request: the SigV4 access key id, the session token header, and the region of the credential scope. */
export interface RequestIdentity {
  accessKeyId: string;
  sessionToken?: string;
  region: string;
}

/** The account a request is served from, the caller it sees, and that account's credential report state. */
export interface ServedAccount {
  account: FakeAccount;
  caller: { arn: string; userId: string };
  report: CredentialReportState;
}

export interface JsonCall {
  service: string;
  action: string;
  input: Record<string, unknown>;
  served: ServedAccount;
  identity: RequestIdentity;
}

export interface QueryCall {
  service: string;
  action: string;
  params: URLSearchParams;
  served: ServedAccount;
  identity: RequestIdentity;
}

export interface EndpointExtension {
  /** X-Amz-Target prefixes (the part before the last '.') → service name used in logs, faults and error codes. */
  jsonTargets?: Record<string, string>;
  /** Content type of the JSON answers (default application/x-amz-json-1.1; SQS speaks 1.0). */
  jsonContentType?: string;
  /** Answers a JSON call: the output object (Dates become epoch seconds), or throws an AwsError. */
  json?(call: JsonCall): unknown;
  /** Query-protocol actions served here, as service:Action (e.g. 'sts:AssumeRole'). */
  queryActions?: ReadonlySet<string>;
  /** Answers a query call with the inner XML of <ActionResult>, or throws an AwsError. */
  query?(call: QueryCall): string;
  /** REST-JSON services (rest-json.ts), picked by the SigV4 signing name of the request. */
  restServices?: readonly RestService[];
  /** The account requests signed with this identity are served from; undefined = not this extension's identity. */
  serve?(identity: RequestIdentity): ServedAccount | AwsError | undefined;
}

export function identityOf(headers: http.IncomingHttpHeaders): RequestIdentity {
  const auth = String(headers.authorization ?? '');
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/[^/]+\//.exec(auth);
  const token = headers['x-amz-security-token'];
  return { accessKeyId: m?.[1] ?? '', region: m?.[2] ?? 'us-east-1', ...(typeof token === 'string' ? { sessionToken: token } : {}) };
}

/** The extension serving an X-Amz-Target, with the service name and action. */
export function jsonRoute(extensions: readonly EndpointExtension[], target: string): { ext: EndpointExtension; service: string; action: string } | undefined {
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = target.slice(0, dot);
  const action = target.slice(dot + 1);
  for (const ext of extensions) {
    const service = ext.jsonTargets?.[prefix];
    if (service && ext.json) return { ext, service, action };
  }
  return undefined;
}

/** The error code a JSON service uses for the endpoint's generic faults. */
export function jsonErrorCode(service: string, code: string): string {
  if (code === 'Throttling') return service === 'organizations' ? 'TooManyRequestsException' : 'ThrottlingException';
  if (code === 'AccessDenied') return 'AccessDeniedException';
  return code;
}

/** A JSON 1.1 error body (the SDK reads __type, or the x-amzn-ErrorType header). */
export function jsonErrorBody(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}

/** JSON 1.1 wire form: Dates as epoch seconds (fractional allowed), undefined members dropped. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** Opaque pagination tokens: base64 of {action, offset}. */
export function pageToken(action: string, offset: number): string {
  return Buffer.from(JSON.stringify({ a: action, o: offset })).toString('base64');
}

export function readPageToken(action: string, token: unknown, invalid: () => AwsError): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as { a?: unknown; o?: unknown };
    if (v.a === action && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    // fall through
  }
  throw invalid();
}

/** A page of `items` and its NextToken (absent on the last page). */
export function page<T>(action: string, items: readonly T[], input: Record<string, unknown>, maxAllowed: number, defaultSize: number, invalid: () => AwsError, validate: (n: number) => AwsError): { items: T[]; NextToken?: string } {
  const raw = input.MaxResults;
  let size = defaultSize;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > maxAllowed) throw validate(Number(raw));
    size = raw;
  }
  const offset = readPageToken(action, input.NextToken, invalid);
  const slice = items.slice(offset, offset + size);
  const next = offset + size;
  return { items: slice, ...(next < items.length ? { NextToken: pageToken(action, next) } : {}) };
}

export { AwsError };

/** What server.ts hands to handleJsonRequest. */
export interface JsonRequestContext {
  route: { ext: EndpointExtension; service: string; action: string };
  body: string;
  identity: RequestIdentity;
  served: ServedAccount | AwsError;
  latencyMs: number;
  record: (service: string, action: string, params: Record<string, string>) => { error?: string; refused?: boolean };
  send: (status: number, type: string, payload: string, record: never) => void;
  fault: (service: string, action: string) => AwsError | undefined;
  refused: unknown[];
}

/** Serves one JSON 1.1 request: record → latency → credentials → faults → handler, like the query path. */
export async function handleJsonRequest(ctx: JsonRequestContext): Promise<void> {
  const { service, action, ext } = ctx.route;
  const r = ctx.record(service, action, {});
  const send = ctx.send as unknown as (status: number, type: string, payload: string, record: typeof r) => void;
  const type = ext.jsonContentType ?? 'application/x-amz-json-1.1';
  const fail = (e: AwsError) => {
    const code = jsonErrorCode(service, e.code);
    r.error = code;
    send(e.status, type, jsonErrorBody(code, e.message), r);
  };
  if (ctx.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, ctx.latencyMs));
  if (ctx.served instanceof AwsError) return fail(ctx.served);
  const fault = ctx.fault(service, action);
  if (fault) return fail(fault);
  const input = parseJsonInput(ctx.body);
  if (input instanceof AwsError) return fail(input);
  try {
    const out = ext.json!({ service, action, input, served: ctx.served, identity: ctx.identity });
    send(200, type, JSON.stringify(toWire(out ?? {})), r);
  } catch (e) {
    if (e instanceof AwsError) {
      if (e.code === 'UnknownOperationException') {
        r.refused = true;
        ctx.refused.push(r);
      }
      return fail(e);
    }
    console.error(`[aws-endpoint] ${service}:${action} failed:`, e);
    fail(new AwsError('InternalFailure', 500, `local endpoint error: ${e instanceof Error ? e.message : String(e)}`));
  }
}
