// Shared by the agent checks: the selected agent principals, and how to judge one action for one of them.
import { DEFAULT_AGENT_SELECTOR, selectAgents } from '../../agents/select.js';
import { evaluateForPrincipal, principalLayers } from '../../agents/principal-policies.js';
import type { Evaluation } from '../../policy/evaluate.js';
import type { Principal } from '../../policy/reachable.js';
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import type { CheckContext } from '../types.js';

export interface Agent {
  principal: Principal & { kind: 'user' | 'role' };
  selectedBy: string;
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const selected = new WeakMap<AccountSnapshot, Map<string, Agent[]>>();

/** The agent principals, selected once per snapshot and selector and shared by the agent checks. */
export function agentsOf(snapshot: AccountSnapshot, context: CheckContext): Agent[] {
  const selector = context.agents ?? DEFAULT_AGENT_SELECTOR;
  const key = JSON.stringify(selector);
  let perSnapshot = selected.get(snapshot);
  if (!perSnapshot) selected.set(snapshot, (perSnapshot = new Map()));
  let agents = perSnapshot.get(key);
  if (!agents) {
    agents = selectAgents(snapshot, selector).map((a) => ({
      principal: a.kind === 'user' ? { kind: 'user', entity: a.entity } : { kind: 'role', entity: a.entity },
      selectedBy: a.selectedBy,
    }));
    perSnapshot.set(key, agents);
  }
  return agents;
}

export interface ActionVerdict {
  action: string;
  decision: Evaluation['decision'];
  by: string;
  /** Conditions that kept an Allow from applying (the request had no such context). */
  unmetConditions?: string[];
}

export function judgeAction(snapshot: AccountSnapshot, principal: Principal, action: string, resource?: string): ActionVerdict {
  const e = evaluateForPrincipal(snapshot, principal, action, resource ? { resource } : {});
  const unmet = e.layers.flatMap((l) => l.unmetConditions.filter((u) => u.ref.effect === 'Allow').map((u) => `${u.ref.policy}${u.ref.sid ? `/${u.ref.sid}` : ''}: ${u.failed.operator} ${u.failed.key}`));
  return { action, decision: e.decision, by: e.explanation, ...(unmet.length ? { unmetConditions: unmet } : {}) };
}

/** Policies attached to the principal whose documents are not in the snapshot: a verdict that relies on them is unsure. */
export function unresolvedPolicies(snapshot: AccountSnapshot, principal: Principal): string[] {
  return principalLayers(snapshot, principal).unresolved;
}

/**
 * Resources that only a policy granting "all resources of the kind" matches: asking about them tells a grant on
 * `*` (or arn:aws:ssm:*:*:parameter/*) from one scoped to specific ARNs.
 */
export function probeResource(action: string, accountId: string): string {
  const [prefix = ''] = action.split(':');
  const service = prefix.toLowerCase();
  switch (service) {
    case 'secretsmanager':
      return `arn:aws:secretsmanager:us-east-1:${accountId}:secret:hardening-audit-probe-AbCdEf`;
    case 'ssm':
      return `arn:aws:ssm:us-east-1:${accountId}:parameter/hardening-audit-probe`;
    case 'kms':
      return `arn:aws:kms:us-east-1:${accountId}:key/00000000-0000-4000-8000-hardening000`;
    case 'sts':
      return 'arn:aws:iam::000000000000:role/hardening-audit-probe';
    default:
      return '*';
  }
}
