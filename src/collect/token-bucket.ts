// A small client-side rate limiter for APIs with a hard request rate (CloudTrail LookupEvents: 2 requests per second
// per account per region). A token bucket in its "virtual scheduling" form: every take() reserves the next free slot,
// so concurrent callers queue in order without polling, and a burst of `capacity` requests may go at once.
import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  private readonly interval: number;
  private readonly tolerance: number;
  /** The theoretical arrival time of the next request (ms). */
  private tat = 0;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity = 1,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {
    if (!(ratePerSecond > 0)) throw new Error('TokenBucket: ratePerSecond must be > 0');
    if (!(capacity >= 1)) throw new Error('TokenBucket: capacity must be >= 1');
    this.interval = 1000 / ratePerSecond;
    this.tolerance = (capacity - 1) * this.interval;
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const t = this.now();
    const start = Math.max(this.tat, t);
    const delay = start - this.tolerance - t;
    this.tat = start + this.interval;
    if (delay > 0) await this.wait(delay);
  }
}

/**
 * The one LookupEvents bucket of a CloudTrail client: AWS limits the rate per account and region, which is what one
 * client talks to, so the root-activity and agent-activity reads of a run share it instead of each starting a fresh
 * burst. Module-level state, safe to share across calls: a WeakMap keyed by the client object (gone with the client),
 * and a bucket only ever delays its callers.
 */
const perClient = new WeakMap<object, TokenBucket>();
export function lookupEventsBucket(client: object, ratePerSecond = 2): TokenBucket {
  let bucket = perClient.get(client);
  if (!bucket || bucket.ratePerSecond !== ratePerSecond) perClient.set(client, (bucket = new TokenBucket(ratePerSecond)));
  return bucket;
}
