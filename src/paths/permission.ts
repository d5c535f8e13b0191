// One question of the attack-path graph: can this principal do this action on this resource, unconditionally, only
// under a condition, or not at all? Answered by the request evaluator (src/policy/evaluate.ts) twice: once with the
// request context AWS itself knows about the caller (its ARN, account, name, tags), once "relaxed" — every Allow's
// Condition assumed to hold and every conditional Deny assumed not to apply. Allowed strictly: an unconditional step;
// allowed only relaxed: a conditional step, shown with the conditions it needs. Conditions that can never hold at the
// audit time are already gone (liveSnapshot, inert-conditions.ts) and so block the step.
import { principalLayers } from '../agents/principal-policies.js';
import type { RequestContext } from '../policy/conditions.js';
import { evaluateRequest, type Evaluation, type PolicySource, type StatementRef } from '../policy/evaluate.js';
import type { Principal } from '../policy/reachable.js';
import type { AccountSnapshot, PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';

export type Condition = NonNullable<PolicyStatement['Condition']>;

/** A statement that grants (or, for a trust, admits) one step. */
export interface Grant {
  action: string;
  resource: string;
  /** "identity", "boundary", "trust" (the role's trust policy), "scp". */
  layer: string;
  policy: string;
  policyArn?: string;
  via?: string;
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
  /** The statement's Condition: the step needs it to hold. */
  condition?: Condition;
}

export interface Answer {
  allowed: boolean;
  conditional: boolean;
  grants: Grant[];
}

export const NO: Answer = { allowed: false, conditional: false, grants: [] };

const relaxedDocs = new WeakMap<PolicyDocument, PolicyDocument>();

/** Every Allow's Condition assumed to hold, every conditional Deny assumed not to apply (kept in place, matching
 * nothing, so statement positions stay those of the original). */
export function relaxed(doc: PolicyDocument): PolicyDocument {
  let hit = relaxedDocs.get(doc);
  if (hit) return hit;
  if (!doc.Statement.some((st) => st.Condition !== undefined)) hit = doc;
  else {
    hit = {
      ...doc,
      Statement: doc.Statement.map((st): PolicyStatement => {
        if (st.Condition === undefined) return st;
        if (st.Effect === 'Deny') return { Effect: 'Deny', Action: [], Resource: [] };
        const { Condition: _dropped, ...rest } = st;
        return rest;
      }),
    };
  }
  relaxedDocs.set(doc, hit);
  return hit;
}

const relaxSource = (s: PolicySource): PolicySource => ({ ...s, document: relaxed(s.document) });

/** The request context AWS adds for the caller itself. */
export function callerContext(snapshot: AccountSnapshot, principal: Principal): RequestContext {
  const ctx: RequestContext = { 'aws:PrincipalAccount': [snapshot.accountId], 'aws:PrincipalType': [principal.kind === 'user' ? 'User' : 'AssumedRole'] };
  if (principal.kind === 'user') ctx['aws:username'] = [principal.entity.name];
  if (principal.kind !== 'group') for (const [k, v] of Object.entries(principal.entity.tags)) ctx[`aws:PrincipalTag/${k}`] = [v];
  if (snapshot.organization) ctx['aws:PrincipalOrgID'] = [snapshot.organization.id];
  return ctx;
}

export interface Ask {
  action: string;
  resource: string;
  context?: RequestContext;
  /** A resource policy (a role's trust policy) evaluated beside the identity policies. */
  resourcePolicy?: PolicyDocument;
  /** Leave the caller's identity policies, boundary and SCPs out: ask the resource policy alone. */
  resourceOnly?: boolean;
}

/** Can `principal` do `ask.action` on `ask.resource`? */
export function can(snapshot: AccountSnapshot, principal: Principal, ask: Ask): Answer {
  const layers = principalLayers(snapshot, principal);
  const context = { ...callerContext(snapshot, principal), ...(ask.context ?? {}) };
  const run = (relax: boolean): Evaluation => {
    const r = relax ? relaxSource : (s: PolicySource) => s;
    return evaluateRequest({
      principalArn: principal.entity.arn,
      action: ask.action,
      resource: ask.resource,
      customerResourcesOnly: true,
      context,
      identity: ask.resourceOnly ? [] : layers.identity.map(r),
      ...(layers.boundary && !ask.resourceOnly ? { boundary: r(layers.boundary) } : {}),
      ...(layers.scpLevels && !ask.resourceOnly ? { scpLevels: layers.scpLevels.map((l) => ({ level: l.level, policies: l.policies.map(r) })) } : {}),
      ...(ask.resourcePolicy ? { resourcePolicy: { layer: 'resource', name: 'trust policy', document: relax ? relaxed(ask.resourcePolicy) : ask.resourcePolicy } } : {}),
    });
  };
  const strict = run(false);
  if (strict.decision === 'ALLOWED') return { allowed: true, conditional: false, grants: grantsOf(strict.statements, ask, layers.identity, layers.boundary) };
  const loose = run(true);
  if (loose.decision !== 'ALLOWED') return NO;
  const grants = grantsOf(loose.statements, ask, layers.identity, layers.boundary);
  // The conditional Denies that applied to the strict request: the step needs them not to apply.
  for (const l of strict.layers) {
    if (l.verdict !== 'deny') continue;
    for (const ref of l.statements) grants.push(grantOf(ref, ask, layers.identity, layers.boundary));
  }
  return { allowed: true, conditional: true, grants };
}

function grantsOf(refs: readonly StatementRef[], ask: Ask, identity: readonly PolicySource[], boundary: PolicySource | undefined): Grant[] {
  return refs.map((ref) => grantOf(ref, ask, identity, boundary));
}

function grantOf(ref: StatementRef, ask: Ask, identity: readonly PolicySource[], boundary: PolicySource | undefined): Grant {
  const source =
    ref.layer === 'resource'
      ? ask.resourcePolicy
      : ref.layer === 'boundary'
        ? boundary?.document
        : identity.find((s) => s.name === ref.policy && s.via === ref.via && s.arn === ref.arn)?.document;
  const condition = source?.Statement[ref.index]?.Condition;
  return {
    action: ask.action,
    resource: ask.resource,
    layer: ref.layer === 'resource' ? 'trust' : ref.layer,
    policy: ref.layer === 'resource' ? `trust policy of ${ask.resource}` : ref.policy,
    ...(ref.arn ? { policyArn: ref.arn } : {}),
    ...(ref.via ? { via: ref.via } : {}),
    ...(ref.sid ? { sid: ref.sid } : {}),
    index: ref.index,
    effect: ref.effect,
    ...(condition ? { condition } : {}),
  };
}

/** Both answers, as one step: allowed when both are; conditional when either is. */
export function both(a: Answer, b: Answer): Answer {
  if (!a.allowed || !b.allowed) return NO;
  return { allowed: true, conditional: a.conditional || b.conditional, grants: [...a.grants, ...b.grants] };
}
