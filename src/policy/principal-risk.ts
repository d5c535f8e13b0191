// What every user and role of a snapshot can do that is risky: the known privilege-escalation methods it can use,
// and the resource-exposure, data-exfiltration and credential actions it holds on every resource. Computed once per
// snapshot and catalogue (cached on the snapshot object, which the runner hands unchanged to every check) and shared
// by the four iam.principal.* checks. Treat a snapshot as immutable once analysed.
//
// Grant classes (from effective.ts tiers), for an action or for a method (every required action):
//   unconditional       allowed without a restricting condition, on "*"
//   scoped              allowed without a restricting condition, but only on specific resources
//   conditional         allowed on "*" only under a restricting condition
//   conditional-scoped  both restricted
// Severity of an escalation method: its table severity when unconditional; capped at high when scoped (escalation
// through one named role or policy is still escalation); one level lower again when conditional.
import type { Severity } from '../vocabulary.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';
import { isFullAdminStatement } from './analysis.js';
import { actionIndex, type ActionIndex } from './action-index.js';
import type { ActionCatalog } from './catalog.js';
import {
  EffectiveAnalyzer,
  isSelfScoped,
  judgedPrincipals,
  WATCH_ALLOWED,
  WATCH_ANY_RESOURCE,
  WATCH_FREE,
  WATCH_UNCONDITIONAL,
  type PermissionProfile,
  type PrincipalAnalysis,
} from './effective.js';
import { appliesTo, ESCALATION_METHODS } from './escalation-methods.js';
import { dropAwsOwnedGrants } from './aws-owned.js';
import { liveSnapshot } from './inert-conditions.js';
import {
  CREDENTIAL_EXPOSURE_ACTIONS,
  DATA_READ_ACTIONS,
  READ_VERB_NAME,
  RESOURCE_EXPOSURE_ACTIONS,
  NOT_INFRASTRUCTURE_SERVICES,
  ROUTINE_WILDCARD_WRITES,
  SECRET_READ_ACTIONS,
} from './risk-actions.js';

import type { GrantClass, MethodMatch } from './method-match.js';

export type { GrantClass, MethodMatch };

export interface ActionMatch {
  action: string;
  /** The action's id in the catalogue index. */
  id: number;
  grant: GrantClass;
}

export interface PrincipalRisk {
  analysis: PrincipalAnalysis;
  /** Shared by every principal whose profile allows the watched actions the same way (same exposure, reads and
   * credentials lists): a cache key for things derived from those lists only. */
  riskKey: object;
  /** Full administrative access that iam.policy.full-admin already reports: an unconditional Allow of "*" on "*"
   * reaches the principal and nothing (boundary, Deny) takes any action away. */
  fullAdmin: boolean;
  escalation: MethodMatch[];
  /** Resource-exposure actions on "*" (unconditional or conditional). */
  exposure: ActionMatch[];
  secretReads: ActionMatch[];
  dataReads: ActionMatch[];
  credentials: ActionMatch[];
}

export interface RiskAnalysis {
  analyzer: EffectiveAnalyzer;
  index: ActionIndex;
  principals: PrincipalRisk[];
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const lowerSeverity = (s: Severity): Severity => SEVERITY_ORDER[Math.min(SEVERITY_ORDER.indexOf(s) + 1, SEVERITY_ORDER.length - 1)]!;
export const capSeverity = (s: Severity, cap: Severity): Severity => (SEVERITY_ORDER.indexOf(s) < SEVERITY_ORDER.indexOf(cap) ? cap : s);
export const maxSeverity = (list: readonly Severity[], fallback: Severity): Severity =>
  list.reduce((a, b) => (SEVERITY_ORDER.indexOf(b) < SEVERITY_ORDER.indexOf(a) ? b : a), fallback);

export function methodSeverity(base: Severity, grant: GrantClass): Severity {
  switch (grant) {
    case 'unconditional':
      return base;
    case 'scoped':
      return capSeverity(base, 'high');
    case 'conditional':
      return lowerSeverity(base);
    case 'conditional-scoped':
      return lowerSeverity(capSeverity(base, 'high'));
  }
}

function classOf(flags: number): GrantClass | undefined {
  if (flags & WATCH_FREE) return 'unconditional';
  if (flags & WATCH_UNCONDITIONAL) return 'scoped';
  if (flags & WATCH_ANY_RESOURCE) return 'conditional';
  if (flags & WATCH_ALLOWED) return 'conditional-scoped';
  return undefined;
}
const GRANT_RANK: Record<GrantClass, number> = { unconditional: 0, scoped: 1, conditional: 2, 'conditional-scoped': 3 };

/** The watch list: every action the risk checks ask about, and where each requirement's actions sit in it. */
class WatchList {
  readonly names: string[] = [];
  readonly ids: number[] = [];
  private readonly position = new Map<number, number>();
  readonly requirement = new Map<string, Int32Array>();

  constructor(readonly index: ActionIndex) {
    const patterns = [
      ...ESCALATION_METHODS.flatMap((m) => m.requires),
      ...RESOURCE_EXPOSURE_ACTIONS,
      ...SECRET_READ_ACTIONS,
      ...DATA_READ_ACTIONS,
      ...CREDENTIAL_EXPOSURE_ACTIONS,
    ];
    for (const p of patterns) {
      if (this.requirement.has(p)) continue;
      const positions: number[] = [];
      for (const id of index.pattern(p).ids()) {
        let pos = this.position.get(id);
        if (pos === undefined) {
          pos = this.names.length;
          this.position.set(id, pos);
          this.names.push(index.name(id));
          this.ids.push(id);
        }
        positions.push(pos);
      }
      this.requirement.set(p, Int32Array.from(positions));
    }
    this.methods = ESCALATION_METHODS.map((m) => m.requires.map((r) => this.positions(r)));
  }

  positions(pattern: string): Int32Array {
    return this.requirement.get(pattern) ?? new Int32Array(0);
  }

  /** Per escalation method (ESCALATION_METHODS order), the positions of each requirement. */
  readonly methods: readonly (readonly Int32Array[])[];
}

interface ProfileRisk {
  escalation: MethodMatch[];
  exposure: ActionMatch[];
  secretReads: ActionMatch[];
  dataReads: ActionMatch[];
  credentials: ActionMatch[];
}

const NO_RISK: ProfileRisk = { escalation: [], exposure: [], secretReads: [], dataReads: [], credentials: [] };

/** Escalation methods and risky actions a permission profile allows, for one kind of principal. */
function profileRisk(profile: PermissionProfile, kind: 'user' | 'role', watch: WatchList): ProfileRisk {
  const watched = profile.watched;
  if (watched === '') return NO_RISK;
  const w = (pos: number) => watched.charCodeAt(pos);
  /** OR of the flags of a requirement's actions. */
  const flagsOf = (req: string): number => {
    let f = 0;
    for (const pos of watch.positions(req)) f |= w(pos);
    return f;
  };
  const escalation: MethodMatch[] = [];
  ESCALATION_METHODS.forEach((method, mi) => {
    if (!appliesTo(method, kind)) return;
    // Cheap rejection first: most profiles lack some requirement entirely.
    for (const positions of watch.methods[mi]!) {
      let f = 0;
      for (let k = 0; k < positions.length; k++) f |= w(positions[k]!);
      if ((f & WATCH_ALLOWED) === 0) return;
    }
    const classes = method.requires.map(flagsOf);
    // A requirement's best grant may be scoped while another's is conditional: the method is then both.
    const all = (bit: number) => classes.every((f) => (f & bit) !== 0);
    const grant: GrantClass = all(WATCH_FREE) ? 'unconditional' : all(WATCH_UNCONDITIONAL) ? 'scoped' : all(WATCH_ANY_RESOURCE) ? 'conditional' : 'conditional-scoped';
    const requirements = method.requires.map((requirement) => {
      const actions: { name: string; grant: GrantClass }[] = [];
      for (const pos of watch.positions(requirement)) {
        const g = classOf(w(pos));
        if (g) actions.push({ name: watch.names[pos]!, grant: g });
      }
      actions.sort((a, b) => GRANT_RANK[a.grant] - GRANT_RANK[b.grant]);
      return { requirement, actions: actions.slice(0, 5).map((a) => a.name) };
    });
    escalation.push({ method, grant, severity: methodSeverity(method.severity, grant), requirements });
  });
  escalation.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.method.id < b.method.id ? -1 : 1));

  /** Actions of a list allowed on "*" (unconditionally or not), unconditional first. */
  const onAny = (list: readonly string[]): ActionMatch[] => {
    const out: ActionMatch[] = [];
    for (const a of list) {
      for (const pos of watch.positions(a)) {
        const f = w(pos);
        if (f & WATCH_FREE) out.push({ action: watch.names[pos]!, id: watch.ids[pos]!, grant: 'unconditional' });
        else if (f & WATCH_ANY_RESOURCE) out.push({ action: watch.names[pos]!, id: watch.ids[pos]!, grant: 'conditional' });
      }
    }
    return out.sort((a, b) => GRANT_RANK[a.grant] - GRANT_RANK[b.grant]);
  };
  return {
    escalation,
    exposure: onAny(RESOURCE_EXPOSURE_ACTIONS),
    secretReads: onAny(SECRET_READ_ACTIONS),
    dataReads: onAny(DATA_READ_ACTIONS),
    credentials: onAny(CREDENTIAL_EXPOSURE_ACTIONS),
  };
}

/**
 * Methods that act on other users (their keys or password) do not count when every statement granting the action
 * only names the caller itself (Resource "arn:aws:iam::*:user/${aws:username}"): the usual self-service grant.
 */
function dropSelfServiceGrants(analysis: PrincipalAnalysis, index: ActionIndex, escalation: MethodMatch[]): MethodMatch[] {
  if (!escalation.some((m) => m.method.targetsOtherUsers && (m.grant === 'scoped' || m.grant === 'conditional-scoped'))) return escalation;
  return escalation.filter((m) => {
    if (!m.method.targetsOtherUsers || m.grant === 'unconditional' || m.grant === 'conditional') return true;
    return m.requirements.some((r) =>
      r.actions.some((name) => {
        const id = index.id(name)!;
        const granting = analysis.statements.filter((s) => s.shape.effect === 'Allow' && s.shape.actions.has(id));
        return granting.some((s) => !isSelfScoped(s.statement));
      }),
    );
  });
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const cache = new WeakMap<AccountSnapshot, Map<ActionCatalog, RiskAnalysis>>();

/**
 * The risk analysis of every user and role (service-linked roles excepted). Cached per snapshot and catalogue. With
 * `now` (the checks pass context.now), statements whose Condition can never hold at that time are inert
 * (inert-conditions.ts): they grant and deny nothing.
 */
export function riskAnalysis(original: AccountSnapshot, catalog: ActionCatalog, now?: string): RiskAnalysis {
  const snapshot = now === undefined ? original : liveSnapshot(original, now);
  let perCatalog = cache.get(snapshot);
  if (!perCatalog) cache.set(snapshot, (perCatalog = new Map()));
  const hit = perCatalog.get(catalog);
  if (hit) return hit;
  const analysis = computeRiskAnalysis(snapshot, catalog);
  perCatalog.set(catalog, analysis);
  return analysis;
}

// Memo, as above.
const watchLists = new WeakMap<ActionIndex, WatchList>();

/** Actions that do not count as infrastructure modification (risk-actions.ts). */
function infraExclusions(index: ActionIndex): string[] {
  const services = NOT_INFRASTRUCTURE_SERVICES.map((svc) => `${svc}:`);
  return [...ROUTINE_WILDCARD_WRITES, ...index.names.filter((n) => READ_VERB_NAME.test(n) || services.some((p) => n.startsWith(p)))];
}

// Memo, as above.
const analyzers = new WeakMap<AccountSnapshot, Map<ActionCatalog, EffectiveAnalyzer>>();

/**
 * The analyzer riskAnalysis() uses (watching the risk actions), shared per snapshot and catalogue: a check that only
 * needs documents analysed (iam.policy.unattached) gets it without paying for the analysis of every principal.
 */
export function riskAnalyzer(snapshot: AccountSnapshot, catalog: ActionCatalog): EffectiveAnalyzer {
  let perCatalog = analyzers.get(snapshot);
  if (!perCatalog) analyzers.set(snapshot, (perCatalog = new Map()));
  let analyzer = perCatalog.get(catalog);
  if (!analyzer) {
    const index = actionIndex(catalog);
    let watch = watchLists.get(index);
    if (!watch) watchLists.set(index, (watch = new WatchList(index)));
    analyzer = new EffectiveAnalyzer(snapshot, catalog, { watch: watch.names, writeExclusions: infraExclusions(index) });
    perCatalog.set(catalog, analyzer);
  }
  return analyzer;
}

function computeRiskAnalysis(snapshot: AccountSnapshot, catalog: ActionCatalog): RiskAnalysis {
  const index = actionIndex(catalog);
  const analyzer = riskAnalyzer(snapshot, catalog);
  const watch = watchLists.get(index)!;
  // Profiles that allow the same watched actions the same way carry the same risk: memoized by that content, and per
  // (shared) profile object, so the content key is built once per distinct profile rather than once per principal.
  const byWatched = new Map<string, ProfileRisk>();
  const byProfile = new WeakMap<PermissionProfile, { user?: ProfileRisk; role?: ProfileRisk }>();
  const principals: PrincipalRisk[] = [];
  for (const principal of judgedPrincipals(snapshot)) {
    const a = analyzer.analyze(principal);
    const kind = principal.kind as 'user' | 'role';
    let perKind = byProfile.get(a.profile);
    if (!perKind) byProfile.set(a.profile, (perKind = {}));
    let risk = perKind[kind];
    if (!risk) {
      const key = a.profile.watched ? kind + a.profile.watched : '';
      risk = byWatched.get(key);
      if (!risk) byWatched.set(key, (risk = profileRisk(a.profile, kind, watch)));
      perKind[kind] = risk;
    }
    principals.push({
      analysis: a,
      riskKey: risk,
      fullAdmin: a.profile.fullAdmin && a.statements.some((s) => isFullAdminStatement(s.statement)),
      escalation: risk.escalation.length ? dropAwsOwnedGrants(a, index, dropSelfServiceGrants(a, index, risk.escalation)) : risk.escalation,
      exposure: risk.exposure,
      secretReads: risk.secretReads,
      dataReads: risk.dataReads,
      credentials: risk.credentials,
    });
  }
  return { analyzer, index, principals };
}

/** Escalation methods a permission profile would enable (for policies not attached to anyone yet). */
export function profileEscalation(profile: PermissionProfile, kind: 'user' | 'role', index: ActionIndex): MethodMatch[] {
  let watch = watchLists.get(index);
  if (!watch) watchLists.set(index, (watch = new WatchList(index)));
  return profileRisk(profile, kind, watch).escalation;
}

/** The watch list of an index (the analyzer option riskAnalysis uses). */
export function riskWatchList(index: ActionIndex): readonly string[] {
  let watch = watchLists.get(index);
  if (!watch) watchLists.set(index, (watch = new WatchList(index)));
  return watch.names;
}
