// The policy layers that decide what one principal can do, as inputs for the evaluator: identity policies
// (inline, attached, and for users those of their groups), the permissions boundary, and SCPs when known.
import type { EvaluationInput, PolicySource } from '../policy/evaluate.js';
import { evaluateRequest } from '../policy/evaluate.js';
import { policyIndex, reachablePolicies, type Principal } from '../policy/reachable.js';
import type { RequestContext } from '../policy/conditions.js';
import type { AccountSnapshot, ManagedPolicy } from '../snapshot/snapshot.js';

export interface PrincipalLayers {
  identity: PolicySource[];
  boundary?: PolicySource;
  scpLevels?: EvaluationInput['scpLevels'];
  /** Policies attached but whose document is not in the snapshot: an answer that relies on them is uncertain. */
  unresolved: string[];
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots (and what is built from
// them) are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const cache = new WeakMap<AccountSnapshot, Map<string, PrincipalLayers>>();
const indexes = new WeakMap<AccountSnapshot, Map<string, ManagedPolicy>>();

export function principalLayers(snapshot: AccountSnapshot, principal: Principal): PrincipalLayers {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  const hit = perSnapshot.get(principal.entity.arn);
  if (hit) return hit;
  let index = indexes.get(snapshot);
  if (!index) indexes.set(snapshot, (index = policyIndex(snapshot)));
  const unresolved: string[] = [];
  const identity: PolicySource[] = [];
  for (const p of reachablePolicies(snapshot, principal, { index })) {
    if (!p.document) {
      unresolved.push(p.arn ?? p.name);
      continue;
    }
    const where = p.viaGroup ? `group ${p.viaGroup}` : p.type === 'inline' ? `inline on ${principal.kind} ${principal.entity.name}` : `attached to ${principal.kind} ${principal.entity.name}`;
    identity.push({ layer: 'identity', name: p.name, ...(p.arn ? { arn: p.arn } : {}), via: where, document: p.document });
  }
  const layers: PrincipalLayers = { identity, unresolved };
  const boundaryArn = principal.kind === 'group' ? undefined : principal.entity.permissionsBoundary?.arn;
  if (boundaryArn) {
    const doc = index.get(boundaryArn)?.document;
    if (doc) layers.boundary = { layer: 'boundary', name: boundaryArn.split('/').pop() ?? boundaryArn, arn: boundaryArn, document: doc };
    else unresolved.push(boundaryArn);
  }
  const scpLevels = scpLevelsOf(snapshot);
  if (scpLevels) layers.scpLevels = scpLevels;
  perSnapshot.set(principal.entity.arn, layers);
  return layers;
}

export function evaluateForPrincipal(
  snapshot: AccountSnapshot,
  principal: Principal,
  action: string,
  options: { resource?: string; context?: RequestContext; scpLevels?: EvaluationInput['scpLevels'] } = {},
) {
  const layers = principalLayers(snapshot, principal);
  return evaluateRequest({
    principalArn: principal.entity.arn,
    action,
    ...(options.resource ? { resource: options.resource } : {}),
    // Every caller asks whether the principal can change or reach the customer's resources.
    customerResourcesOnly: true,
    ...(options.context ? { context: options.context } : {}),
    identity: layers.identity,
    ...(layers.boundary ? { boundary: layers.boundary } : {}),
    ...(options.scpLevels ?? layers.scpLevels ? { scpLevels: options.scpLevels ?? layers.scpLevels } : {}),
  });
}

/** The account's effective SCP chain as evaluator levels (root first); undefined when no SCP applies or is known. */
export function scpLevelsOf(snapshot: AccountSnapshot): EvaluationInput['scpLevels'] {
  const org = snapshot.organization;
  if (!org?.scpEnabled || org.scpChain.length === 0) return undefined;
  return org.scpChain.map((level) => ({
    level: `${level.targetType === 'ROOT' ? 'root' : level.targetType === 'ACCOUNT' ? 'account' : 'OU'} ${level.targetName}`,
    policies: level.policies.map((p) => ({ layer: 'scp' as const, name: p.name, arn: p.arn, via: `attached to ${level.targetName}`, document: p.document })),
  }));
}
