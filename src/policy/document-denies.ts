// What one policy document takes back from itself: the per-policy checks (iam.policy.full-admin, wildcard-actions,
// wildcard-resource-write, not-action-allow) judge a document by what its Allows grant after its own Denies, and
// skip statements whose Condition can never hold at `now` (inert-conditions.ts).
//
// A Deny is credited as effective.ts credits it (the one rule for the whole tool): no Condition at all and a Resource
// covering every resource (isEveryResource). A conditional Deny may not apply to the request and is not credited, so
// a finding may over-report, never under-report. An inert Deny denies nothing.
import type { PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';
import { ActionBits, ActionSet } from './action-set.js';
import type { ActionIndex } from './action-index.js';
import { isEveryResource } from './effective.js';
import { inertStatements, type InertStatement } from './inert-conditions.js';

export interface DocumentDenies {
  /** Actions removed by the document's own credited Denies. */
  denied: ActionSet;
  /** The credited Deny statements. */
  denies: { index: number; sid?: string }[];
  /** Statements whose Condition can never hold at `now`, with the reason. */
  inert: InertStatement[];
  /** Positions of the inert statements. */
  inertIndexes: ReadonlySet<number>;
}

const hasCondition = (st: PolicyStatement) => st.Condition !== undefined && Object.values(st.Condition).some((b) => Object.keys(b).length > 0);

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const cache = new WeakMap<PolicyDocument, Map<string, DocumentDenies>>();

export function documentDenies(doc: PolicyDocument, index: ActionIndex, now: string): DocumentDenies {
  let perNow = cache.get(doc);
  if (!perNow) cache.set(doc, (perNow = new Map()));
  let hit = perNow.get(now);
  if (hit) return hit;
  const inert = inertStatements(doc, now);
  const inertIndexes = new Set(inert.map((s) => s.index));
  const bits = new ActionBits(index.wordCount);
  const denies: DocumentDenies['denies'] = [];
  doc.Statement.forEach((st, i) => {
    if (st.Effect !== 'Deny' || inertIndexes.has(i) || hasCondition(st) || !(st.Resource ?? []).some(isEveryResource)) return;
    bits.or(index.statementActions(st).set);
    denies.push(st.Sid !== undefined ? { index: i, sid: st.Sid } : { index: i });
  });
  hit = { denied: denies.length ? ActionSet.fromBits(bits) : ActionSet.EMPTY, denies, inert, inertIndexes };
  perNow.set(now, hit);
  return hit;
}

/** `set` minus `minus`. */
export function without(set: ActionSet, minus: ActionSet, wordCount: number): ActionSet {
  if (minus.isEmpty || set.isEmpty) return set;
  const bits = new ActionBits(wordCount);
  bits.or(set);
  for (let i = 0; i < minus.words.length; i++) bits.words[minus.lo + i]! &= ~minus.words[i]!;
  return ActionSet.fromBits(bits);
}

/** Evidence for the parts of a document that grant nothing: inert statements and the Denies that cancel grants. */
export function cancellationEvidence(d: DocumentDenies, cancelled: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    ...(d.inert.length ? { inertStatements: d.inert } : {}),
    ...(cancelled.length ? { deniedBySamePolicy: cancelled } : {}),
  };
}
