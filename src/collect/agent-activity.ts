// "What did the agent do?" without asking the agent: the AI agent principals' events of the last 24 hours from
// CloudTrail event history. LookupEvents cannot filter by role (an assumed-role event's user name is its session
// name), so the window is read once, newest first, up to a page limit, and each event is attributed by its
// userIdentity: an IAM user's ARN, or a role session's sessionContext.sessionIssuer ARN. Paced to 2 requests/second.
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { AgentActivity } from '../snapshot/snapshot.js';
import { lookupEventsBucket } from './token-bucket.js';

export interface AgentActivityOptions {
  hours?: number;
  /** Pages of 50 events read at most (default 40: 2,000 events, about 20 s at 2 requests/second). */
  maxPages?: number;
  lookupEventsPerSecond?: number;
}

interface Identity {
  type?: string;
  arn?: string;
  sessionContext?: { sessionIssuer?: { arn?: string } };
}

export async function collectAgentActivity(
  client: CloudTrailClient,
  agentArns: readonly string[],
  now: Date,
  options: AgentActivityOptions = {},
): Promise<AgentActivity> {
  const region = await client.config.region();
  const since = new Date(now.getTime() - (options.hours ?? 24) * 3_600_000);
  const maxPages = options.maxPages ?? 40;
  const bucket = lookupEventsBucket(client, options.lookupEventsPerSecond ?? 2);
  const wanted = new Set(agentArns);
  const byAgent = new Map<string, AgentActivity['agents'][number]>(agentArns.map((arn) => [arn, { arn, readEvents: 0, writeEvents: 0, writes: [] }]));
  let token: string | undefined;
  let pages = 0;
  let eventsRead = 0;
  do {
    await bucket.take();
    const page = await client.send(new LookupEventsCommand({ StartTime: since, EndTime: now, MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
    pages++;
    for (const e of page.Events ?? []) {
      eventsRead++;
      let identity: Identity = {};
      try {
        identity = (e.CloudTrailEvent ? (JSON.parse(e.CloudTrailEvent) as { userIdentity?: Identity }).userIdentity : undefined) ?? {};
      } catch {
        continue;
      }
      const principal = identity.type === 'AssumedRole' ? identity.sessionContext?.sessionIssuer?.arn : identity.arn;
      if (!principal || !wanted.has(principal)) continue;
      const agent = byAgent.get(principal)!;
      if (e.ReadOnly === 'true') {
        agent.readEvents++;
        continue;
      }
      agent.writeEvents++;
      agent.writes.push({
        eventId: e.EventId ?? '',
        eventTime: (e.EventTime ?? now).toISOString(),
        eventName: e.EventName ?? '',
        eventSource: e.EventSource ?? '',
        ...(identity.type === 'AssumedRole' && identity.arn ? { sessionArn: identity.arn } : {}),
      });
    }
    token = page.NextToken;
  } while (token && pages < maxPages);
  for (const a of byAgent.values()) a.writes.sort((x, y) => (x.eventTime > y.eventTime ? -1 : x.eventTime < y.eventTime ? 1 : x.eventId < y.eventId ? -1 : 1));
  return { region, since: since.toISOString(), until: now.toISOString(), truncated: token !== undefined, eventsRead, agents: [...byAgent.values()] };
}
