// Queueing work for the org fan-out: SendMessageBatch, 10 entries a request (the SQS maximum), entries that fail
// server-side retried with backoff; entries SQS rejects as the sender's fault are not retried. Like s3.ts this is a
// delivery client (it writes), separate from the read-only audit clients in src/aws/.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryAwsOptions } from '../pipeline/report-store-s3.js';

export function createSqsClient(options: DeliveryAwsOptions = {}): SQSClient {
  return new SQSClient({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

export const SQS_BATCH_SIZE = 10;

export interface QueuedMessage {
  /** Unique among the messages; [A-Za-z0-9_-]{1,80} (an account id). */
  id: string;
  body: string;
}

export class QueueSendError extends Error {
  override name = 'QueueSendError';
  constructor(
    message: string,
    readonly failed: Array<{ id: string; code: string; message: string }>,
    readonly sent: number,
  ) {
    super(message);
  }
}

export interface SendBatchesOptions {
  /** Attempts per entry (default 4). */
  attempts?: number;
  /** Delay before the second attempt, doubling (default 200 ms). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; entries: number; codes: string[] }) => void;
}

/** Sends every message; returns the SQS message id per entry id, or throws QueueSendError naming what failed. */
export async function sendMessageBatches(sqs: Pick<SQSClient, 'send'>, queueUrl: string, messages: readonly QueuedMessage[], options: SendBatchesOptions = {}): Promise<Map<string, string>> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const sent = new Map<string, string>();
  const failed: Array<{ id: string; code: string; message: string }> = [];
  for (let i = 0; i < messages.length; i += SQS_BATCH_SIZE) {
    let pending = messages.slice(i, i + SQS_BATCH_SIZE);
    let delay = options.backoffMs ?? 200;
    for (let attempt = 1; pending.length; attempt++) {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((m) => ({ Id: m.id, MessageBody: m.body })) }));
      for (const s of out.Successful ?? []) if (s.Id && s.MessageId) sent.set(s.Id, s.MessageId);
      const retry: QueuedMessage[] = [];
      for (const f of out.Failed ?? []) {
        const m = pending.find((p) => p.id === f.Id);
        if (!m) continue;
        if (f.SenderFault || attempt >= attempts) failed.push({ id: m.id, code: f.Code ?? 'Unknown', message: f.Message ?? '' });
        else retry.push(m);
      }
      if (retry.length) {
        options.onRetry?.({ attempt, entries: retry.length, codes: [...new Set((out.Failed ?? []).map((f) => f.Code ?? 'Unknown'))] });
        await sleep(delay);
        delay *= 2;
      }
      pending = retry;
    }
  }
  if (failed.length) {
    throw new QueueSendError(
      `${failed.length} of ${messages.length} message(s) could not be queued: ${failed.map((f) => `${f.id} (${f.code})`).join(', ')}`,
      failed,
      sent.size,
    );
  }
  return sent;
}
