// Why a principal can (or cannot) do one action, and which statements grant a set of actions: the statement-level
// answers behind the set analysis (effective.ts), for evidence and explanations.
import type { ActionIndex } from './action-index.js';
import type { CompiledStatement, GrantRef, PrincipalAnalysis } from './effective-types.js';

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
