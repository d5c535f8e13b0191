// Amazon SQS for the local AWS endpoint: the JSON protocol the SDK v3 client speaks (awsJson1_0, X-Amz-Target
// AmazonSQS.<Action>, application/x-amz-json-1.0), SendMessage and SendMessageBatch, queues held in memory so a test
// can take the messages and hand them to a worker as the SQS event Lambda delivers.
//
//   const sqs = new FakeSqs().createQueue('org-audit', '111111111111');
//   const ep = await startAwsEndpoint(acct, { extensions: [sqs.extension()] });
//   const url = sqs.queueUrl(ep.url, 'org-audit');
//   ... const event = sqs.lambdaEvent('org-audit', sqs.take('org-audit'));
//
// Wire format as SQS documents it: SendMessageBatch answers { Successful: [{ Id, MessageId, MD5OfMessageBody }],
// Failed: [{ Id, SenderFault, Code, Message }] } (the SDK checks every MD5 against the body it sent); batch errors are
// JSON errors with the namespaced __type (com.amazonaws.sqs#TooManyEntriesInBatchRequest, ...) and, because the
// service is awsQueryCompatible, the x-amzn-query-error header is not needed by the SDK to map them.
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from './errors.js';
import type { EndpointExtension, JsonCall } from './extensions.js';

export interface SqsMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentTimestamp: number;
  /** Deliveries so far (lambdaEvent() counts one more). */
  receiveCount: number;
}

interface Queue {
  name: string;
  accountId: string;
  region: string;
  messages: SqsMessage[];
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const ERR = (code: string, message: string, status = 400) => new AwsError(`com.amazonaws.sqs#${code}`, status, message);

export class FakeSqs {
  private readonly queues = new Map<string, Queue>();
  /** Entries to answer as Failed (server-side, retryable) before accepting again, per queue. */
  private readonly failEntries = new Map<string, number>();
  /** SendMessageBatch requests per queue (entries counted in sentEntries). */
  readonly batchCalls = new Map<string, number>();

  createQueue(name: string, accountId: string, region = 'us-east-1'): this {
    this.queues.set(name, { name, accountId, region, messages: [] });
    return this;
  }

  queueUrl(endpointUrl: string, name: string): string {
    const q = this.queue(name);
    return `${endpointUrl}/${q.accountId}/${q.name}`;
  }

  queueArn(name: string): string {
    const q = this.queue(name);
    return `arn:aws:sqs:${q.region}:${q.accountId}:${q.name}`;
  }

  /** The next `count` entries sent to the queue are answered as Failed (InternalError, SenderFault false). */
  failNextEntries(name: string, count: number): this {
    this.failEntries.set(name, count);
    return this;
  }

  /** Messages waiting in the queue (not removed). */
  peek(name: string): readonly SqsMessage[] {
    return this.queue(name).messages;
  }

  /** Removes and returns the waiting messages (what the Lambda poller receives). */
  take(name: string, max = Infinity): SqsMessage[] {
    const q = this.queue(name);
    return q.messages.splice(0, Math.min(max, q.messages.length));
  }

  /** The event Lambda's SQS poller delivers for these messages (one receive each). */
  lambdaEvent(name: string, messages: readonly SqsMessage[]) {
    const q = this.queue(name);
    return {
      Records: messages.map((m) => {
        m.receiveCount++;
        return {
          messageId: m.messageId,
          receiptHandle: Buffer.from(`${m.messageId}#${m.receiveCount}`).toString('base64'),
          body: m.body,
          attributes: {
            ApproximateReceiveCount: String(m.receiveCount),
            SentTimestamp: String(m.sentTimestamp),
            SenderId: 'AROAEXAMPLE:hardening-audit-org-scheduler',
            ApproximateFirstReceiveTimestamp: String(m.sentTimestamp + 5),
          },
          messageAttributes: {},
          md5OfBody: m.md5OfBody,
          eventSource: 'aws:sqs' as const,
          eventSourceARN: this.queueArn(name),
          awsRegion: q.region,
        };
      }),
    };
  }

  private queue(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`FakeSqs: no queue ${name}`);
    return q;
  }

  private fromUrl(url: unknown): Queue {
    const m = typeof url === 'string' ? /^https?:\/\/[^/]+\/(\d{12})\/([\w-]{1,80})$/.exec(url) : null;
    const q = m?.[2] ? this.queues.get(m[2]) : undefined;
    if (!q || q.accountId !== m?.[1]) throw ERR('QueueDoesNotExist', 'The specified queue does not exist.');
    return q;
  }

  private enqueue(q: Queue, body: string): SqsMessage {
    const message: SqsMessage = { messageId: randomUUID(), body, md5OfBody: md5(body), sentTimestamp: Date.now(), receiveCount: 0 };
    q.messages.push(message);
    return message;
  }

  private validBody(body: unknown): body is string {
    return typeof body === 'string' && body.length > 0 && Buffer.byteLength(body) <= 262_144;
  }

  private handle(call: JsonCall): unknown {
    const input = call.input;
    const q = this.fromUrl(input.QueueUrl);
    switch (call.action) {
      case 'SendMessage': {
        if (!this.validBody(input.MessageBody)) throw ERR('InvalidParameterValue', 'The request must contain the parameter MessageBody.');
        const m = this.enqueue(q, input.MessageBody);
        return { MessageId: m.messageId, MD5OfMessageBody: m.md5OfBody };
      }
      case 'SendMessageBatch': {
        this.batchCalls.set(q.name, (this.batchCalls.get(q.name) ?? 0) + 1);
        const entries = Array.isArray(input.Entries) ? (input.Entries as Array<{ Id?: unknown; MessageBody?: unknown }>) : [];
        if (entries.length === 0) throw ERR('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
        if (entries.length > 10) throw ERR('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
        const ids = entries.map((e) => e.Id);
        if (new Set(ids).size !== ids.length) throw ERR('BatchEntryIdsNotDistinct', 'Id values must be unique within a batch request.');
        if (ids.some((id) => typeof id !== 'string' || !/^[\w-]{1,80}$/.test(id))) throw ERR('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const e of entries) {
          const left = this.failEntries.get(q.name) ?? 0;
          if (left > 0) {
            this.failEntries.set(q.name, left - 1);
            Failed.push({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'We encountered an internal error. Please try again.' });
            continue;
          }
          if (!this.validBody(e.MessageBody)) {
            Failed.push({ Id: e.Id, SenderFault: true, Code: 'InvalidParameterValue', Message: 'The request must contain the parameter MessageBody.' });
            continue;
          }
          const m = this.enqueue(q, e.MessageBody);
          Successful.push({ Id: e.Id, MessageId: m.messageId, MD5OfMessageBody: m.md5OfBody });
        }
        return { Successful, Failed };
      }
      default:
        throw new AwsError('UnknownOperationException', 400, `SQS ${call.action} is not served by the local endpoint`);
    }
  }

  extension(): EndpointExtension {
    return {
      jsonTargets: { AmazonSQS: 'sqs' },
      jsonContentType: 'application/x-amz-json-1.0',
      json: (call) => this.handle(call),
    };
  }
}
