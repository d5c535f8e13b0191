// The attack-path graph of one account: nodes are its users and roles and "admin" (full administrative access:
// every action allowed unconditionally on "*" after Denies and the permissions boundary, as the set analysis
// computes it); an edge is one step an attacker holding the source's credentials can take (methods.ts), with the
// statements that allow it (permission.ts). Edges are built on demand, per target (`incoming`), because the queries
// walk backwards from the target: only principals that lead somewhere are ever looked at.
//
// Model, beside the evaluator's (src/policy/evaluate.ts):
// - sts:AssumeRole: the role's trust policy must admit the source (its Denies and NotPrincipal apply). A trust that
//   names the source's ARN admits it without an identity-policy Allow (same account); a trust naming the account
//   (root) only delegates: the source's identity policies must allow sts:AssumeRole on the role too. Boundaries and
//   SCPs apply as the evaluator applies them.
// - Trust statements whose Condition can never hold at the audit time (inert-conditions.ts) admit nobody.
// - Self changes (methods.ts SELF_CHANGES) lead to admin when the change would make the principal an administrator:
//   its statements plus an Allow of "*" on "*" (or without its boundary, for Delete*PermissionsBoundary) give full
//   access after its boundary and Denies. iam:SetDefaultPolicyVersion is left out: the snapshot has no non-default
//   versions to judge.
// - iam:PassRole to new compute: the source may pass the role to the service (iam:PassedToService), has the other
//   actions the method needs, and the role trusts the service.
import { analyzeTrust, type TrustEntry } from '../policy/trust.js';
import type { ActionCatalog } from '../policy/catalog.js';
import { isAwsManagedPolicyArn } from '../policy/arn.js';
import { inertConditionReason, liveSnapshot } from '../policy/inert-conditions.js';
import { riskAnalysis, riskWatchList, type PrincipalRisk } from '../policy/principal-risk.js';
import { WATCH_ALLOWED, type EffectiveAnalyzer, type StatementShape } from '../policy/effective.js';
import type { AccountSnapshot, IamGroup, IamRole, IamUser, PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';
import { ASSUME_ROLE, CREATE_ACCESS_KEY, CREATE_LOGIN_PROFILE, PASS_ROLE_METHODS, SELF_CHANGES, UPDATE_LOGIN_PROFILE, UPDATE_TRUST, type SelfChange, type StepMethod } from './methods.js';
import { both, can, NO, type Answer, type Ask, type Grant } from './permission.js';

export const ADMIN = 'admin';

export interface Hop {
  from: string;
  /** A user or role ARN, or "admin". */
  to: string;
  method: string;
  title: string;
  conditional: boolean;
  grantedBy: Grant[];
  sources: readonly string[];
}

const FULL_ADMIN: PolicyStatement = { Effect: 'Allow', Action: ['*'], Resource: ['*'] };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class PathGraph {
  readonly snapshot: AccountSnapshot;
  /** Principals with full administrative access already. */
  readonly admins: ReadonlySet<string>;
  private readonly analyzer: EffectiveAnalyzer;
  private readonly principals: PrincipalRisk[];
  private readonly byArn = new Map<string, PrincipalRisk>();
  private readonly watchPosition = new Map<string, number>();
  private readonly incomingCache = new Map<string, Hop[]>();
  private readonly anyResource = new Map<string, Answer>();
  private readonly now: string | undefined;

  constructor(snapshot: AccountSnapshot, catalog: ActionCatalog, now?: string) {
    this.now = now;
    const risk = riskAnalysis(snapshot, catalog, now);
    this.snapshot = now === undefined ? snapshot : liveSnapshot(snapshot, now);
    this.analyzer = risk.analyzer;
    this.principals = [...risk.principals].sort((a, b) => cmp(arnOf(a), arnOf(b)));
    for (const p of this.principals) this.byArn.set(arnOf(p), p);
    for (const [i, name] of riskWatchList(risk.index).entries()) this.watchPosition.set(name, i);
    this.admins = new Set(this.principals.filter((p) => p.analysis.profile.fullAdmin).map(arnOf));
  }

  /** The users and roles of the graph (service-linked roles excepted), by ARN. */
  principalArns(): string[] {
    return this.principals.map(arnOf);
  }

  has(arn: string): boolean {
    return this.byArn.has(arn);
  }

  /** Every step into `node` (a principal ARN or ADMIN), ordered by source ARN, then method. */
  incoming(node: string): Hop[] {
    let hops = this.incomingCache.get(node);
    if (hops) return hops;
    const target = this.byArn.get(node);
    hops = node === ADMIN ? this.intoAdmin() : target?.analysis.principal.kind === 'user' ? this.intoUser(target.analysis.principal.entity as IamUser) : target ? this.intoRole(target.analysis.principal.entity as IamRole) : [];
    hops.sort((a, b) => cmp(a.from, b.from) || cmp(a.method, b.method));
    this.incomingCache.set(node, hops);
    return hops;
  }

  /** Whether the set analysis says the principal may be allowed the action at all (a cheap superset filter). */
  private mayDo(p: PrincipalRisk, action: string): boolean {
    const pos = this.watchPosition.get(action);
    if (pos === undefined) return true;
    const watched = p.analysis.profile.watched;
    return watched !== '' && (watched.charCodeAt(pos) & WATCH_ALLOWED) !== 0;
  }

  private ask(p: PrincipalRisk, ask: Ask): Answer {
    if (ask.resource !== '*' || ask.context || ask.resourcePolicy) return can(this.snapshot, p.analysis.principal, ask);
    const key = `${arnOf(p)}\u0000${ask.action}`;
    let hit = this.anyResource.get(key);
    if (!hit) this.anyResource.set(key, (hit = can(this.snapshot, p.analysis.principal, ask)));
    return hit;
  }

  private hop(from: PrincipalRisk, to: string, method: StepMethod, answer: Answer): Hop {
    return { from: arnOf(from), to, method: method.id, title: method.title, conditional: answer.conditional, grantedBy: answer.grants, sources: method.sources };
  }

  // ---- into admin: the principal changes its own permissions -------------------------------------------------

  private intoAdmin(): Hop[] {
    const hops: Hop[] = [];
    for (const p of this.principals) {
      if (this.admins.has(arnOf(p))) continue;
      const kind = p.analysis.principal.kind as 'user' | 'role';
      const seen = new Set<string>();
      for (const m of SELF_CHANGES) {
        if (m.kind !== kind || seen.has(m.id) || !this.mayDo(p, m.action)) continue;
        const answer = this.firstAllowed(p, m, this.selfTargets(p, m));
        if (answer.allowed) {
          seen.add(m.id);
          hops.push(this.hop(p, ADMIN, m, answer));
        }
      }
    }
    return hops;
  }

  /** The resources a self change acts on that would make the principal an administrator, sorted. */
  private selfTargets(p: PrincipalRisk, m: SelfChange): string[] {
    const entity = p.analysis.principal.entity as IamUser | IamRole;
    const own = p.analysis.statements.map((s) => s.shape);
    const boundary = p.analysis.boundary?.resolved ? p.analysis.boundary.statements.map((s) => s.shape) : undefined;
    const adminWith = (extra: readonly StatementShape[], withBoundary = boundary) => this.analyzer.profileOf([...own, ...extra], withBoundary).fullAdmin;
    const admin = [this.analyzer.shape(FULL_ADMIN)];
    switch (m.target) {
      case 'self':
        return adminWith(admin) ? [entity.arn] : [];
      case 'attached-policy': {
        if (!adminWith(admin)) return [];
        const arns = new Set(p.analysis.statements.map((s) => s.ref.policyArn).filter((a): a is string => a !== undefined && !isAwsManagedPolicyArn(a)));
        return [...arns].sort();
      }
      case 'group': {
        if (!adminWith(admin)) return [];
        return this.groupsOf(entity as IamUser).map((g) => g.arn).sort();
      }
      case 'any-group': {
        const mine = new Set((entity as IamUser).groups);
        return this.snapshot.groups
          .filter((g) => !mine.has(g.name) && adminWith(this.analyzer.analyze({ kind: 'group', entity: g }).statements.map((s) => s.shape)))
          .map((g) => g.arn)
          .sort();
      }
      case 'boundary':
        return p.analysis.boundary && this.analyzer.profileOf(own, undefined).fullAdmin ? [entity.arn] : [];
    }
  }

  private groupsOf(user: IamUser): IamGroup[] {
    const names = new Set(user.groups);
    return this.snapshot.groups.filter((g) => names.has(g.name));
  }

  /** The first target the principal may act on unconditionally, else the first it may act on conditionally. */
  private firstAllowed(p: PrincipalRisk, m: { action: string }, resources: readonly string[]): Answer {
    let conditional: Answer | undefined;
    for (const resource of resources) {
      const answer = this.ask(p, { action: m.action, resource });
      if (answer.allowed && !answer.conditional) return answer;
      if (answer.allowed) conditional ??= answer;
    }
    return conditional ?? NO;
  }

  // ---- into a user: credentials for it --------------------------------------------------------------------------

  private intoUser(user: IamUser): Hop[] {
    const row = this.snapshot.credentialReport?.rows.find((r) => r.arn === user.arn);
    const password = row?.passwordEnabled ?? undefined;
    const methods: [StepMethod, string][] = [[CREATE_ACCESS_KEY, 'iam:CreateAccessKey']];
    if (password !== true) methods.push([CREATE_LOGIN_PROFILE, 'iam:CreateLoginProfile']);
    if (password !== false) methods.push([UPDATE_LOGIN_PROFILE, 'iam:UpdateLoginProfile']);
    const hops: Hop[] = [];
    for (const p of this.principals) {
      if (arnOf(p) === user.arn) continue;
      for (const [method, action] of methods) {
        if (!this.mayDo(p, action)) continue;
        const answer = this.ask(p, { action, resource: user.arn });
        if (answer.allowed) hops.push(this.hop(p, user.arn, method, answer));
      }
    }
    return hops;
  }

  // ---- into a role: assume it, rewrite its trust, or pass it to new compute ----------------------------------------

  private intoRole(role: IamRole): Hop[] {
    const trust = this.liveTrust(role.assumeRolePolicy);
    const entries = analyzeTrust(trust, this.snapshot.accountId).entries.filter((e) => !e.deniedBy);
    const hops: Hop[] = [];
    const aws = entries.filter((e) => e.type === 'AWS' && e.actions.includes('sts:AssumeRole'));
    const named = new Set(aws.map((e) => e.principal));
    const anyone = aws.some((e) => e.class === 'public');
    const delegated = aws.some((e) => e.class === 'same-account' && this.isAccountPrincipal(e));
    const services = new Set(entries.filter((e) => e.type === 'Service').map((e) => e.principal));
    for (const p of this.principals) {
      const arn = arnOf(p);
      if (arn === role.arn) continue;
      if (anyone || named.has(arn) || (delegated && this.mayDo(p, 'sts:AssumeRole'))) {
        const answer = this.assume(p, role, trust, anyone || named.has(arn));
        if (answer.allowed) hops.push(this.hop(p, role.arn, ASSUME_ROLE, answer));
      }
      if (this.mayDo(p, 'iam:UpdateAssumeRolePolicy')) {
        const answer = this.ask(p, { action: 'iam:UpdateAssumeRolePolicy', resource: role.arn });
        if (answer.allowed) hops.push(this.hop(p, role.arn, UPDATE_TRUST, answer));
      }
      if (services.size === 0 || !this.mayDo(p, 'iam:PassRole')) continue;
      for (const m of PASS_ROLE_METHODS) {
        if (!services.has(m.service) || !m.actions.every((a) => this.mayDo(p, a))) continue;
        let answer = this.ask(p, { action: 'iam:PassRole', resource: role.arn, context: { 'iam:PassedToService': [m.service] } });
        for (const action of m.actions) answer = both(answer, this.ask(p, { action, resource: '*' }));
        if (answer.allowed) {
          hops.push(this.hop(p, role.arn, m, answer));
          break; // one PassRole method per source and role is enough to show the step
        }
      }
    }
    return hops;
  }

  private assume(p: PrincipalRisk, role: IamRole, trust: PolicyDocument, namedInTrust: boolean): Answer {
    const ask = { action: 'sts:AssumeRole', resource: role.arn };
    const admitted = this.ask(p, { ...ask, resourcePolicy: trust, resourceOnly: true });
    if (!admitted.allowed) return NO;
    if (namedInTrust) {
      // Named (or "*"): the trust alone can allow it; the evaluator still applies Denies, the boundary and SCPs.
      const byName = trustNaming(trust, arnOf(p));
      const answer = this.ask(p, { ...ask, resourcePolicy: byName });
      if (answer.allowed) return answer;
    }
    return both(this.ask(p, ask), admitted);
  }

  private isAccountPrincipal(e: TrustEntry): boolean {
    return e.principal === this.snapshot.accountId || e.principal === `arn:${this.snapshot.partition}:iam::${this.snapshot.accountId}:root`;
  }

  private liveTrust(doc: PolicyDocument): PolicyDocument {
    const now = this.now;
    if (now === undefined || !doc.Statement.some((st) => inertConditionReason(st.Condition, now) !== undefined)) return doc;
    return { ...doc, Statement: doc.Statement.map((st) => (inertConditionReason(st.Condition, now) === undefined ? st : { Effect: st.Effect, Action: [], Resource: [] })) };
  }
}

/** The trust policy with only the Allows that name this principal's ARN or "*" (its Denies kept). */
function trustNaming(doc: PolicyDocument, arn: string): PolicyDocument {
  return {
    ...doc,
    Statement: doc.Statement.map((st) =>
      st.Effect === 'Deny' || (st.Principal?.AWS ?? []).some((p) => p === arn || p === '*') || st.NotPrincipal ? st : { Effect: 'Allow', Action: [], Resource: [] },
    ),
  };
}

const arnOf = (p: PrincipalRisk) => p.analysis.principal.entity.arn;
