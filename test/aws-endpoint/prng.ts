// Deterministic pseudo-random numbers (mulberry32) so fault injection and generated accounts repeat run to run.
import { createHash } from 'node:crypto';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable AWS-looking identifier: prefix + `length` base32 characters derived from `key`. */
export function stableId(prefix: string, key: string, length: number): string {
  const digest = createHash('sha1').update(key).digest();
  let out = prefix;
  for (let i = 0; out.length < prefix.length + length; i++) out += BASE32[digest[i % digest.length]! & 31];
  return out;
}
