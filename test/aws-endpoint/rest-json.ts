// REST-JSON services of the local endpoint (AWS Account Management, IAM Access Analyzer): requests are routed by the
// SigV4 signing name of the Authorization header's credential scope, then by method and path. Answers are
// application/json; errors carry the code in the x-amzn-ErrorType header and {"message"} in the body, with the
// status the service models give each error (AccessDeniedException 403, ResourceNotFoundException 404,
// ValidationException 400, throttling 429). Faults, latency, call counting and per-credential accounts work as for
// the other protocols; an unrouted path is refused (403 for a write, 404 UnknownOperationException otherwise).
import type http from 'node:http';
import { AwsError, parseJsonInput } from './errors.js';
import type { EndpointExtension, RequestIdentity, ServedAccount } from './extensions.js';

export interface RestCall {
  service: string;
  action: string;
  method: string;
  /** The decoded path, e.g. /analyzer. */
  path: string;
  query: URLSearchParams;
  input: Record<string, unknown>;
  served: ServedAccount;
  identity: RequestIdentity;
}

/** A REST-JSON service: its SigV4 signing name, its routes, its throttling error code, and the handler. */
export interface RestService {
  signingName: string;
  throttlingCode: string;
  /** The action a method and path name, or undefined (not served). */
  route(method: string, path: string): string | undefined;
  /** The output object (serialized as is: dates already in the service's format), or throws an AwsError. */
  handle(call: RestCall): unknown;
}

/** The service a request is signed for, when an extension serves it over REST-JSON. */
export function restServiceOf(extensions: readonly EndpointExtension[], req: http.IncomingMessage): RestService | undefined {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
  if (!scope) return undefined;
  for (const ext of extensions) for (const s of ext.restServices ?? []) if (s.signingName === scope) return s;
  return undefined;
}

export interface RestRequestContext {
  service: RestService;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  body: string;
  identity: RequestIdentity;
  served: ServedAccount | AwsError;
  latencyMs: (action: string) => number;
  record: (service: string, action: string, params: Record<string, string>) => { error?: string; refused?: boolean; status: number };
  fault: (service: string, action: string) => AwsError | undefined;
  refused: unknown[];
  requestId: string;
}

const WRITE_PATH = /^\/(put|delete|disable|enable|accept|start|update|create|apply|cancel|tag|untag)/i;

export async function handleRestRequest(ctx: RestRequestContext): Promise<void> {
  const { service, req, res } = ctx;
  const method = req.method ?? 'GET';
  const path = decodeURIComponent(ctx.url.pathname);
  const routed = service.route(method, path);
  const r = ctx.record(service.signingName, routed ?? `${method} ${path}`, Object.fromEntries(ctx.url.searchParams));
  const send = (status: number, payload: unknown, errorCode?: string) => {
    const text = JSON.stringify(payload);
    r.status = status;
    if (errorCode) r.error = errorCode;
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': ctx.requestId,
      ...(errorCode ? { 'x-amzn-ErrorType': errorCode } : {}),
    });
    res.end(text);
  };
  const fail = (e: AwsError) => {
    const throttled = e.code === 'Throttling' || e.code === 'ThrottlingException';
    const code = throttled ? service.throttlingCode : e.code === 'AccessDenied' ? 'AccessDeniedException' : e.code;
    send(throttled ? 429 : e.status, { message: e.message }, code);
  };
  if (!routed) {
    r.refused = true;
    ctx.refused.push(r);
    if (method !== 'GET' && (method !== 'POST' || WRITE_PATH.test(path) || path === '/analyzer')) {
      return fail(new AwsError('AccessDeniedException', 403, `${method} ${path} is not served by the local AWS endpoint (it serves read-only actions)`));
    }
    return fail(new AwsError('UnknownOperationException', 404, `${method} ${path} is not served by the local AWS endpoint`));
  }
  const delay = ctx.latencyMs(routed);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  if (ctx.served instanceof AwsError) return fail(ctx.served);
  const fault = ctx.fault(service.signingName, routed);
  if (fault) return fail(fault);
  const input = parseJsonInput(ctx.body);
  if (input instanceof AwsError) return fail(input);
  try {
    const out = service.handle({ service: service.signingName, action: routed, method, path, query: ctx.url.searchParams, input, served: ctx.served, identity: ctx.identity });
    send(200, out ?? {});
  } catch (e) {
    if (e instanceof AwsError) return fail(e);
    console.error(`[aws-endpoint] ${service.signingName}:${routed} failed:`, e);
    fail(new AwsError('InternalServerException', 500, `local endpoint error: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/** Opaque tokens: base64 of {action, offset}. */
export function restPage<T>(action: string, items: readonly T[], maxResults: unknown, nextToken: unknown, defaultSize: number, maxSize: number): { items: T[]; nextToken?: string } {
  let size = defaultSize;
  if (maxResults !== undefined && maxResults !== null && maxResults !== '') {
    const n = Number(maxResults);
    if (!Number.isInteger(n) || n < 1 || n > maxSize) throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${maxSize}`);
    size = n;
  }
  let offset = 0;
  if (nextToken !== undefined && nextToken !== null && nextToken !== '') {
    try {
      const v = JSON.parse(Buffer.from(String(nextToken), 'base64').toString('utf8')) as { a?: unknown; o?: unknown };
      if (v.a !== action || typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0) throw new Error('foreign token');
      offset = v.o;
    } catch {
      throw new AwsError('ValidationException', 400, 'Invalid pagination token');
    }
  }
  const next = offset + size;
  return { items: items.slice(offset, next), ...(next < items.length ? { nextToken: Buffer.from(JSON.stringify({ a: action, o: next })).toString('base64') } : {}) };
}
