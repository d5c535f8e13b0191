// What a principal can do: every identity policy statement it is subject to (inline, attached, and for users those
// of their groups) expanded against the action catalogue, intersected with its permissions boundary. Set-based and
// fast enough for every principal of a large account; evaluate.ts answers single requests in full detail.
//
// The model (deliberately simple; documented here once and relied on by the iam.principal.* checks):
// - The question is "can P do action A on some resource, and on every resource ("*")?" — no specific resource ARN,
//   no request context, no SCPs, no resource policies, no session policies.
// - An Allow grants its actions with two qualities:
//     scoped       its Resource names specific resources (not "*"); see isEveryResource() for what counts as "*".
//                  An Allow with NotResource counts as "*" (it grants everything except a list).
//     conditional  its Condition restricts the caller (condition-scope.ts); otherwise it counts as unconditional.
//   The four combinations give four tiers: free (unconditional on "*"), unconditional (maybe scoped), any-resource
//   (maybe conditional), all (any Allow). A Condition only on resource tags (aws:ResourceTag/..., ABAC) makes the
//   statement scoped, not conditional: it selects resources, like a Resource ARN.
// - A Deny removes an action only when it has no Condition at all and its Resource covers "*" (NotResource never
//   does). Conditional or resource-scoped Denies are reported as evidence, never credited: whether they apply depends
//   on the request (a Deny "unless MFA" or "outside the organization" may not apply to the principal's own calls).
// - Identity-only = what the identity policies allow minus their own Denies. Effective = identity AND (when a
//   boundary is attached) the boundary, tier by tier, minus the Denies of both. A boundary whose document is not in
//   the snapshot is reported as unresolved and not applied (findings then over-report, never under-report).
// - explainAction() answers one action for one principal with the deciding statements (identity Allows, boundary
//   Allows, credited and uncredited Denies): the seed of a later `explain`, which will add resources, request
//   context and SCPs (evaluate.ts already evaluates single requests that way).
//
// Performance (a 10,000-role account is analysed in a few hundred ms): actions are integer ids (action-index.ts) and
// sets are bitsets (action-set.ts); a statement's expansion is memoized by its canonical Action/NotAction key; a
// statement's "shape" (effect, actions, any-resource, conditional) by statement object; compiled statements per
// managed policy and per group; a principal's result (PermissionProfile) by the set of its statement shapes; and
// within a profile, each 32-word segment of the bitsets by the shapes that touch it, so a principal with
// ReadOnlyAccess plus one narrow policy only recomputes the narrow policy's segment.
import type { AccountSnapshot, IamGroup, IamRole, IamUser, ManagedPolicy, PolicyStatement } from '../snapshot.js';
import { ActionBits, ActionSet, popcount32 } from './action-set.js';
import { actionIndex, actionsKey, LEVELS, type ActionIndex } from './action-index.js';
import type { AccessLevel, ActionCatalog } from './catalog.js';
import { conditionScope } from './condition-scope.js';
import { allPrincipals, policyIndex, type Principal } from './reachable.js';

/** Where a statement comes from, for evidence and explanations. */
export interface GrantRef {
  /** Identity policies are 'inline' or 'managed'; the permissions boundary is 'boundary'. */
  policyType: 'inline' | 'managed' | 'boundary';
  policyName: string;
  policyArn?: string;
  /** Set when the policy reaches a user through a group. */
  viaGroup?: string;
  sid?: string;
  /** Position in the policy's Statement array. */
  index: number;
}

/** The parts of a statement the set analysis needs; shared by every statement with the same content. */
export interface StatementShape {
  /** Content id, unique per analyzer: same effect, actions, resource class and condition class. */
  id: number;
  effect: 'Allow' | 'Deny';
  actions: ActionSet;
  unknownActions: readonly string[];
  /** Resource covers every resource (Resource "*"-like; or, for an Allow, NotResource). */
  anyResource: boolean;
  /** Allow: the Condition restricts the caller (condition-scope.ts). Deny: the statement has any Condition. */
  conditional: boolean;
}

export interface CompiledStatement {
  ref: GrantRef;
  shape: StatementShape;
  statement: PolicyStatement;
}

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

export interface PrincipalAnalysis {
  principal: Principal;
  /** Identity statements (users: including their groups'), in policy order. */
  statements: CompiledStatement[];
  boundary?: { arn: string; name: string; resolved: boolean; statements: CompiledStatement[] };
  /** Attached managed policies (or the boundary) whose document is not in the snapshot. */
  unresolved: string[];
  profile: PermissionProfile;
}

export interface AnalyzerOptions {
  /** Actions (catalogue names) whose grant flags every profile records. */
  watch?: readonly string[];
  /** Actions left out of broadWrites (e.g. log and metric writes every workload needs on "*"). */
  writeExclusions?: readonly string[];
  /** Size of broadWrites.sample. */
  sampleSize?: number;
}

const LEVEL_PM = LEVELS.indexOf('Permissions management');
const LEVEL_WRITE = LEVELS.indexOf('Write');

/**
 * A Resource entry that covers every resource: "*", or an ARN pattern whose resource part is only wildcards
 * ("arn:aws:s3:::*", "arn:aws:sqs:*:*:*", every object of every bucket), or for IAM every resource of a type
 * ("arn:aws:iam::*:role/*"). Region and account parts are not looked at: every resource of one account or region
 * still counts as "*" here.
 */
export function isEveryResource(resource: string): boolean {
  if (resource === '*') return true;
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(resource);
  if (!m) return false;
  const [, service, rest] = m as unknown as [string, string, string];
  return /^[*/]+$/.test(rest) || (service === 'iam' && /^[a-z-]+\/\*$/.test(rest));
}

const SELF_VARIABLE = /\$\{aws:(username|userid)\}/i;

/** Every Resource entry names the caller itself (${aws:username} / ${aws:userid}): a self-service grant. */
export function isSelfScoped(st: PolicyStatement): boolean {
  return st.Resource !== undefined && st.Resource.length > 0 && st.Resource.every((r) => SELF_VARIABLE.test(r));
}

const zeroCounts = (): LevelCounts => ({ List: 0, Read: 0, Write: 0, 'Permissions management': 0, Tagging: 0 });
const toCounts = (arr: ArrayLike<number>): LevelCounts => {
  const c = zeroCounts();
  LEVELS.forEach((l, i) => (c[l] = arr[i]!));
  return c;
};

/**
 * The set analysis for one snapshot and catalogue. Statement shapes and permission profiles are memoized, so
 * principals that share policies share the work.
 */
export class EffectiveAnalyzer {
  readonly index: ActionIndex;
  private readonly shapeIds = new Map<string, number>();
  private readonly shapes = new WeakMap<PolicyStatement, StatementShape>();
  private readonly profiles = new Map<string, PermissionProfile>();
  private readonly policies: Map<string, ManagedPolicy>;
  private readonly watchIds: Int32Array;
  /** Watched positions grouped by word: positions watchPos[watchStart[w] .. watchStart[w + 1]) sit in word w. */
  private readonly watchStart: Int32Array;
  private readonly watchPos: Int32Array;
  private readonly writeMask: Uint32Array;
  private readonly sampleSize: number;
  // Scratch: identity and boundary accumulators by tier class (unconditional/conditional x any/scoped, Deny).
  private readonly acc: ActionBits[];
  private readonly watchScratch: Uint8Array;

  constructor(
    readonly snapshot: AccountSnapshot,
    catalog: ActionCatalog,
    options: AnalyzerOptions = {},
  ) {
    this.index = actionIndex(catalog);
    this.policies = policyIndex(snapshot);
    const ids = (options.watch ?? []).map((a) => this.index.id(a) ?? -1);
    this.watchIds = Int32Array.from(ids);
    const n = this.index.wordCount;
    const order = [...ids.keys()].filter((pos) => ids[pos]! >= 0).sort((a, b) => ids[a]! - ids[b]!);
    this.watchPos = Int32Array.from(order);
    this.watchStart = new Int32Array(n + 1);
    for (const pos of order) this.watchStart[(ids[pos]! >>> 5) + 1]++;
    for (let w = 0; w < n; w++) this.watchStart[w + 1] += this.watchStart[w]!;
    this.writeMask = new Uint32Array(n);
    const pm = this.index.levelMasks[LEVEL_PM]!;
    const write = this.index.levelMasks[LEVEL_WRITE]!;
    for (let w = 0; w < n; w++) this.writeMask[w] = pm[w]! | write[w]!;
    for (const a of options.writeExclusions ?? []) {
      const id = this.index.id(a);
      if (id !== undefined) this.writeMask[id >>> 5] &= ~(1 << (id & 31));
    }
    this.sampleSize = options.sampleSize ?? 10;
    this.acc = Array.from({ length: 10 }, () => new ActionBits(n));
    this.watchScratch = new Uint8Array(this.watchIds.length);
  }

  shape(st: PolicyStatement): StatementShape {
    let shape = this.shapes.get(st);
    if (shape) return shape;
    const { set, unknown } = this.index.statementActions(st);
    let anyResource: boolean;
    let conditional: boolean;
    if (st.Effect === 'Deny') {
      // A Deny is credited only when it surely applies: no Condition at all, Resource covering "*".
      conditional = st.Condition !== undefined && Object.values(st.Condition).some((block) => Object.keys(block).length > 0);
      anyResource = (st.Resource ?? []).some(isEveryResource);
    } else {
      const scope = st.Condition ? conditionScope(st.Condition) : 'none';
      // A condition on resource tags only (ABAC) selects resources: the statement is scoped, not conditional.
      anyResource = scope !== 'resources' && ((st.Resource ?? []).some(isEveryResource) || st.NotResource !== undefined);
      conditional = scope === 'caller';
    }
    const key = `${st.Effect}|${anyResource ? 1 : 0}|${conditional ? 1 : 0}|${actionsKey(st)}`;
    let id = this.shapeIds.get(key);
    if (id === undefined) this.shapeIds.set(key, (id = this.shapeIds.size));
    shape = { id, effect: st.Effect, actions: set, unknownActions: unknown, anyResource, conditional };
    this.shapes.set(st, shape);
    return shape;
  }

  /** Identity statements and boundary of a user, group or role. */
  analyze(principal: Principal): PrincipalAnalysis {
    const own = this.ownStatements(principal.entity);
    let statements = own.statements;
    const unresolved = [...own.unresolved];
    if (principal.kind === 'user') {
      for (const name of principal.entity.groups) {
        const group = this.groupStatements(name);
        if (!group) continue; // a group the snapshot does not have
        statements = statements.concat(group.statements);
        unresolved.push(...group.unresolved);
      }
    }
    let boundary: PrincipalAnalysis['boundary'];
    const boundaryArn = principal.kind === 'group' ? undefined : principal.entity.permissionsBoundary?.arn;
    if (boundaryArn) {
      const policy = this.policies.get(boundaryArn);
      const name = policy?.name ?? boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1);
      boundary = { arn: boundaryArn, name, resolved: policy !== undefined, statements: policy ? this.managedStatements(policy, 'boundary') : [] };
      if (!policy) unresolved.push(boundaryArn);
    }
    const key = `${this.keyOf(statements)}|${boundary?.resolved ? this.keyOf(boundary.statements) : '-'}`;
    let profile = this.profiles.get(key);
    if (!profile) {
      profile = this.computeProfile(
        statements.map((s) => s.shape),
        boundary?.resolved ? boundary.statements.map((s) => s.shape) : undefined,
      );
      this.profiles.set(key, profile);
    }
    return { principal, statements, ...(boundary ? { boundary } : {}), unresolved, profile };
  }

  // Compiled statements are cached per managed policy (and group through which they reach a user) and per group,
  // so the 10,000 principals that share a few policies share the statement objects too.
  private readonly managedCache = new Map<string, CompiledStatement[]>();
  private readonly groupCache = new Map<string, { statements: CompiledStatement[]; unresolved: string[] } | null>();
  private groupsByName?: Map<string, IamGroup>;

  private compile(statements: readonly PolicyStatement[], base: Omit<GrantRef, 'sid' | 'index'>): CompiledStatement[] {
    return statements.map((st, index) => {
      const ref: GrantRef = { policyType: base.policyType, policyName: base.policyName, index };
      if (base.policyArn !== undefined) ref.policyArn = base.policyArn;
      if (base.viaGroup !== undefined) ref.viaGroup = base.viaGroup;
      if (st.Sid !== undefined) ref.sid = st.Sid;
      return { ref, shape: this.shape(st), statement: st };
    });
  }

  private managedStatements(policy: ManagedPolicy, as: 'managed' | 'boundary', viaGroup?: string): CompiledStatement[] {
    const key = `${as}\u0000${policy.arn}\u0000${viaGroup ?? ''}`;
    let hit = this.managedCache.get(key);
    if (!hit) {
      const base = { policyType: as, policyName: policy.name, policyArn: policy.arn, ...(viaGroup !== undefined ? { viaGroup } : {}) };
      this.managedCache.set(key, (hit = this.compile(policy.document.Statement, base)));
    }
    return hit;
  }

  private ownStatements(entity: IamUser | IamGroup | IamRole, viaGroup?: string): { statements: CompiledStatement[]; unresolved: string[] } {
    // The common case, one attached managed policy and nothing else: its cached statements as they are, not a copy
    // (statement lists are never modified).
    if (entity.inlinePolicies.length === 0 && entity.attachedManagedPolicies.length === 1) {
      const policy = this.policies.get(entity.attachedManagedPolicies[0]!.arn);
      if (policy) return { statements: this.managedStatements(policy, 'managed', viaGroup), unresolved: [] };
    }
    const via = viaGroup !== undefined ? { viaGroup } : {};
    const statements: CompiledStatement[] = [];
    const unresolved: string[] = [];
    for (const p of entity.inlinePolicies) {
      for (const c of this.compile(p.document.Statement, { policyType: 'inline', policyName: p.name, ...via })) statements.push(c);
    }
    for (const a of entity.attachedManagedPolicies) {
      const policy = this.policies.get(a.arn);
      if (!policy) {
        unresolved.push(a.arn);
        continue;
      }
      for (const c of this.managedStatements(policy, 'managed', viaGroup)) statements.push(c);
    }
    return { statements, unresolved };
  }

  private groupStatements(name: string): { statements: CompiledStatement[]; unresolved: string[] } | null {
    let hit = this.groupCache.get(name);
    if (hit === undefined) {
      this.groupsByName ??= new Map(this.snapshot.groups.map((g) => [g.name, g]));
      const group = this.groupsByName.get(name);
      this.groupCache.set(name, (hit = group ? this.ownStatements(group, name) : null));
    }
    return hit;
  }

  private keyScratch = new Int32Array(64);

  /** Memo key of a statement list: its distinct shape ids, ascending. */
  private keyOf(statements: readonly { shape: StatementShape }[]): string {
    const n = statements.length;
    if (n === 0) return '';
    if (n === 1) return String(statements[0]!.shape.id);
    if (this.keyScratch.length < n) this.keyScratch = new Int32Array(n * 2);
    const ids = this.keyScratch.subarray(0, n);
    for (let i = 0; i < n; i++) ids[i] = statements[i]!.shape.id;
    ids.sort();
    let key = String(ids[0]);
    for (let i = 1; i < n; i++) if (ids[i] !== ids[i - 1]) key += `,${ids[i]}`;
    return key;
  }

  /** The profile of identity statement shapes (and boundary shapes when a boundary applies). Memoized. */
  profileOf(identity: readonly StatementShape[], boundary: readonly StatementShape[] | undefined): PermissionProfile {
    const key = `${this.keyOf(identity.map((shape) => ({ shape })))}|${boundary ? this.keyOf(boundary.map((shape) => ({ shape }))) : '-'}`;
    let profile = this.profiles.get(key);
    if (!profile) this.profiles.set(key, (profile = this.computeProfile(identity, boundary)));
    return profile;
  }

  // Profiles are computed per segment of SEGMENT_WORDS words, and each segment's result is memoized by the
  // statement shapes that touch it: a principal with ReadOnlyAccess plus one narrow policy of its own recomputes
  // only the segment(s) of the narrow policy; the other segments are ReadOnlyAccess's, already known.
  // Keyed by the shapes that touch a segment, then by segment: consecutive segments touched by the same shapes (a
  // broad policy spans most of them) share one key string.
  private readonly segments = new Map<string, (SegmentResult | undefined)[]>();

  private computeProfile(identity: readonly StatementShape[], boundary: readonly StatementShape[] | undefined): PermissionProfile {
    const [iUA, iUS, iCA, iCS, iD, bUA, bUS, bCA, bCS, bD] = this.acc as [ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits];
    let accumulated = false;
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // [identity all, effective all, effective free] x 5 levels
    const broad = [0, 0, 0, 0]; // [any resource, free, Permissions management, Write]
    const picks: number[][] = [[], [], [], []];
    let anyWatched = false;

    const planned = segmentPlan(identity, boundary);
    for (let i = 0; i < planned; i++) {
      const g = planSegments[i]!;
      const key = planKeys[i]!;
      let bySegment = this.segments.get(key);
      if (!bySegment) this.segments.set(key, (bySegment = []));
      let seg = bySegment[g];
      if (!seg) {
        if (!accumulated) {
          for (const a of this.acc) a.clear();
          accumulate(identity, iUA, iUS, iCA, iCS, iD);
          if (boundary) accumulate(boundary, bUA, bUS, bCA, bCS, bD);
          accumulated = true;
        }
        const from = g * SEGMENT_WORDS;
        const to = Math.min(from + SEGMENT_WORDS, this.index.wordCount);
        seg = this.computeSegment(from, to, boundary !== undefined);
        bySegment[g] = seg;
      }
      for (let k = 0; k < 15; k++) counts[k] += seg.counts[k]!;
      for (let k = 0; k < 4; k++) broad[k] += seg.broad[k]!;
      for (let c = 0; c < 4; c++) {
        const from = seg.picks[c]!;
        const into = picks[c]!;
        for (let k = 0; k < from.length && into.length < this.sampleSize; k++) into.push(from[k]!);
      }
      const sw = seg.watched;
      if (sw.length && !anyWatched) {
        this.watchScratch.fill(0);
        anyWatched = true;
      }
      for (let k = 0; k < sw.length; k += 2) this.watchScratch[sw[k]!] = sw[k + 1]!;
    }

    let free = 0;
    for (let k = 10; k < 15; k++) free += counts[k]!;
    const watched = anyWatched ? Buffer.from(this.watchScratch.buffer, 0, this.watchScratch.length).toString('latin1') : '';
    const sample: number[] = [];
    for (const list of picks) for (const id of list) if (sample.length < this.sampleSize) sample.push(id);
    return new PermissionProfile(counts, free === this.index.size, watched, broad, sample, this.index);
  }

  /** One segment of a profile, from the accumulated scratch bitsets. */
  private computeSegment(from: number, to: number, hasBoundary: boolean): SegmentResult {
    const [iUA, iUS, iCA, iCS, iD, bUA, bUS, bCA, bCS, bD] = this.acc as [ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits];
    const [m0, m1, m2, m3, m4] = this.index.levelMasks as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    const pmMask = this.index.levelMasks[LEVEL_PM]!;
    const writeLevelMask = this.index.levelMasks[LEVEL_WRITE]!;
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const broadOut = [0, 0, 0, 0];
    const picks: number[][] = [[], [], [], []];
    const watched: number[] = [];
    const n = this.sampleSize;
    const { watchStart, watchPos, watchIds } = this;
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
      const broad = eAR & this.writeMask[w]!;
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

  /** Full tier sets of one principal (not memoized; for explanations and tests, not for bulk analysis). */
  permissions(a: PrincipalAnalysis): PrincipalPermissions {
    const n = this.index.wordCount;
    const identity = a.statements.map((s) => s.shape);
    const boundary = a.boundary?.resolved ? a.boundary.statements.map((s) => s.shape) : undefined;
    const bits = Array.from({ length: 10 }, () => new ActionBits(n));
    const [iUA, iUS, iCA, iCS, iD, bUA, bUS, bCA, bCS, bD] = bits as [ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits];
    accumulate(identity, iUA, iUS, iCA, iCS, iD);
    if (boundary) accumulate(boundary, bUA, bUS, bCA, bCS, bD);
    const tiers = Array.from({ length: 6 }, () => new ActionBits(n));
    for (let w = 0; w < n; w++) {
      const ua = iUA.words[w]!, us = iUS.words[w]!, ca = iCA.words[w]!, cs = iCS.words[w]!;
      const d = iD.words[w]! | (boundary ? bD.words[w]! : 0);
      const b = boundary
        ? { f: bUA.words[w]!, nc: bUA.words[w]! | bUS.words[w]!, ar: bUA.words[w]! | bCA.words[w]!, all: bUA.words[w]! | bUS.words[w]! | bCA.words[w]! | bCS.words[w]! }
        : { f: ~0, nc: ~0, ar: ~0, all: ~0 };
      tiers[0]!.words[w] = (ua | us | ca | cs) & ~iD.words[w]!;
      tiers[1]!.words[w] = ua & b.f & ~d;
      tiers[2]!.words[w] = (ua | us) & b.nc & ~d;
      tiers[3]!.words[w] = (ua | ca) & b.ar & ~d;
      tiers[4]!.words[w] = (ua | us | ca | cs) & b.all & ~d;
      tiers[5]!.words[w] = (ua | us | ca | cs) & d;
    }
    for (const t of tiers) {
      t.lo = 0;
      t.hi = n;
    }
    const [identityAll, free, unconditional, anyResource, all, denied] = tiers.map((t) => ActionSet.fromBits(t)) as [ActionSet, ActionSet, ActionSet, ActionSet, ActionSet, ActionSet];
    return { identity: identityAll, effective: { free, unconditional, anyResource, all }, denied };
  }
}

export interface PrincipalPermissions {
  /** What the identity policies allow, after their own Denies. */
  identity: ActionSet;
  effective: { free: ActionSet; unconditional: ActionSet; anyResource: ActionSet; all: ActionSet };
  /** Allowed by an identity policy but removed by an unconditional Deny on "*" (identity or boundary). */
  denied: ActionSet;
}


const SEGMENT_WORDS = 32;

interface SegmentResult {
  /** [identity all, effective all, effective free] x 5 levels. */
  counts: number[];
  /** broadWrites: [any resource, free, Permissions management, Write]. */
  broad: number[];
  /** Sample candidates, ascending ids: [PM free, Write free, PM conditional, Write conditional]. */
  picks: number[][];
  /** Pairs (watch position, flags) for the watched actions in the segment that the identity policies allow. */
  watched: number[];
}

// The plan of the last segmentPlan() call (scratch arrays, valid until the next call; profiles are computed one at a
// time): the segments a profile has to look at, and each one's memo key.
const planSegments: number[] = [];
const planKeys: string[] = [];
let planIds: number[] = [];
let planPrevIds: number[] = [];
const planBoundaryIds: number[] = [];
const planPrevBoundaryIds: number[] = [];

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
 * ascending order, into planSegments; and into planKeys each one's memo key: the ids of the identity and boundary
 * shapes (Allow or Deny) whose actions reach into it. Returns how many.
 */
function segmentPlan(identity: readonly StatementShape[], boundary: readonly StatementShape[] | undefined): number {
  planSegments.length = 0;
  planKeys.length = 0;
  for (const s of identity) {
    if (s.effect !== 'Allow' || s.actions.isEmpty) continue;
    const last = ((s.actions.hi - 1) / SEGMENT_WORDS) | 0;
    for (let g = (s.actions.lo / SEGMENT_WORDS) | 0; g <= last; g++) insertSorted(planSegments, g);
  }
  let key = '';
  for (let i = 0; i < planSegments.length; i++) {
    const g = planSegments[i]!;
    shapesIn(identity, g, planIds);
    if (boundary) shapesIn(boundary, g, planBoundaryIds);
    if (i === 0 || !sameIds(planIds, planPrevIds) || (boundary !== undefined && !sameIds(planBoundaryIds, planPrevBoundaryIds))) {
      key = `${planIds.join(',')}|${boundary ? planBoundaryIds.join(',') : '-'}`;
    }
    planKeys.push(key);
    const swap = planIds;
    planIds = planPrevIds;
    planPrevIds = swap;
    if (boundary) {
      planPrevBoundaryIds.length = 0;
      for (const id of planBoundaryIds) planPrevBoundaryIds.push(id);
    }
  }
  return planSegments.length;
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

/** Routes each shape's actions to its tier class: unconditional/conditional x any-resource/scoped, or Deny. */
function accumulate(shapes: readonly StatementShape[], ua: ActionBits, us: ActionBits, ca: ActionBits, cs: ActionBits, deny: ActionBits): void {
  for (const s of shapes) {
    if (s.effect === 'Deny') {
      if (!s.conditional && s.anyResource) deny.or(s.actions);
      continue;
    }
    (s.conditional ? (s.anyResource ? ca : cs) : s.anyResource ? ua : us).or(s.actions);
  }
}

// ---- explanations -------------------------------------------------------------------------------------------------

export type Decision = 'allowed' | 'explicit-deny' | 'not-allowed' | 'not-allowed-by-boundary';

export interface GrantQuality {
  /** Only restricted by a Condition. */
  conditional: boolean;
  /** Only on specific resources. */
  scoped: boolean;
}

/** An Allow statement that covers an action, and how well. */
export interface Grant extends GrantQuality {
  ref: GrantRef;
}

export interface ActionDecision {
  action: string;
  decision: Decision;
  /** The best grant, when allowed. */
  grant?: GrantQuality;
  /** Identity Allow statements that cover the action (with their qualities). */
  identityAllows: Grant[];
  boundaryAllows: Grant[];
  /** Unconditional Deny statements on "*" that cover the action (the deciding ones for explicit-deny). */
  denies: GrantRef[];
  /** Deny statements that cover the action but are conditional or resource-scoped: not credited. */
  uncreditedDenies: GrantRef[];
}

const better = (a: GrantQuality, b: GrantQuality) => Number(a.conditional) + Number(a.scoped) - (Number(b.conditional) + Number(b.scoped));

/** Why a principal can (or cannot) do one action, with the deciding statements. */
export function explainAction(a: PrincipalAnalysis, index: ActionIndex, action: string): ActionDecision {
  const id = index.id(action);
  const name = id === undefined ? action : index.name(id);
  const out: ActionDecision = { action: name, decision: 'not-allowed', identityAllows: [], boundaryAllows: [], denies: [], uncreditedDenies: [] };
  if (id === undefined) return out;
  const boundary = a.boundary?.resolved ? a.boundary.statements : undefined;
  const visit = (list: readonly CompiledStatement[]) => {
    for (const s of list) {
      const shape = s.shape;
      if (!shape.actions.has(id)) continue;
      if (shape.effect === 'Deny') {
        (!shape.conditional && shape.anyResource ? out.denies : out.uncreditedDenies).push(s.ref);
      } else {
        const entry: Grant = { ref: s.ref, conditional: shape.conditional, scoped: !shape.anyResource };
        (s.ref.policyType === 'boundary' ? out.boundaryAllows : out.identityAllows).push(entry);
      }
    }
  };
  visit(a.statements);
  if (boundary) visit(boundary);
  if (out.denies.length && out.identityAllows.length) out.decision = 'explicit-deny';
  else if (!out.identityAllows.length) out.decision = 'not-allowed';
  else if (boundary && !out.boundaryAllows.length) out.decision = 'not-allowed-by-boundary';
  else {
    out.decision = 'allowed';
    const pick = (list: GrantQuality[]) => list.reduce((best, q) => (better(q, best) < 0 ? q : best));
    const i = pick(out.identityAllows);
    const b = boundary ? pick(out.boundaryAllows) : { conditional: false, scoped: false };
    out.grant = { conditional: i.conditional || b.conditional, scoped: i.scoped || b.scoped };
  }
  return out;
}

/**
 * The statements (best first: unconditional on "*", then conditional or scoped) that allow at least one of some
 * actions — the statements to fix for a finding about those actions. Boundary statements are not included.
 */
export function grantingStatements(a: PrincipalAnalysis, ids: readonly number[], limit: number): Grant[] {
  const out: Grant[] = [];
  for (let rank = 0; rank < 3 && out.length < limit; rank++) {
    for (const s of a.statements) {
      const shape = s.shape;
      if (shape.effect !== 'Allow' || Number(shape.conditional) + Number(!shape.anyResource) !== rank) continue;
      if (!ids.some((id) => shape.actions.has(id))) continue;
      out.push({ ref: s.ref, conditional: shape.conditional, scoped: !shape.anyResource });
      if (out.length >= limit) break;
    }
  }
  return out;
}

// ---- documents --------------------------------------------------------------------------------------------------

export interface DocumentAccess {
  /** Distinct actions the Allow statements grant (after unconditional Denies on "*"), per access level. */
  allowed: LevelCounts;
  /** Of those, the ones granted unconditionally on "*". */
  free: LevelCounts;
  fullAdmin: boolean;
  statements: { ref: { sid?: string; index: number }; effect: 'Allow' | 'Deny'; actions: LevelCounts; anyResource: boolean; conditional: boolean }[];
  unknownActions: string[];
}

/** Expands and classifies one policy document (no principal, no boundary). */
export function documentAccess(analyzer: EffectiveAnalyzer, doc: { Statement: PolicyStatement[] }): DocumentAccess {
  const shapes = doc.Statement.map((st) => analyzer.shape(st));
  const profile = analyzer.profileOf(shapes, undefined);
  const index = analyzer.index;
  return {
    allowed: profile.identity.all,
    free: profile.effective.free,
    fullAdmin: profile.fullAdmin,
    statements: doc.Statement.map((st, i) => ({
      ref: { ...(st.Sid !== undefined ? { sid: st.Sid } : {}), index: i },
      effect: st.Effect,
      actions: toCounts(index.countByLevel(shapes[i]!.actions)),
      anyResource: shapes[i]!.anyResource,
      conditional: shapes[i]!.conditional,
    })),
    unknownActions: [...new Set(shapes.flatMap((s) => s.unknownActions))].sort(),
  };
}

/** Users and roles whose permissions the risk checks judge: service-linked roles are AWS's and skipped. */
export function judgedPrincipals(snapshot: AccountSnapshot): Principal[] {
  return allPrincipals(snapshot).filter(
    (p) => p.kind === 'user' || (p.kind === 'role' && !p.entity.path.startsWith('/aws-service-role/')),
  );
}
