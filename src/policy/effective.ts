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
//
// Modules: effective-types.ts (the vocabulary), statement-class.ts (resource and condition class of a statement),
// permission-profile.ts (the summarized result), profile-segments.ts (segment plan and per-segment computation),
// tier-sets.ts (full tier sets), action-decision.ts (one action explained), document-access.ts (one document).
import type { AccountSnapshot, IamGroup, IamRole, IamUser, ManagedPolicy, PolicyStatement } from '../snapshot/snapshot.js';
import { ActionBits } from './action-set.js';
import { actionIndex, actionsKey, type ActionIndex } from './action-index.js';
import type { ActionCatalog } from './catalog.js';
import type { AnalyzerOptions, CompiledStatement, GrantRef, PrincipalAnalysis, StatementShape } from './effective-types.js';
import { PermissionProfile } from './permission-profile.js';
import { computeSegment, SEGMENT_WORDS, segmentPlan, segmentTables, type SegmentResult, type SegmentTables } from './profile-segments.js';
import { allPrincipals, policyIndex, type Principal } from './reachable.js';
import { statementClass } from './statement-class.js';
import { accumulate, principalPermissions, type PrincipalPermissions } from './tier-sets.js';

export type { AnalyzerOptions, CompiledStatement, GrantRef, PrincipalAnalysis, StatementShape } from './effective-types.js';
export { type LevelCounts, PermissionProfile, WATCH_ALLOWED, WATCH_ANY_RESOURCE, WATCH_DENIED, WATCH_FREE, WATCH_IDENTITY, WATCH_UNCONDITIONAL } from './permission-profile.js';
export { isEveryResource, isSelfScoped } from './statement-class.js';
export type { PrincipalPermissions } from './tier-sets.js';
export { explainAction, grantingStatements, type ActionDecision, type Decision, type Grant, type GrantQuality } from './action-decision.js';

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
  private readonly tables: SegmentTables;
  // Scratch, per analyzer: identity and boundary accumulators by tier class (unconditional/conditional x any/scoped,
  // Deny), and the watch flags of the profile being computed. computeProfile is synchronous and never re-entered, and
  // clears both before use.
  private readonly acc: ActionBits[];
  private readonly watchScratch: Uint8Array;

  constructor(
    readonly snapshot: AccountSnapshot,
    catalog: ActionCatalog,
    options: AnalyzerOptions = {},
  ) {
    this.index = actionIndex(catalog);
    this.policies = policyIndex(snapshot);
    this.tables = segmentTables(this.index, options);
    this.acc = Array.from({ length: 10 }, () => new ActionBits(this.index.wordCount));
    this.watchScratch = new Uint8Array(this.tables.watchIds.length);
  }

  shape(st: PolicyStatement): StatementShape {
    let shape = this.shapes.get(st);
    if (shape) return shape;
    const { set, unknown } = this.index.statementActions(st);
    const { anyResource, conditional } = statementClass(st);
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
    const sampleSize = this.tables.sampleSize;
    let accumulated = false;
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // [identity all, effective all, effective free] x 5 levels
    const broad = [0, 0, 0, 0]; // [any resource, free, Permissions management, Write]
    const picks: number[][] = [[], [], [], []];
    let anyWatched = false;

    const plan = segmentPlan(identity, boundary);
    for (let i = 0; i < plan.segments.length; i++) {
      const g = plan.segments[i]!;
      const key = plan.keys[i]!;
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
        seg = computeSegment(this.tables, this.acc, from, to, boundary !== undefined);
        bySegment[g] = seg;
      }
      for (let k = 0; k < 15; k++) counts[k]! += seg.counts[k]!;
      for (let k = 0; k < 4; k++) broad[k]! += seg.broad[k]!;
      for (let c = 0; c < 4; c++) {
        const from = seg.picks[c]!;
        const into = picks[c]!;
        for (let k = 0; k < from.length && into.length < sampleSize; k++) into.push(from[k]!);
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
    for (const list of picks) for (const id of list) if (sample.length < sampleSize) sample.push(id);
    return new PermissionProfile(counts, free === this.index.size, watched, broad, sample, this.index);
  }

  /** Full tier sets of one principal (not memoized; for explanations and tests, not for bulk analysis). */
  permissions(a: PrincipalAnalysis): PrincipalPermissions {
    return principalPermissions(this.index, a);
  }
}

/** Users and roles whose permissions the risk checks judge: service-linked roles are AWS's and skipped. */
export function judgedPrincipals(snapshot: AccountSnapshot): Principal[] {
  return allPrincipals(snapshot).filter(
    (p) => p.kind === 'user' || (p.kind === 'role' && !p.entity.path.startsWith('/aws-service-role/')),
  );
}
