import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/collect/token-bucket.js';

describe('TokenBucket', () => {
  it('spaces requests at the rate, queueing concurrent callers in order', async () => {
    let now = 1_000;
    const waits: number[] = [];
    const bucket = new TokenBucket(2, 1, () => now, async (ms) => void waits.push(ms));
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(waits).toEqual([500, 1000]);
    now += 5_000; // idle: the next one goes at once
    await bucket.take();
    expect(waits).toHaveLength(2);
  });

  it('lets a burst of `capacity` through, then paces', async () => {
    const now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket(2, 2, () => now, async (ms) => void waits.push(ms));
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(waits).toEqual([500, 1000]);
  });
});
