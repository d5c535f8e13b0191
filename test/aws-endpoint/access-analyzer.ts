// IAM Access Analyzer over REST-JSON (signing name "access-analyzer"), per account and per region (the region of the
// request's credential scope), as in its API reference; timestamps are ISO-8601 date-time strings:
//   GET /analyzer?type=&maxResults=&nextToken= → {analyzers: [AnalyzerSummary], nextToken?};
//   POST /findingv2 {analyzerArn, filter, maxResults, nextToken, sort} → {findings: [FindingSummaryV2], nextToken?};
//     an analyzer of another account or region → 404 ResourceNotFoundException. The filter supports eq / neq on
//     status, resourceType and findingType.
import { accountReadsOf, stableUuid, type AnalyzerInput } from './account-reads.js';
import type { FakeAccount } from './account.js';
import { AwsError } from './errors.js';
import { restPage, type RestCall, type RestService } from './rest-json.js';

const ANALYZER_TYPES = new Set(['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS']);

const iso = (ms: number) => new Date(ms).toISOString();
const analyzerArn = (account: FakeAccount, a: AnalyzerInput) => `arn:${account.partition}:access-analyzer:${a.region}:${account.accountId}:analyzer/${a.name}`;

function analyzersIn(account: FakeAccount, region: string): AnalyzerInput[] {
  return accountReadsOf(account).analyzers.filter((a) => a.region === region).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function listAnalyzers(call: RestCall): unknown {
  const type = call.query.get('type');
  if (type !== null && !ANALYZER_TYPES.has(type)) throw new AwsError('ValidationException', 400, `Invalid type: ${type}`);
  const { account } = call.served;
  const created = Date.parse(account.now) - 200 * 86_400_000;
  const all = analyzersIn(account, call.identity.region).filter((a) => type === null || (a.type ?? 'ACCOUNT') === type);
  const { items, nextToken } = restPage('ListAnalyzers', all, call.query.get('maxResults'), call.query.get('nextToken'), 100, 1000);
  return {
    analyzers: items.map((a) => ({
      arn: analyzerArn(account, a),
      name: a.name,
      type: a.type ?? 'ACCOUNT',
      createdAt: iso(a.created ? Date.parse(a.created) : created),
      lastResourceAnalyzedAt: iso(Date.parse(account.now)),
      tags: a.tags ?? {},
      status: a.status ?? 'ACTIVE',
      ...(a.statusReason ? { statusReason: { code: a.statusReason } } : {}),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

type Criterion = { eq?: unknown; neq?: unknown };

function matches(filter: Record<string, Criterion>, values: Record<string, string>): boolean {
  for (const [key, c] of Object.entries(filter)) {
    const v = values[key];
    if (v === undefined) throw new AwsError('ValidationException', 400, `Unsupported filter key for this endpoint: ${key}`);
    if (Array.isArray(c.eq) && !c.eq.includes(v)) return false;
    if (Array.isArray(c.neq) && c.neq.includes(v)) return false;
  }
  return true;
}

function listFindingsV2(call: RestCall): unknown {
  const { account } = call.served;
  const arn = call.input.analyzerArn;
  if (typeof arn !== 'string') throw new AwsError('ValidationException', 400, "1 validation error detected: Value null at 'analyzerArn' failed to satisfy constraint: Member must not be null");
  const analyzer = analyzersIn(account, call.identity.region).find((a) => analyzerArn(account, a) === arn);
  if (!analyzer) throw new AwsError('ResourceNotFoundException', 404, `Analyzer ${arn} not found`);
  const unused = (analyzer.type ?? 'ACCOUNT').endsWith('UNUSED_ACCESS');
  const now = Date.parse(account.now);
  const all = (analyzer.findings ?? []).map((f, i) => {
    const created = f.created ? Date.parse(f.created) : now - (i + 1) * 3_600_000;
    return {
      analyzedAt: iso(now),
      createdAt: iso(created),
      id: f.id ?? stableUuid(`${arn}#${i}`),
      resource: f.resource,
      resourceType: f.resourceType,
      resourceOwnerAccount: f.owner ?? account.accountId,
      status: f.status ?? 'ACTIVE',
      updatedAt: iso(created),
      findingType: f.findingType ?? (unused ? 'UnusedIAMRole' : 'ExternalAccess'),
    };
  });
  const filter = (call.input.filter ?? {}) as Record<string, Criterion>;
  const selected = all.filter((f) => matches(filter, { status: f.status, resourceType: f.resourceType, findingType: f.findingType }));
  const { items, nextToken } = restPage('ListFindingsV2', selected, call.input.maxResults, call.input.nextToken, 100, 100);
  return { findings: items, ...(nextToken ? { nextToken } : {}) };
}

export const ACCESS_ANALYZER_SERVICE: RestService = {
  signingName: 'access-analyzer',
  throttlingCode: 'ThrottlingException',
  route: (method, path) => (method === 'GET' && path === '/analyzer' ? 'ListAnalyzers' : method === 'POST' && path === '/findingv2' ? 'ListFindingsV2' : undefined),
  handle: (call) => (call.action === 'ListAnalyzers' ? listAnalyzers(call) : listFindingsV2(call)),
};
