// A local HTTP endpoint (node:http) that answers the real AWS SDK v3 IAM and STS clients over the query protocol,
// serving a FakeAccount, with fault injection (latency, throttling, AccessDenied, arbitrary errors) and a call log.
//
//   const ep = await startAwsEndpoint(acct, { latencyMs: 5, throttleRate: 0.1, seed: 42 });
//   const iam = new IAMClient({ ...ep.clientConfig, maxAttempts: 3 });
//   ... ep.calls.get('GetAccountAuthorizationDetails'), ep.log, ep.refused ...
//   ep.setFaults({ accessDenied: ['iam:GetCredentialReport'], throttleFirst: { GetAccountSummary: 2 } });
//   await ep.close();
//
// S3 REST requests (SigV4 credential scope s3, path-style) are served by s3.ts from `ep.s3`.
// Routing: the Version parameter picks the service (2010-05-08 → IAM, 2011-06-15 → STS; else the SigV4 credential
// scope of the Authorization header). Only the read set (IAM_HANDLERS, STS_HANDLERS) is served; any other action is
// recorded in `refused` and answered with an error: AccessDenied (403) for actions that change state
// (Create*/Delete*/Put*/Attach*/...), InvalidAction (400) for the rest. JSON-protocol requests (X-Amz-Target) go to
// the extensions (extensions.ts: CloudTrail always, Organizations and sts:AssumeRole with an organization's
// extension, which also serves each member account to the keys AssumeRole issued); others are refused with a JSON
// UnknownOperationException. REST-JSON requests (Account, Access Analyzer) go by SigV4 signing name (rest-json.ts).
// Fault order per served call: latency → throttleFirst → throttleRate → accessDenied → errors → handler. Every
// request, throttled/denied/refused ones too, is counted in `calls` and appended to `log` (SDK retries show up).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAccount } from './account.js';
import { CredentialReportState, type CredentialReportOptions } from './credential-report.js';
import { AwsError } from './errors.js';
import { IAM_HANDLERS } from './iam.js';
import { mulberry32, stableId, type Rng } from './prng.js';
import { FakeS3, handleS3Request, isS3Request } from './s3.js';
import { STS_HANDLERS } from './sts.js';
import { builtinExtensions } from './builtin-extensions.js';
import { handleRestRequest, restServiceOf } from './rest-json.js';
import { handleJsonRequest, identityOf, jsonRoute, type EndpointExtension, type ServedAccount } from './extensions.js';
import { IAM_NS, STS_NS, queryError, queryResponse } from './xml.js';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

/** An error to inject for an action. `times` = how many calls get it (default: every call). */
export interface InjectedError {
  code: string;
  status: number;
  message?: string;
  type?: 'Sender' | 'Receiver';
  times?: number;
}

/**
 * Fault settings. Action keys may be bare ('GetCredentialReport') or service-qualified ('iam:GetCredentialReport').
 */
export interface FaultOptions {
  /** Delay before every response, in ms. */
  latencyMs?: number;
  /** Per-action delay, replacing latencyMs for that action. */
  latencyByAction?: Record<string, number>;
  /** Fraction (0..1) of served calls answered with Throttling (400), drawn from a seeded PRNG. */
  throttleRate?: number;
  /** Seed of that PRNG (default 1). Setting it re-seeds. */
  seed?: number;
  /** Throttle the next N calls of each listed action (counted from when this is set). */
  throttleFirst?: Record<string, number>;
  /** Actions answered with AccessDenied (403). */
  accessDenied?: Iterable<string>;
  /** Arbitrary errors per action, e.g. { GetAccountSummary: { code: 'ServiceFailure', status: 500, times: 1 } }. */
  errors?: Record<string, InjectedError>;
}

export interface EndpointOptions extends FaultOptions {
  /** The identity the requests come from (GetCallerIdentity, AccessDenied messages, ListAccessKeys without UserName). */
  caller?: { arn?: string; userId?: string };
  credentialReport?: CredentialReportOptions;
  /** Serve at most this many items per page whatever MaxItems says (IAM "might return fewer results"). */
  maxPageSize?: number;
  /** S3 buckets served over S3's REST protocol (s3.ts); default: an empty store. */
  s3?: FakeS3;
  /**
   * JSON services, extra query actions and per-credential accounts (extensions.ts), e.g. an organization's
   * `org.extension()` (organizations.ts). CloudTrail (cloudtrail.ts) is always served.
   */
  extensions?: EndpointExtension[];
}

export interface CallRecord {
  seq: number;
  /** 'iam' | 'sts', the X-Amz-Target service for JSON requests, or 'unknown'. */
  service: string;
  action: string;
  params: Record<string, string>;
  /** HTTP status answered (0 until answered). */
  status: number;
  /** Error code answered, if any. */
  error?: string;
  /** True when the action is outside the read set. */
  refused?: boolean;
  /** The request carried a SigV4 Authorization header. */
  signed: boolean;
}

export interface AwsEndpoint {
  url: string;
  port: number;
  server: http.Server;
  /** Requests per action name (bare, e.g. 'GetAccountAuthorizationDetails'). Live; cleared by resetCalls(). */
  calls: Map<string, number>;
  /** Every request in arrival order. Live; cleared by resetCalls(). */
  log: CallRecord[];
  /** Requests for actions outside the read set. Live; cleared by resetCalls(). */
  refused: CallRecord[];
  /** calls.get(action) ?? 0 */
  count(action: string): number;
  setFaults(faults: FaultOptions): void;
  /** Remove every fault (latency 0, no throttling, no denials, no injected errors). */
  clearFaults(): void;
  resetCalls(): void;
  credentialReport: CredentialReportState;
  /** Serve another account from now on. */
  setAccount(account: FakeAccount): void;
  readonly account: FakeAccount;
  setCaller(caller: { arn?: string; userId?: string }): void;
  /** The S3 store (path-style requests signed for s3 are routed to s3.ts). */
  s3: FakeS3;
  /** Spread into an SDK client config: endpoint, region us-east-1, fake static credentials. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  close(): Promise<void>;
}

const MUTATING = /^(Create|Delete|Put|Update|Attach|Detach|Add|Remove|Set|Tag|Untag|Upload|Enable|Deactivate|Change|Reset|Resync|Associate|Disassociate|Modify|Assume|Decode|Disable|Import|Start|Stop|Revoke)/;

function qualifiedLookup<T>(map: Record<string, T> | Map<string, T>, service: string, action: string): T | undefined {
  const get = (k: string): T | undefined => (map instanceof Map ? map.get(k) : Object.hasOwn(map, k) ? map[k] : undefined);
  return get(`${service}:${action}`) ?? get(action);
}

export async function startAwsEndpoint(initialAccount: FakeAccount, options: EndpointOptions = {}): Promise<AwsEndpoint> {
  let account = initialAccount;
  const calls = new Map<string, number>();
  const log: CallRecord[] = [];
  const refused: CallRecord[] = [];
  const report = new CredentialReportState(options.credentialReport);
  const s3 = options.s3 ?? new FakeS3();
  let seq = 0;
  let requestCounter = 0;
  const extensions: EndpointExtension[] = [...(options.extensions ?? []), ...builtinExtensions(options.maxPageSize)];

  const caller = { arn: '', userId: '' };
  const setCaller = (c: { arn?: string; userId?: string } | undefined): void => {
    caller.arn = c?.arn ?? `arn:${account.partition}:iam::${account.accountId}:user/auditor`;
    caller.userId = c?.userId ?? stableId('AIDA', caller.arn, 17);
  };
  setCaller(options.caller);

  // fault state
  let latencyMs = 0;
  let latencyByAction: Record<string, number> = {};
  let throttleRate = 0;
  let rng: Rng = mulberry32(1);
  let throttleFirst = new Map<string, number>();
  let accessDenied = new Set<string>();
  let errors = new Map<string, InjectedError & { remaining: number }>();

  const setFaults = (f: FaultOptions): void => {
    if (f.latencyMs !== undefined) latencyMs = f.latencyMs;
    if (f.latencyByAction !== undefined) latencyByAction = { ...f.latencyByAction };
    if (f.throttleRate !== undefined) {
      if (f.throttleRate < 0 || f.throttleRate > 1) throw new Error('throttleRate must be within 0..1');
      throttleRate = f.throttleRate;
    }
    if (f.seed !== undefined) rng = mulberry32(f.seed);
    if (f.throttleFirst !== undefined) throttleFirst = new Map(Object.entries(f.throttleFirst));
    if (f.accessDenied !== undefined) accessDenied = new Set(f.accessDenied);
    if (f.errors !== undefined) {
      errors = new Map(Object.entries(f.errors).map(([k, e]) => [k, { ...e, remaining: e.times ?? Infinity }]));
    }
  };
  const clearFaults = (): void => {
    setFaults({ latencyMs: 0, latencyByAction: {}, throttleRate: 0, throttleFirst: {}, accessDenied: [], errors: {} });
  };
  setFaults(options);

  const nextRequestId = (): string => {
    requestCounter++;
    return `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}`;
  };

  const takeThrottleFirst = (service: string, action: string): boolean => {
    for (const key of [`${service}:${action}`, action]) {
      const left = throttleFirst.get(key);
      if (left !== undefined && left > 0) {
        throttleFirst.set(key, left - 1);
        return true;
      }
    }
    return false;
  };

  const faultFor = (service: string, action: string): AwsError | undefined => {
    if (takeThrottleFirst(service, action)) return new AwsError('Throttling', 400, 'Rate exceeded');
    if (throttleRate > 0 && rng() < throttleRate) return new AwsError('Throttling', 400, 'Rate exceeded');
    if (accessDenied.has(action) || accessDenied.has(`${service}:${action}`)) {
      return new AwsError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: ${service}:${action} on resource: *`);
    }
    const injected = qualifiedLookup(errors, service, action);
    if (injected && injected.remaining > 0) {
      injected.remaining--;
      return new AwsError(injected.code, injected.status, injected.message ?? injected.code, injected.type);
    }
    return undefined;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const contentType = String(req.headers['content-type'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    const signed = auth.startsWith('AWS4-HMAC-SHA256');
    const requestId = nextRequestId();

    const send = (status: number, type: string, payload: string, record: CallRecord): void => {
      record.status = status;
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(payload),
        'x-amzn-RequestId': requestId,
        Date: new Date().toUTCString(),
      });
      res.end(payload);
    };
    const record = (service: string, action: string, params: Record<string, string>): CallRecord => {
      const r: CallRecord = { seq: ++seq, service, action, params, status: 0, signed };
      calls.set(action, (calls.get(action) ?? 0) + 1);
      log.push(r);
      return r;
    };

    if (isS3Request(req)) {
      const latency = (action: string) => qualifiedLookup(latencyByAction, 's3', action) ?? latencyMs;
      await handleS3Request({ req, res, body: Buffer.concat(chunks), store: s3, requestId, record, fault: faultFor, latency, refused });
      return;
    }

    // Which account serves the request: an extension's (assumed-role keys), or the endpoint's own.
    const identity = identityOf(req.headers);
    let served: ServedAccount | AwsError = { account, caller, report };
    for (const ext of extensions) {
      const s = ext.serve?.(identity);
      if (s) {
        served = s;
        break;
      }
    }

    const rest = restServiceOf(extensions, req);
    if (rest) {
      const latency = (action: string) => qualifiedLookup(latencyByAction, rest.signingName, action) ?? latencyMs;
      await handleRestRequest({ service: rest, req, res, url, body, identity, served, latencyMs: latency, record, fault: faultFor, refused, requestId });
      return;
    }
    // JSON protocols (X-Amz-Target): served by an extension (CloudTrail, Organizations), else refused.
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' || contentType.includes('application/x-amz-json')) {
      const route = jsonRoute(extensions, String(target ?? ''));
      if (route) {
        const latency = qualifiedLookup(latencyByAction, route.service, route.action) ?? latencyMs;
        await handleJsonRequest({ route, body, identity, served, latencyMs: latency, record, send: send as never, fault: faultFor, refused });
        return;
      }
      const [svc, op] = String(target ?? 'unknown.unknown').split('.');
      const r = record(svc ?? 'unknown', op ?? 'unknown', {});
      r.refused = true;
      r.error = 'UnknownOperationException';
      refused.push(r);
      send(400, contentType || 'application/x-amz-json-1.1', JSON.stringify({ __type: 'UnknownOperationException', message: `${target} is not served by the local endpoint` }), r);
      return;
    }

    const params = new URLSearchParams(url.search);
    if (contentType.includes('application/x-www-form-urlencoded') || (req.method === 'POST' && body && !contentType)) {
      for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
    }
    const action = params.get('Action') ?? '';
    const version = params.get('Version');
    const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
    const service = version === '2010-05-08' ? 'iam' : version === '2011-06-15' ? 'sts' : scope === 'iam' || scope === 'sts' ? scope : 'unknown';
    const ns = service === 'sts' ? STS_NS : IAM_NS;
    const r = record(service, action || '(missing)', Object.fromEntries(params));

    const fail = (e: AwsError): void => {
      r.error = e.code;
      send(e.status, 'text/xml', queryError(ns, e.type, e.code, e.message, requestId), r);
    };

    const delay = qualifiedLookup(latencyByAction, service, action) ?? latencyMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    if (!action) {
      r.refused = true;
      refused.push(r);
      fail(new AwsError('MissingAction', 400, 'Missing Action'));
      return;
    }
    const iamHandler = service === 'iam' ? IAM_HANDLERS[action] : undefined;
    const stsHandler = service === 'sts' ? STS_HANDLERS[action] : undefined;
    const extQuery = extensions.find((e) => e.queryActions?.has(`${service}:${action}`));
    if (!iamHandler && !stsHandler && !extQuery) {
      r.refused = true;
      refused.push(r);
      if (MUTATING.test(action) && service !== 'unknown') {
        fail(new AwsError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: ${service}:${action} on resource: * (the local AWS endpoint serves read-only actions)`));
      } else {
        fail(new AwsError('InvalidAction', 400, `Could not find operation ${action} for version ${version ?? '(none)'}`));
      }
      return;
    }

    if (served instanceof AwsError) {
      fail(served);
      return;
    }
    const fault = faultFor(service, action);
    if (fault) {
      fail(fault);
      return;
    }
    try {
      const model = served.account.resolve();
      const result = extQuery
        ? extQuery.query!({ service, action, params, served, identity })
        : iamHandler
          ? iamHandler({ model, params, report: served.report, caller: served.caller, maxPageSize: options.maxPageSize })
          : (stsHandler as NonNullable<typeof stsHandler>)({ model, params, caller: served.caller });
      send(200, 'text/xml', queryResponse(action, ns, result, requestId), r);
    } catch (e) {
      if (e instanceof AwsError) {
        fail(e);
      } else {
        // A bug in the fixture or the endpoint: surface it loudly, as a 500 the SDK will report.
        const message = e instanceof Error ? e.message : String(e);
        console.error(`[aws-endpoint] ${service}:${action} failed:`, e);
        fail(new AwsError(service === 'sts' ? 'InternalFailure' : 'ServiceFailure', 500, `local endpoint error: ${message}`));
      }
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[aws-endpoint] request failed:', e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    server,
    calls,
    log,
    refused,
    count: (action) => calls.get(action) ?? 0,
    setFaults,
    clearFaults,
    resetCalls: () => {
      calls.clear();
      log.length = 0;
      refused.length = 0;
      seq = 0;
    },
    credentialReport: report,
    setAccount: (a) => {
      account = a;
    },
    get account() {
      return account;
    },
    setCaller,
    s3,
    clientConfig: {
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, secretAccessKey: FAKE_SECRET_ACCESS_KEY },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
