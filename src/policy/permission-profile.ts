// A principal's permissions summarized (the result of EffectiveAnalyzer, effective.ts), and the flags it records for
// each watched action.
import { LEVELS, type ActionIndex } from './action-index.js';
import type { AccessLevel } from './catalog.js';

/** A number per access level (actions allowed, broad writes). */
export type LevelCounts = Record<AccessLevel, number>;

/**
 * What a set of statements allows, summarized. Shared by every principal with the same statement shapes. Stored
 * compactly; the count objects are built on first use (most principals never need them).
 */
export class PermissionProfile {
  private cache?: {
    identity: { all: LevelCounts };
    effective: { all: LevelCounts; free: LevelCounts };
    broadWrites: { anyResource: number; free: number; byLevel: LevelCounts; sample: string[] };
  };

  constructor(
    /** [identity all, effective all, effective free] x LEVELS. */
    private readonly counts: readonly number[],
    /** Every catalogue action is allowed unconditionally on "*" (effective). */
    readonly fullAdmin: boolean,
    /** Flags (WATCH_* bits) of each watched action, as the char codes of a string in the order of
     * AnalyzerOptions.watch (watched.charCodeAt(i)); '' when the identity policies allow none of them. A string is
     * compact, immutable and doubles as a memo key. */
    readonly watched: string,
    /** [any resource, free, Permissions management, Write] counts of the broad writes. */
    private readonly broad: readonly number[],
    private readonly sampleIds: readonly number[],
    private readonly index: ActionIndex,
  ) {}

  private get views() {
    if (!this.cache) {
      const byLevel = zeroCounts();
      byLevel['Permissions management'] = this.broad[2]!;
      byLevel.Write = this.broad[3]!;
      this.cache = {
        identity: { all: toCounts(this.counts.slice(0, 5)) },
        effective: { all: toCounts(this.counts.slice(5, 10)), free: toCounts(this.counts.slice(10, 15)) },
        broadWrites: { anyResource: this.broad[0]!, free: this.broad[1]!, byLevel, sample: this.sampleIds.map((id) => this.index.name(id)) },
      };
    }
    return this.cache;
  }

  /** Identity policies alone (after their own Denies). */
  get identity(): { all: LevelCounts } {
    return this.views.identity;
  }

  /** After the permissions boundary and every Deny; equal to identity when there is no boundary. `free`: allowed
   * unconditionally on "*". */
  get effective(): { all: LevelCounts; free: LevelCounts } {
    return this.views.effective;
  }

  /** Write and Permissions management actions allowed on "*" (effective), minus AnalyzerOptions.writeExclusions;
   * the sample lists Permissions management first, unconditional grants first, alphabetically. */
  get broadWrites(): { anyResource: number; free: number; byLevel: LevelCounts; sample: string[] } {
    if (this.broad[0] === 0) return NO_BROAD_WRITES;
    return this.views.broadWrites;
  }
}

const NO_BROAD_WRITES = Object.freeze({ anyResource: 0, free: 0, byLevel: Object.freeze({ List: 0, Read: 0, Write: 0, 'Permissions management': 0, Tagging: 0 }), sample: [] as string[] });

/** Effective: allowed unconditionally on "*". */
export const WATCH_FREE = 1;
/** Effective: allowed unconditionally (maybe on specific resources only). */
export const WATCH_UNCONDITIONAL = 2;
/** Effective: allowed on "*" (maybe conditionally). */
export const WATCH_ANY_RESOURCE = 4;
/** Effective: allowed at all. */
export const WATCH_ALLOWED = 8;
/** The identity policies allow it (before the boundary and Denies). */
export const WATCH_IDENTITY = 16;
/** An unconditional Deny on "*" (identity or boundary) removes it. */
export const WATCH_DENIED = 32;

export const zeroCounts = (): LevelCounts => ({ List: 0, Read: 0, Write: 0, 'Permissions management': 0, Tagging: 0 });
export const toCounts = (arr: ArrayLike<number>): LevelCounts => {
  const c = zeroCounts();
  LEVELS.forEach((l, i) => {
    c[l] = arr[i]!;
  });
  return c;
};
