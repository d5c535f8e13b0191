// CloudTrail reads, part of every audit: the trails visible in the client's region (DescribeTrails includes shadow
// copies of multi-region and organization trails, so one region sees every trail that could cover the account),
// each trail's status (GetTrailStatus) and event selectors (GetEventSelectors), and the root user's activity in the
// event history (LookupEvents, Username = root), throttled client-side to CloudTrail's 2 requests per second.
import {
  DescribeTrailsCommand,
  type DescribeTrailsCommandOutput,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import pLimit from 'p-limit';
import { FatalAwsError } from '../errors.js';
import type { AccountSnapshot, CloudTrailPart, RootActivity, RootEvent, Trail } from '../snapshot/snapshot.js';
import { describeCredentialError, errorCode, gapFrom, isCredentialError, type CredentialSource } from './errors.js';
import { lookupEventsBucket } from './token-bucket.js';

export interface CloudTrailOptions {
  /** LookupEvents requests per second (AWS allows 2 per account and region). */
  lookupEventsPerSecond?: number;
  /** How far back to search the event history (CloudTrail keeps 90 days). */
  rootActivityDays?: number;
  /** LookupEvents pages of 50 events to read at most; the newest events come first. */
  maxLookupPages?: number;
}

/** A trail read failed: the API and the trail, for the gap. */
export class TrailReadError extends Error {
  constructor(
    readonly api: string,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = (cause as Error)?.name ?? 'Error';
    (this as { $metadata?: unknown }).$metadata = (cause as { $metadata?: unknown })?.$metadata;
  }
}

type ManagementEvents = Trail['managementEvents'];

function combine(read: boolean, write: boolean): ManagementEvents {
  return read && write ? 'All' : read ? 'ReadOnly' : write ? 'WriteOnly' : 'None';
}

/** Which management events the selectors record, and which event sources they exclude. */
export function managementEventsOf(
  basic: readonly EventSelector[] | undefined,
  advanced: readonly AdvancedEventSelector[] | undefined,
): { managementEvents: ManagementEvents; excluded: string[] } {
  let read = false;
  let write = false;
  const excluded = new Set<string>();
  if (advanced && advanced.length > 0) {
    for (const sel of advanced) {
      const fields = sel.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category?.Equals?.includes('Management')) continue;
      const readOnly = fields.find((f) => f.Field === 'readOnly');
      const values = readOnly?.Equals ?? (readOnly?.NotEquals ? ['true', 'false'].filter((v) => !readOnly.NotEquals!.includes(v)) : ['true', 'false']);
      if (values.includes('true')) read = true;
      if (values.includes('false')) write = true;
      for (const f of fields) if (f.Field === 'eventSource') for (const v of f.NotEquals ?? []) excluded.add(v);
    }
  } else if (basic && basic.length > 0) {
    for (const sel of basic) {
      if (sel.IncludeManagementEvents === false) continue;
      const rw = sel.ReadWriteType ?? 'All';
      if (rw === 'All' || rw === 'ReadOnly') read = true;
      if (rw === 'All' || rw === 'WriteOnly') write = true;
      for (const s of sel.ExcludeManagementEventSources ?? []) excluded.add(s);
    }
  } else {
    // A trail without selectors records all management events (the CloudTrail default).
    read = write = true;
  }
  return { managementEvents: combine(read, write), excluded: [...excluded].sort() };
}

export async function collectCloudTrail(client: CloudTrailClient, concurrency = 4): Promise<CloudTrailPart> {
  const region = await client.config.region();
  let described: DescribeTrailsCommandOutput;
  try {
    described = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  } catch (e) {
    throw new TrailReadError('cloudtrail:DescribeTrails', e);
  }
  const limit = pLimit(concurrency);
  const seen = new Set<string>();
  const list = (described.trailList ?? []).filter((t) => {
    const key = t.TrailARN ?? t.Name ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const trails = await Promise.all(
    list.map((t) =>
      limit(async (): Promise<Trail> => {
        const id = t.TrailARN ?? t.Name!;
        const [status, selectors] = await Promise.all([
          client.send(new GetTrailStatusCommand({ Name: id })).catch((e: unknown) => {
            throw new TrailReadError('cloudtrail:GetTrailStatus', e);
          }),
          client.send(new GetEventSelectorsCommand({ TrailName: id })).catch((e: unknown) => {
            throw new TrailReadError('cloudtrail:GetEventSelectors', e);
          }),
        ]);
        const { managementEvents, excluded } = managementEventsOf(selectors.EventSelectors, selectors.AdvancedEventSelectors);
        return {
          name: t.Name ?? id,
          arn: t.TrailARN ?? id,
          homeRegion: t.HomeRegion ?? region,
          isMultiRegionTrail: t.IsMultiRegionTrail ?? false,
          isOrganizationTrail: t.IsOrganizationTrail ?? false,
          logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
          includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
          ...(t.S3BucketName ? { s3BucketName: t.S3BucketName } : {}),
          ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
          ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
          isLogging: status.IsLogging ?? false,
          ...(status.LatestDeliveryTime ? { latestDeliveryTime: status.LatestDeliveryTime.toISOString() } : {}),
          ...(status.LatestDeliveryError ? { latestDeliveryError: status.LatestDeliveryError } : {}),
          managementEvents,
          excludedManagementEventSources: excluded,
        };
      }),
    ),
  );
  trails.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { region, trails };
}

export async function collectRootActivity(client: CloudTrailClient, now: Date, options: CloudTrailOptions = {}): Promise<RootActivity> {
  const region = await client.config.region();
  const days = options.rootActivityDays ?? 90;
  const maxPages = options.maxLookupPages ?? 2;
  const bucket = lookupEventsBucket(client, options.lookupEventsPerSecond ?? 2);
  const since = new Date(now.getTime() - days * 86_400_000);
  const events: RootEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    await bucket.take();
    const page = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }],
        StartTime: since,
        EndTime: now,
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    pages++;
    for (const e of page.Events ?? []) {
      // "root" is also a valid IAM user name: keep only events whose identity is the root user.
      let detail: { userIdentity?: { type?: string }; sourceIPAddress?: string; userAgent?: string } = {};
      try {
        detail = e.CloudTrailEvent ? JSON.parse(e.CloudTrailEvent) : {};
      } catch {
        // keep the summary fields only
      }
      if (detail.userIdentity?.type !== undefined && detail.userIdentity.type !== 'Root') continue;
      events.push({
        eventId: e.EventId ?? '',
        eventTime: (e.EventTime ?? now).toISOString(),
        eventName: e.EventName ?? '',
        eventSource: e.EventSource ?? '',
        ...(detail.sourceIPAddress ? { sourceIpAddress: detail.sourceIPAddress } : {}),
        ...(detail.userAgent ? { userAgent: detail.userAgent } : {}),
      });
    }
    token = page.NextToken;
  } while (token && pages < maxPages);
  events.sort((a, b) => (a.eventTime > b.eventTime ? -1 : a.eventTime < b.eventTime ? 1 : a.eventId < b.eventId ? -1 : 1));
  return { region, since: since.toISOString(), until: now.toISOString(), events, truncated: token !== undefined };
}

/**
 * Both CloudTrail parts into the snapshot, concurrently; a failure becomes a gap of its part (AccessDenied,
 * throttling past the retries), a credential error ends the audit like anywhere else.
 */
export async function collectCloudTrailParts(
  client: CloudTrailClient,
  snapshot: AccountSnapshot,
  options: CloudTrailOptions & { now: Date; profile?: string; credentialSource?: CredentialSource; progress?: (m: string) => void },
): Promise<void> {
  const progress = options.progress ?? (() => {});
  const fail = (part: 'cloudTrail' | 'rootActivity', api: string, e: unknown) => {
    if (isCredentialError(e)) throw new FatalAwsError(describeCredentialError(e, options.profile, undefined, options.credentialSource));
    snapshot.gaps.push(gapFrom(part, api, e instanceof TrailReadError ? e.cause : e, options.credentialSource));
    progress(`could not collect ${part}: ${api} failed (${errorCode(e instanceof TrailReadError ? e.cause : e)})`);
  };
  await Promise.all([
    collectCloudTrail(client).then(
      (part) => {
        snapshot.cloudTrail = part;
        progress(`CloudTrail: ${part.trails.length} trail(s) visible in ${part.region}`);
      },
      (e: unknown) => fail('cloudTrail', e instanceof TrailReadError ? e.api : 'cloudtrail:DescribeTrails', e),
    ),
    collectRootActivity(client, options.now, options).then(
      (activity) => {
        snapshot.rootActivity = activity;
      },
      (e: unknown) => fail('rootActivity', 'cloudtrail:LookupEvents', e),
    ),
  ]);
}
