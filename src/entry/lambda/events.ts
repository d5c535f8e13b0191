// The event shapes the org handlers are invoked with (as Lambda delivers them), and the SQS batch response.
import { z } from 'zod';
import { firstIssueText } from '../../util/zod-issue.js';

/** EventBridge scheduled event: { version, id, 'detail-type': 'Scheduled Event', source: 'aws.events', time, ... }. */
export interface ScheduledEvent {
  version: string;
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string; SentTimestamp?: string; [k: string]: string | undefined };
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** ReportBatchItemFailures: the messages to leave in the queue (retried, then the dead-letter queue). */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

const scheduledSchema = z.looseObject({
  id: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
});

/**
 * The run id and time of a scheduled invocation. A manual invocation without an event (`osls invoke -f ...`) gets a
 * run id from the clock, so "run it now" works as well.
 */
export function scheduledRun(event: unknown, now: Date): { runId: string; time: string } {
  if (event === undefined || event === null || (typeof event === 'object' && Object.keys(event).length === 0)) {
    return { runId: `manual-${now.toISOString()}`, time: now.toISOString() };
  }
  const parsed = scheduledSchema.safeParse(event);
  if (!parsed.success) {
    throw new Error(`not an EventBridge scheduled event: ${firstIssueText(parsed.error)}`);
  }
  return { runId: parsed.data.id, time: new Date(parsed.data.time).toISOString() };
}

/** The body of one worker message: which run, which account. */
export const workerMessageSchema = z.object({
  kind: z.literal('hardening-audit.org-account'),
  runId: z.string().min(1),
  orgId: z.string().regex(/^o-[a-z0-9]{10,32}$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  accountId: z.string().regex(/^\d{12}$/),
});
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
