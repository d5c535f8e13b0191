// Our request evaluator, written from AWS's documented policy evaluation logic:
//   1. an explicit Deny in any policy of any layer wins;
//   2. every guardrail that applies must Allow: the SCPs at EACH level of the account's path (root, OUs, account),
//      the permissions boundary, a session policy;
//   3. and the identity policies — or, in the same account, a resource policy naming the principal — must Allow.
// Otherwise the request is implicitly denied. The answer says which layer decided and by which statement.
import type { PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';
import { isAwsOwnedArn } from './arn.js';
import { wildcardRegExp } from './catalog.js';
import { arnLike, evaluateCondition, substituteVariables, type ConditionResult, type RequestContext } from './conditions.js';

export type Layer = 'scp' | 'boundary' | 'session' | 'identity' | 'resource';
export type Decision = 'ALLOWED' | 'IMPLICITLY_DENIED' | 'EXPLICITLY_DENIED';

export interface PolicySource {
  layer: Layer;
  /** Policy name (managed, inline or SCP name). */
  name: string;
  /** Managed policy / SCP ARN or id, when there is one. */
  arn?: string;
  /** Where the policy comes from, e.g. "group developers", "OU Production", "inline on role deploy". */
  via?: string;
  document: PolicyDocument;
}

export interface EvaluationInput {
  principalArn: string;
  action: string;
  /** Defaults to "*": "some resource". */
  resource?: string;
  /**
   * With resource "*": ask about the customer's resources only, so that an Allow whose every Resource is in AWS's own
   * account (arn:aws:iam::aws:policy/...) does not count. Set it for changes: AWS refuses them on its own resources
   * whatever the policies say. Reads of AWS managed policies are real grants, so it is off by default.
   */
  customerResourcesOnly?: boolean;
  context?: RequestContext;
  identity: PolicySource[];
  boundary?: PolicySource;
  /** One list per level of the account's organization path, root first; each level needs its own Allow. */
  scpLevels?: { level: string; policies: PolicySource[] }[];
  session?: PolicySource;
  resourcePolicy?: PolicySource;
}

export interface StatementRef {
  layer: Layer;
  policy: string;
  arn?: string;
  via?: string;
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
}

export interface LayerVerdict {
  layer: Layer;
  /** For SCPs: the level (root / OU / account). */
  level?: string;
  verdict: 'allow' | 'deny' | 'no-allow' | 'not-applicable';
  statements: StatementRef[];
  /** Statements that matched action and resource but whose condition did not hold (the "why not"). */
  unmetConditions: { ref: StatementRef; failed: NonNullable<ConditionResult['failed']> }[];
}

export interface Evaluation {
  decision: Decision;
  /** The layer that decided: the denying one, the one lacking an Allow, or "identity"/"resource" when allowed. */
  decidedBy: Layer;
  decidingLevel?: string;
  statements: StatementRef[];
  layers: LayerVerdict[];
  explanation: string;
}

interface Match {
  allows: StatementRef[];
  denies: StatementRef[];
  unmet: LayerVerdict['unmetConditions'];
}

export function evaluateRequest(input: EvaluationInput): Evaluation {
  const resource = input.resource ?? '*';
  const context: RequestContext = { 'aws:PrincipalArn': [input.principalArn], ...(input.context ?? {}) };
  const layers: LayerVerdict[] = [];
  const verdictOf = (layer: Layer, policies: PolicySource[], level?: string, needsPrincipal = false): LayerVerdict & Match => {
    const m = matchPolicies(policies, input.action, resource, context, needsPrincipal ? input.principalArn : undefined, input.customerResourcesOnly === true);
    const verdict: LayerVerdict['verdict'] = m.denies.length ? 'deny' : m.allows.length ? 'allow' : 'no-allow';
    const v = { layer, ...(level ? { level } : {}), verdict, statements: m.denies.length ? m.denies : m.allows, unmetConditions: m.unmet, ...m };
    layers.push({ layer: v.layer, ...(level ? { level } : {}), verdict: v.verdict, statements: v.statements, unmetConditions: v.unmetConditions });
    return v;
  };

  const scp = (input.scpLevels ?? []).map((l) => verdictOf('scp', l.policies, l.level));
  const boundary = input.boundary ? verdictOf('boundary', [input.boundary]) : undefined;
  const session = input.session ? verdictOf('session', [input.session]) : undefined;
  const identity = verdictOf('identity', input.identity);
  const resourcePolicy = input.resourcePolicy ? verdictOf('resource', [input.resourcePolicy], undefined, true) : undefined;

  const all = [...scp, boundary, session, identity, resourcePolicy].filter((v): v is LayerVerdict & Match => v !== undefined);
  const denying = all.find((v) => v.verdict === 'deny');
  if (denying) {
    return done('EXPLICITLY_DENIED', denying.layer, denying.denies, denying.level, `explicitly denied by ${describe(denying.denies[0]!)}`);
  }
  const missingScp = scp.find((v) => v.verdict !== 'allow');
  if (missingScp) {
    return done('IMPLICITLY_DENIED', 'scp', [], missingScp.level, `no service control policy at ${missingScp.level} allows ${input.action}`);
  }
  const byResource = resourcePolicy?.verdict === 'allow';
  // A resource policy that names an IAM user directly is not limited by that user's boundary or session policy
  // (AWS documents this for users); for role sessions it is.
  const resourceBypassesGuardrails = byResource && input.principalArn.includes(':user/');
  for (const guard of [boundary, session]) {
    if (guard && guard.verdict !== 'allow' && !resourceBypassesGuardrails) {
      const what = guard.layer === 'boundary' ? 'the permissions boundary' : 'the session policy';
      return done('IMPLICITLY_DENIED', guard.layer, [], undefined, `${what} does not allow ${input.action}`);
    }
  }
  if (identity.verdict === 'allow') return done('ALLOWED', 'identity', identity.allows, undefined, `allowed by ${describe(identity.allows[0]!)}`);
  if (byResource) return done('ALLOWED', 'resource', resourcePolicy!.allows, undefined, `allowed by ${describe(resourcePolicy!.allows[0]!)}`);
  return done('IMPLICITLY_DENIED', 'identity', [], undefined, `no identity policy allows ${input.action}${resource === '*' ? '' : ` on ${resource}`}`);

  function done(decision: Decision, decidedBy: Layer, statements: StatementRef[], decidingLevel: string | undefined, explanation: string): Evaluation {
    return { decision, decidedBy, ...(decidingLevel ? { decidingLevel } : {}), statements, layers, explanation };
  }
}

export function describe(ref: StatementRef): string {
  const layer = { scp: 'SCP', boundary: 'permissions boundary', session: 'session policy', identity: 'identity policy', resource: 'resource policy' }[ref.layer];
  const statement = ref.sid ? `statement "${ref.sid}"` : `statement #${ref.index}`;
  return `${layer} ${ref.policy}${ref.via ? ` (${ref.via})` : ''}, ${statement}`;
}

function matchPolicies(policies: PolicySource[], action: string, resource: string, context: RequestContext, principalArn?: string, customerResourcesOnly = false): Match {
  const m: Match = { allows: [], denies: [], unmet: [] };
  for (const p of policies) {
    p.document.Statement.forEach((st, index) => {
      if (!statementApplies(st, action, resource, context, principalArn)) return;
      if (customerResourcesOnly && resource === '*' && st.Effect === 'Allow' && onlyAwsOwned(st)) return;
      const ref: StatementRef = { layer: p.layer, policy: p.name, ...(p.arn ? { arn: p.arn } : {}), ...(p.via ? { via: p.via } : {}), ...(st.Sid ? { sid: st.Sid } : {}), index, effect: st.Effect };
      const cond = evaluateCondition(st.Condition, context);
      if (!cond.matched) {
        m.unmet.push({ ref, failed: cond.failed! });
        return;
      }
      (st.Effect === 'Deny' ? m.denies : m.allows).push(ref);
    });
  }
  return m;
}

export function statementApplies(st: PolicyStatement, action: string, resource: string, context: RequestContext, principalArn?: string): boolean {
  const actionHit = st.Action ? st.Action.some((p) => wildcardRegExp(p).test(action)) : st.NotAction ? !st.NotAction.some((p) => wildcardRegExp(p).test(action)) : false;
  if (!actionHit) return false;
  if (resource === '*') {
    // Asking about "*" means "some resource": an Allow scoped to specific ARNs grants it on some of them, but only a
    // Deny on every resource denies it outright.
    if (st.Effect === 'Deny' && !(st.Resource ?? []).includes('*')) return false;
  } else {
    const resourceMatches = (pattern: string) => arnLike(resource, substituteVariables(pattern, context));
    if (st.Resource && !st.Resource.some(resourceMatches)) return false;
    if (st.NotResource?.some(resourceMatches)) return false;
  }
  if (principalArn !== undefined) {
    if (st.Principal && !principalMatches(st.Principal, principalArn)) return false;
    if (st.NotPrincipal && principalMatches(st.NotPrincipal, principalArn)) return false;
  }
  return true;
}

/** Every Resource entry is in AWS's own account (no NotResource: that reaches everything else). */
function onlyAwsOwned(st: PolicyStatement): boolean {
  return st.NotResource === undefined && st.Resource !== undefined && st.Resource.length > 0 && st.Resource.every(isAwsOwnedArn);
}

function principalMatches(principal: Record<string, string[]>, arn: string): boolean {
  const account = arn.split(':')[4];
  return (principal.AWS ?? []).some((p) => p === '*' || p === arn || p === account || p === `arn:aws:iam::${account}:root`);
}
