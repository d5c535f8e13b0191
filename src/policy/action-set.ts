// Compact sets of catalogue actions. Every catalogue action has an integer id (see action-index.ts); a set is a
// bitset over those ids. Two shapes:
// - ActionSet: immutable, stores only the words between its first and last non-zero word (a statement that names
//   three EC2 actions costs a few bytes, "*" costs ~2.8 KB for the ~22,000 actions). Shared freely (memoized).
// - ActionBits: a mutable, full-width scratch bitset that tracks the range of words it has touched, so unions,
//   clears and counts only walk that range.

/** Bits set in a 32-bit word (Hamming weight). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Index of the lowest set bit of a non-zero word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class ActionSet {
  static readonly EMPTY = new ActionSet(0, new Uint32Array(0));

  /** `words[i]` is word `lo + i` of the full bitset. */
  private constructor(
    readonly lo: number,
    readonly words: Uint32Array,
  ) {}

  /** First word index past the stored range. */
  get hi(): number {
    return this.lo + this.words.length;
  }

  /** A set from ids (any order, duplicates allowed). */
  static fromIds(ids: readonly number[]): ActionSet {
    const n = ids.length;
    if (n === 0) return ActionSet.EMPTY;
    let min = ids[0]!;
    let max = min;
    for (let i = 1; i < n; i++) {
      const id = ids[i]!;
      if (id < min) min = id;
      else if (id > max) max = id;
    }
    const lo = min >>> 5;
    const words = new Uint32Array((max >>> 5) - lo + 1);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      words[(id >>> 5) - lo]! |= 1 << (id & 31);
    }
    return new ActionSet(lo, words);
  }

  /** A compact copy of a scratch bitset (trimmed to its non-zero words). */
  static fromBits(bits: ActionBits): ActionSet {
    let lo = bits.lo;
    let hi = bits.hi;
    while (lo < hi && bits.words[lo] === 0) lo++;
    while (hi > lo && bits.words[hi - 1] === 0) hi--;
    if (hi <= lo) return ActionSet.EMPTY;
    return new ActionSet(lo, bits.words.slice(lo, hi));
  }

  has(id: number): boolean {
    const w = (id >>> 5) - this.lo;
    return w >= 0 && w < this.words.length && (this.words[w]! & (1 << (id & 31))) !== 0;
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) n += popcount32(this.words[i]!);
    return n;
  }

  get isEmpty(): boolean {
    return this.words.length === 0;
  }

  /** Ids in ascending order. */
  *ids(): Generator<number> {
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i]!;
      while (w !== 0) {
        const b = lowestBit(w);
        yield ((this.lo + i) << 5) + b;
        w &= w - 1;
      }
    }
  }
}

/** Mutable full-width bitset for per-principal computations; reuse one across principals with clear(). */
export class ActionBits {
  readonly words: Uint32Array;
  /** Touched word range [lo, hi): outside it every word is zero. */
  lo: number;
  hi = 0;

  constructor(readonly wordCount: number) {
    this.words = new Uint32Array(wordCount);
    this.lo = wordCount;
  }

  clear(): void {
    if (this.hi > this.lo) this.words.fill(0, this.lo, this.hi);
    this.lo = this.wordCount;
    this.hi = 0;
  }

  /** this |= set */
  or(set: ActionSet): void {
    const n = set.words.length;
    if (n === 0) return;
    const base = set.lo;
    for (let i = 0; i < n; i++) this.words[base + i]! |= set.words[i]!;
    if (base < this.lo) this.lo = base;
    if (base + n > this.hi) this.hi = base + n;
  }

  has(id: number): boolean {
    return (this.words[id >>> 5]! & (1 << (id & 31))) !== 0;
  }
}
