// CloudTrail over JSON 1.1 (X-Amz-Target CloudTrail_20131101.<Action>, or the full
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Action>): DescribeTrails, GetTrailStatus,
// GetEventSelectors and LookupEvents, per account (the account the request is served from), response shapes as in
// the CloudTrail API reference. LookupEvents is rate limited like AWS: 2 requests per second per account and
// region (a token bucket with a burst of 2), ThrottlingException beyond.
//
//   configureCloudTrail(acct, {
//     trails: [{ name: 'org-trail', multiRegion: true, logging: true, logFileValidation: false, organizationTrail: true }],
//     events: [{ time: '2026-11-20T10:00:00Z', name: 'ConsoleLogin', source: 'signin.amazonaws.com' }],  // root by default
//   });
//
// An account never configured has DEFAULT_TRAILS: one multi-region trail, logging all management events, with log
// file validation — a well-configured account, so fixtures written before CloudTrail existed keep their findings.
// `trails: []` is an account without CloudTrail.
import type { FakeAccount } from './account.js';
import { AwsError } from './errors.js';
import { page, type EndpointExtension, type JsonCall } from './extensions.js';

export interface TrailInput {
  name: string;
  /** Default us-east-1. */
  homeRegion?: string;
  multiRegion?: boolean;
  logging?: boolean;
  logFileValidation?: boolean;
  organizationTrail?: boolean;
  /** Management events recorded (default All); 'None' = IncludeManagementEvents false. */
  management?: 'All' | 'ReadOnly' | 'WriteOnly' | 'None';
  /** Describe the selectors as advanced event selectors instead of basic ones. */
  advancedSelectors?: boolean;
  s3Bucket?: string;
  /** Owner account of an organization trail (default: the account itself). */
  ownerAccountId?: string;
}

export interface CloudTrailEventInput {
  time: string;
  name: string;
  source?: string;
  /** Default 'root'. */
  username?: string;
  /** userIdentity.type in the event JSON (default 'Root' when username is root, 'AssumedRole' with `role`, else 'IAMUser'). */
  userType?: string;
  /** For a role session: the role's name; `username` is then the session name (as CloudTrail event history shows it). */
  role?: string;
  sourceIp?: string;
  userAgent?: string;
  /** Default us-east-1 (where global-service events such as ConsoleLogin land). */
  region?: string;
  readOnly?: boolean;
}

export interface CloudTrailSetup {
  trails?: TrailInput[];
  events?: CloudTrailEventInput[];
}

export const DEFAULT_TRAILS: readonly TrailInput[] = [{ name: 'management-events', multiRegion: true, logging: true, logFileValidation: true }];

const setups = new WeakMap<FakeAccount, CloudTrailSetup>();

/** Sets (replaces) the CloudTrail state of an account; returns the account for chaining. */
export function configureCloudTrail(account: FakeAccount, setup: CloudTrailSetup): FakeAccount {
  setups.set(account, { trails: setup.trails?.map((t) => ({ ...t })), events: setup.events?.map((e) => ({ ...e })) });
  return account;
}

function setupOf(account: FakeAccount): Required<CloudTrailSetup> {
  const s = setups.get(account);
  return { trails: s?.trails ?? [...DEFAULT_TRAILS], events: s?.events ?? [] };
}

const trailArn = (t: TrailInput, account: FakeAccount) =>
  `arn:${account.partition}:cloudtrail:${t.homeRegion ?? 'us-east-1'}:${t.ownerAccountId ?? account.accountId}:trail/${t.name}`;

/** Trails visible in `region`: its own, plus shadows of multi-region and organization trails from elsewhere. */
function visibleTrails(account: FakeAccount, region: string, includeShadow: boolean): TrailInput[] {
  return setupOf(account).trails.filter((t) => {
    const home = t.homeRegion ?? 'us-east-1';
    return home === region || (includeShadow && (t.multiRegion || t.organizationTrail));
  });
}

function findTrail(call: JsonCall, name: unknown): TrailInput {
  const account = call.served.account;
  const n = String(name ?? '');
  const byArn = setupOf(account).trails.find((t) => trailArn(t, account) === n);
  if (byArn) return byArn;
  // By name: only trails whose home region is the request's region (a shadow trail needs its ARN).
  const byName = setupOf(account).trails.find((t) => t.name === n && (t.homeRegion ?? 'us-east-1') === call.identity.region);
  if (byName) return byName;
  throw new AwsError('TrailNotFoundException', 400, `Unknown trail: ${n} for the user: ${account.accountId}`);
}

function trailRecord(t: TrailInput, account: FakeAccount) {
  return {
    Name: t.name,
    S3BucketName: t.s3Bucket ?? `aws-cloudtrail-logs-${t.ownerAccountId ?? account.accountId}`,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: t.multiRegion ?? false,
    HomeRegion: t.homeRegion ?? 'us-east-1',
    TrailARN: trailArn(t, account),
    LogFileValidationEnabled: t.logFileValidation ?? false,
    HasCustomEventSelectors: (t.management ?? 'All') !== 'All' || t.advancedSelectors === true,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organizationTrail ?? false,
  };
}

function selectors(t: TrailInput, account: FakeAccount) {
  const m = t.management ?? 'All';
  if (t.advancedSelectors) {
    const fields = [{ Field: 'eventCategory', Equals: ['Management'] }, ...(m === 'ReadOnly' ? [{ Field: 'readOnly', Equals: ['true'] }] : m === 'WriteOnly' ? [{ Field: 'readOnly', Equals: ['false'] }] : [])];
    return { TrailARN: trailArn(t, account), AdvancedEventSelectors: m === 'None' ? [] : [{ Name: 'Management events', FieldSelectors: fields }] };
  }
  return {
    TrailARN: trailArn(t, account),
    EventSelectors: [
      {
        ReadWriteType: m === 'None' ? 'All' : m,
        IncludeManagementEvents: m !== 'None',
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  };
}

const LOOKUP_KEYS = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']);

/** Per account and region, the LookupEvents token bucket (2/s, burst 2): its next free time (ms), per endpoint. */
type LookupBuckets = Map<string, number>;

function takeLookupToken(lookupBuckets: LookupBuckets, key: string, now: number): boolean {
  const interval = 500;
  const tolerance = 500; // burst of 2
  const tat = Math.max(lookupBuckets.get(key) ?? 0, now);
  if (tat - tolerance > now) return false;
  lookupBuckets.set(key, tat + interval);
  return true;
}

function lookupEvents(call: JsonCall, lookupBuckets: LookupBuckets) {
  const { input, served, identity } = call;
  const account = served.account;
  if (!takeLookupToken(lookupBuckets, `${account.accountId}/${identity.region}`, Date.now())) {
    throw new AwsError('ThrottlingException', 400, 'Rate exceeded');
  }
  const attrs = (input.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[] | undefined) ?? [];
  if (attrs.length > 1) throw new AwsError('InvalidLookupAttributesException', 400, 'You can only specify one lookup attribute.');
  const attr = attrs[0];
  if (attr && !LOOKUP_KEYS.has(attr.AttributeKey ?? '')) throw new AwsError('InvalidLookupAttributesException', 400, `Invalid attribute key: ${attr.AttributeKey}`);
  const start = typeof input.StartTime === 'number' ? input.StartTime * 1000 : -Infinity;
  const end = typeof input.EndTime === 'number' ? input.EndTime * 1000 : Infinity;
  if (start > end) throw new AwsError('InvalidTimeRangeException', 400, 'Start time must be before end time.');
  const all = setupOf(account)
    .events.map((e, i) => ({ e, i, ms: Date.parse(e.time) }))
    .filter(({ e, ms }) => (e.region ?? 'us-east-1') === identity.region && ms >= start && ms <= end)
    .filter(({ e }) => {
      if (!attr) return true;
      const username = e.username ?? 'root';
      switch (attr.AttributeKey) {
        case 'Username':
          return username === attr.AttributeValue;
        case 'EventName':
          return e.name === attr.AttributeValue;
        case 'EventSource':
          return (e.source ?? 'signin.amazonaws.com') === attr.AttributeValue;
        default:
          return false;
      }
    })
    .sort((a, b) => b.ms - a.ms || a.i - b.i); // newest first
  const invalidToken = () => new AwsError('InvalidNextTokenException', 400, 'Invalid NextToken');
  const tooMany = (n: number) => new AwsError('InvalidMaxResultsException', 400, `MaxResults ${n} is not within 1 to 50`);
  const p = page('LookupEvents', all, input, 50, 50, invalidToken, tooMany);
  return {
    Events: p.items.map(({ e, i }) => {
      const username = e.username ?? 'root';
      const type = e.userType ?? (e.role ? 'AssumedRole' : username === 'root' ? 'Root' : 'IAMUser');
      const id = `${account.accountId.slice(0, 8)}-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const source = e.source ?? 'signin.amazonaws.com';
      return {
        EventId: id,
        EventName: e.name,
        ReadOnly: String(e.readOnly ?? false),
        EventTime: new Date(Date.parse(e.time)),
        EventSource: source,
        Username: username,
        Resources: [],
        CloudTrailEvent: JSON.stringify({
          eventVersion: '1.09',
          userIdentity:
            type === 'Root'
              ? { type, principalId: account.accountId, arn: `arn:aws:iam::${account.accountId}:root`, accountId: account.accountId }
              : type === 'AssumedRole'
                ? {
                    type,
                    principalId: `AROAEXAMPLE${i}:${username}`,
                    arn: `arn:aws:sts::${account.accountId}:assumed-role/${e.role}/${username}`,
                    accountId: account.accountId,
                    sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROAEXAMPLE${i}`, arn: `arn:aws:iam::${account.accountId}:role/${e.role}`, accountId: account.accountId, userName: e.role } },
                  }
                : { type, principalId: `AIDAEXAMPLE${i}`, arn: `arn:aws:iam::${account.accountId}:user/${username}`, userName: username, accountId: account.accountId },
          eventTime: new Date(Date.parse(e.time)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          eventSource: source,
          eventName: e.name,
          awsRegion: e.region ?? 'us-east-1',
          sourceIPAddress: e.sourceIp ?? '198.51.100.7',
          userAgent: e.userAgent ?? 'Mozilla/5.0',
          eventID: id,
          readOnly: e.readOnly ?? false,
          eventType: e.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
          recipientAccountId: account.accountId,
        }),
      };
    }),
    ...(p.NextToken ? { NextToken: p.NextToken } : {}),
  };
}

const HANDLERS: Record<string, (call: JsonCall, lookupBuckets: LookupBuckets) => unknown> = {
  DescribeTrails: (call) => {
    const account = call.served.account;
    const names = call.input.trailNameList as string[] | undefined;
    let trails = visibleTrails(account, call.identity.region, call.input.includeShadowTrails !== false);
    if (names?.length) trails = trails.filter((t) => names.includes(t.name) || names.includes(trailArn(t, account)));
    return { trailList: trails.map((t) => trailRecord(t, account)) };
  },
  GetTrailStatus: (call) => {
    const t = findTrail(call, call.input.Name);
    const now = call.served.account.resolve().now;
    return t.logging
      ? { IsLogging: true, LatestDeliveryTime: new Date(now - 300_000), StartLoggingTime: new Date(now - 400 * 86_400_000), TimeLoggingStarted: new Date(now - 400 * 86_400_000).toISOString() }
      : { IsLogging: false, StopLoggingTime: new Date(now - 10 * 86_400_000), TimeLoggingStopped: new Date(now - 10 * 86_400_000).toISOString() };
  },
  GetEventSelectors: (call) => selectors(findTrail(call, call.input.TrailName), call.served.account),
  LookupEvents: lookupEvents,
};

/** The CloudTrail service of the endpoint (always on: every audit reads CloudTrail). */
export function cloudTrailExtension(): EndpointExtension {
  // Each endpoint is its own AWS: rate-limit state never leaks from one test's endpoint into the next.
  const lookupBuckets: LookupBuckets = new Map();
  return {
    jsonTargets: { CloudTrail_20131101: 'cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail' },
    json: (call) => {
      const handler = HANDLERS[call.action];
      if (!handler) throw new AwsError('UnknownOperationException', 400, `CloudTrail ${call.action} is not served by the local endpoint`);
      return handler(call, lookupBuckets);
    },
  };
}
