// A permission profile is computed in segments of SEGMENT_WORDS words of the action bitsets, and each segment's
// result is memoized by the statement shapes that touch it (see EffectiveAnalyzer.computeProfile): this module plans
// which segments a profile needs, with their memo keys, and computes one segment from the accumulated tier bitsets.
import { popcount32, type ActionBits } from './action-set.js';
import { LEVELS, type ActionIndex } from './action-index.js';
import type { AnalyzerOptions, StatementShape } from './effective-types.js';
import { WATCH_ALLOWED, WATCH_ANY_RESOURCE, WATCH_DENIED, WATCH_FREE, WATCH_IDENTITY, WATCH_UNCONDITIONAL } from './permission-profile.js';

export const SEGMENT_WORDS = 32;

const LEVEL_PM = LEVELS.indexOf('Permissions management');
const LEVEL_WRITE = LEVELS.indexOf('Write');

type PerLevel = [number, number, number, number, number];

export interface SegmentResult {
  /** [identity all, effective all, effective free] x 5 levels. */
  counts: [...PerLevel, ...PerLevel, ...PerLevel];
  /** broadWrites: [any resource, free, Permissions management, Write]. */
  broad: [number, number, number, number];
  /** Sample candidates, ascending ids: [PM free, Write free, PM conditional, Write conditional]. */
  picks: number[][];
  /** Pairs (watch position, flags) for the watched actions in the segment that the identity policies allow. */
  watched: number[];
}

/** What computeSegment reads besides the accumulated bitsets; built once per analyzer from its options. */
export interface SegmentTables {
  index: ActionIndex;
  /** Catalogue ids of AnalyzerOptions.watch, by position (-1: not in the catalogue). */
  watchIds: Int32Array;
  /** Watched positions grouped by word: positions watchPos[watchStart[w] .. watchStart[w + 1]) sit in word w. */
  watchStart: Int32Array;
  watchPos: Int32Array;
  /** Write and Permissions management actions, minus AnalyzerOptions.writeExclusions. */
  writeMask: Uint32Array;
  sampleSize: number;
}

export function segmentTables(index: ActionIndex, options: AnalyzerOptions): SegmentTables {
  const ids = (options.watch ?? []).map((a) => index.id(a) ?? -1);
  const watchIds = Int32Array.from(ids);
  const n = index.wordCount;
  const order = [...ids.keys()].filter((pos) => ids[pos]! >= 0).sort((a, b) => ids[a]! - ids[b]!);
  const watchPos = Int32Array.from(order);
  const watchStart = new Int32Array(n + 1);
  for (const pos of order) watchStart[(ids[pos]! >>> 5) + 1]!++;
  for (let w = 0; w < n; w++) watchStart[w + 1]! += watchStart[w]!;
  const writeMask = new Uint32Array(n);
  const pm = index.levelMasks[LEVEL_PM]!;
  const write = index.levelMasks[LEVEL_WRITE]!;
  for (let w = 0; w < n; w++) writeMask[w] = pm[w]! | write[w]!;
  for (const a of options.writeExclusions ?? []) {
    const id = index.id(a);
    if (id !== undefined) writeMask[id >>> 5]! &= ~(1 << (id & 31));
  }
  return { index, watchIds, watchStart, watchPos, writeMask, sampleSize: options.sampleSize ?? 10 };
}

export interface SegmentPlan {
  /** The segments to look at, ascending. */
  segments: number[];
  /** Each segment's memo key. */
  keys: string[];
}

/** Collects into `into` (ascending, no duplicates) the ids of the shapes whose actions reach into segment g. */
function shapesIn(shapes: readonly StatementShape[], g: number, into: number[]): void {
  into.length = 0;
  const lo = g * SEGMENT_WORDS;
  const hi = lo + SEGMENT_WORDS;
  for (const s of shapes) if (!s.actions.isEmpty && s.actions.lo < hi && s.actions.hi > lo) insertSorted(into, s.id);
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The segments a profile has to look at (those some identity Allow touches: only they can hold allowed actions), in
 * ascending order; and each one's memo key: the ids of the identity and boundary shapes (Allow or Deny) whose actions
 * reach into it. Consecutive segments touched by the same shapes share one key string.
 */
export function segmentPlan(identity: readonly StatementShape[], boundary: readonly StatementShape[] | undefined): SegmentPlan {
  const segments: number[] = [];
  const keys: string[] = [];
  for (const s of identity) {
    if (s.effect !== 'Allow' || s.actions.isEmpty) continue;
    const last = ((s.actions.hi - 1) / SEGMENT_WORDS) | 0;
    for (let g = (s.actions.lo / SEGMENT_WORDS) | 0; g <= last; g++) insertSorted(segments, g);
  }
  let ids: number[] = [];
  let prevIds: number[] = [];
  const boundaryIds: number[] = [];
  const prevBoundaryIds: number[] = [];
  let key = '';
  for (let i = 0; i < segments.length; i++) {
    const g = segments[i]!;
    shapesIn(identity, g, ids);
    if (boundary) shapesIn(boundary, g, boundaryIds);
    if (i === 0 || !sameIds(ids, prevIds) || (boundary !== undefined && !sameIds(boundaryIds, prevBoundaryIds))) {
      key = `${ids.join(',')}|${boundary ? boundaryIds.join(',') : '-'}`;
    }
    keys.push(key);
    const swap = ids;
    ids = prevIds;
    prevIds = swap;
    if (boundary) {
      prevBoundaryIds.length = 0;
      for (const id of boundaryIds) prevBoundaryIds.push(id);
    }
  }
  return { segments, keys };
}

/**
 * Inserts a number into a short ascending array, keeping it free of duplicates. Shifts by hand: no allocation (sort()
 * and splice() allocate; splice returns an array of the removed elements even when none are removed).
 */
function insertSorted(list: number[], x: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > x) i--;
  if (i > 0 && list[i - 1] === x) return;
  list.push(x);
  for (let j = list.length - 1; j > i; j--) list[j] = list[j - 1]!;
  list[i] = x;
}

/**
 * One segment (words from .. to) of a profile, from the accumulated tier bitsets `acc`: [identity unconditional any,
 * unconditional scoped, conditional any, conditional scoped, Deny, then the same five of the boundary].
 */
export function computeSegment(tables: SegmentTables, acc: readonly ActionBits[], from: number, to: number, hasBoundary: boolean): SegmentResult {
  const [iUA, iUS, iCA, iCS, iD, bUA, bUS, bCA, bCS, bD] = acc as [ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits];
  const { index, watchStart, watchPos, watchIds, writeMask } = tables;
  const [m0, m1, m2, m3, m4] = index.levelMasks as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const pmMask = index.levelMasks[LEVEL_PM]!;
  const writeLevelMask = index.levelMasks[LEVEL_WRITE]!;
  const counts: SegmentResult['counts'] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const broadOut: SegmentResult['broad'] = [0, 0, 0, 0];
  const picks: number[][] = [[], [], [], []];
  const watched: number[] = [];
  const n = tables.sampleSize;
  const pick = (list: number[], bits: number, w: number) => {
    while (bits !== 0 && list.length < n) {
      list.push((w << 5) + (31 - Math.clz32(bits & -bits)));
      bits &= bits - 1;
    }
  };
  for (let w = from; w < to; w++) {
    const ua = iUA.words[w]!;
    const us = iUS.words[w]!;
    const ca = iCA.words[w]!;
    const cs = iCS.words[w]!;
    const allowed = ua | us | ca | cs;
    if (allowed === 0) continue;
    const d = iD.words[w]!;
    const iAll = allowed & ~d;
    let eF: number, eNC: number, eAR: number, eAll: number, dd: number;
    if (hasBoundary) {
      dd = d | bD.words[w]!;
      const bua = bUA.words[w]!;
      const bus = bUS.words[w]!;
      const bca = bCA.words[w]!;
      eF = ua & bua & ~dd;
      eNC = (ua | us) & (bua | bus) & ~dd;
      eAR = (ua | ca) & (bua | bca) & ~dd;
      eAll = allowed & (bua | bus | bca | bCS.words[w]!) & ~dd;
    } else {
      dd = d;
      eF = ua & ~d;
      eNC = (ua | us) & ~d;
      eAR = (ua | ca) & ~d;
      eAll = iAll;
    }
    const k0 = m0[w]!, k1 = m1[w]!, k2 = m2[w]!, k3 = m3[w]!, k4 = m4[w]!;
    counts[0] += popcount32(iAll & k0);
    counts[1] += popcount32(iAll & k1);
    counts[2] += popcount32(iAll & k2);
    counts[3] += popcount32(iAll & k3);
    counts[4] += popcount32(iAll & k4);
    if (eAll === iAll) {
      counts[5] += popcount32(iAll & k0);
      counts[6] += popcount32(iAll & k1);
      counts[7] += popcount32(iAll & k2);
      counts[8] += popcount32(iAll & k3);
      counts[9] += popcount32(iAll & k4);
    } else if (eAll !== 0) {
      counts[5] += popcount32(eAll & k0);
      counts[6] += popcount32(eAll & k1);
      counts[7] += popcount32(eAll & k2);
      counts[8] += popcount32(eAll & k3);
      counts[9] += popcount32(eAll & k4);
    }
    if (eF !== 0) {
      counts[10] += popcount32(eF & k0);
      counts[11] += popcount32(eF & k1);
      counts[12] += popcount32(eF & k2);
      counts[13] += popcount32(eF & k3);
      counts[14] += popcount32(eF & k4);
    }
    const broad = eAR & writeMask[w]!;
    if (broad !== 0) {
      const pm = pmMask[w]!;
      const wr = writeLevelMask[w]!;
      broadOut[0] += popcount32(broad);
      broadOut[1] += popcount32(eF & broad);
      broadOut[2] += popcount32(broad & pm);
      broadOut[3] += popcount32(broad & wr);
      pick(picks[0]!, eF & broad & pm, w);
      pick(picks[1]!, eF & broad & wr, w);
      pick(picks[2]!, broad & ~eF & pm, w);
      pick(picks[3]!, broad & ~eF & wr, w);
    }
    for (let k = watchStart[w]!, end = watchStart[w + 1]!; k < end; k++) {
      const pos = watchPos[k]!;
      const bit = 1 << (watchIds[pos]! & 31);
      if ((allowed & bit) === 0) continue;
      let f = WATCH_IDENTITY;
      if (eF & bit) f |= WATCH_FREE;
      if (eNC & bit) f |= WATCH_UNCONDITIONAL;
      if (eAR & bit) f |= WATCH_ANY_RESOURCE;
      if (eAll & bit) f |= WATCH_ALLOWED;
      if (dd & bit) f |= WATCH_DENIED;
      watched.push(pos, f);
    }
  }
  return { counts, broad: broadOut, picks, watched };
}
