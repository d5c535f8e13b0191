// Conditions that can never hold at the audit time (context.now): a grant under them is inert, a Deny under them
// denies nothing. Only the clock keys are judged, with the date operators; everything else is "may hold".
//
// - aws:CurrentTime, aws:EpochTime: the request time, taken as `now`. A date in the future is "not yet", which at
//   `now` is still false: the grant is inert today (the reason says when it would start to hold).
// - aws:TokenIssueTime: when the caller's temporary credentials were issued. A live session was issued at most
//   MAX_SESSION_HOURS (36 h: role chaining and GetSessionToken's maximum; role sessions last at most 12 h) before
//   `now`, and never after it. A term is unsatisfiable when no issue time in [now - 36 h, now] satisfies it, e.g.
//   `DateLessThan aws:TokenIssueTime 2020-01-01` or `DateGreaterThan aws:TokenIssueTime <a future date>`.
//   The key is absent for long-term credentials (an IAM user's access keys): a plain operator is then false too, so
//   the term still never holds; but ...IfExists is TRUE on an absent key, so an IfExists term on TokenIssueTime is
//   never judged inert (an access key satisfies it).
// - ...IfExists on aws:CurrentTime / aws:EpochTime (present in every request) behaves like the plain operator.
// - ForAnyValue:/ForAllValues: qualifiers, policy variables in a value, and unparseable dates: not judged (may hold).
// Values of one key are ORed (one satisfiable value keeps the term alive); terms are ANDed (one dead term kills the
// statement).
import type { AccountSnapshot, PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';

export const MAX_SESSION_HOURS = 36;

type Condition = NonNullable<PolicyStatement['Condition']>;
type Compare = (actual: number, expected: number) => boolean;

const DATE_OPERATORS: Record<string, Compare> = {
  DateLessThan: (a, e) => a < e,
  DateLessThanEquals: (a, e) => a <= e,
  DateGreaterThan: (a, e) => a > e,
  DateGreaterThanEquals: (a, e) => a >= e,
  DateEquals: (a, e) => a === e,
};

/** Epoch seconds (digits only) or an ISO 8601 date, in milliseconds; undefined when unparseable. */
function parseDate(v: string): number | undefined {
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether some time in [lo, hi] satisfies `t <op> e`. */
function satisfiableIn(base: string, lo: number, hi: number, e: number): boolean {
  switch (base) {
    case 'DateLessThan':
      return lo < e;
    case 'DateLessThanEquals':
      return lo <= e;
    case 'DateGreaterThan':
      return hi > e;
    case 'DateGreaterThanEquals':
      return hi >= e;
    default:
      return lo <= e && e <= hi; // DateEquals
  }
}

/** Why one term can never hold at `now`, or undefined when it may hold. */
function termInert(operator: string, key: string, values: readonly string[], now: number): string | undefined {
  if (operator.includes(':')) return undefined; // ForAnyValue: / ForAllValues:
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (!(base in DATE_OPERATORS)) return undefined;
  const k = key.toLowerCase();
  const clock = k === 'aws:currenttime' || k === 'aws:epochtime';
  const token = k === 'aws:tokenissuetime';
  if (!clock && !(token && !ifExists)) return undefined;
  if (values.length === 0 || values.some((v) => v.includes('${'))) return undefined;
  const dates = values.map(parseDate);
  if (dates.some((d) => d === undefined)) return undefined;
  const lo = clock ? now : now - MAX_SESSION_HOURS * 3_600_000;
  if (dates.some((d) => satisfiableIn(base, lo, now, d!))) return undefined;
  const shown = values.join(', ');
  return clock
    ? `${operator} ${key} ${shown} is false at the audit time ${new Date(now).toISOString()}`
    : `${operator} ${key} ${shown} holds for no session issued in the ${MAX_SESSION_HOURS} hours before ${new Date(now).toISOString()} (the longest a session lasts), and never for long-term keys`;
}

/** Why a Condition can never hold at `now` (ISO), or undefined when it may. */
export function inertConditionReason(condition: Condition | undefined, now: string): string | undefined {
  if (!condition) return undefined;
  const t = Date.parse(now);
  if (!Number.isFinite(t)) return undefined;
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, values] of Object.entries(block)) {
      const reason = termInert(operator, key, values, t);
      if (reason) return reason;
    }
  }
  return undefined;
}

export interface InertStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  reason: string;
}

/** The statements of a document whose Condition can never hold at `now`. */
export function inertStatements(doc: PolicyDocument, now: string): InertStatement[] {
  const out: InertStatement[] = [];
  doc.Statement.forEach((st, index) => {
    const reason = inertConditionReason(st.Condition, now);
    if (reason) out.push({ index, ...(st.Sid !== undefined ? { sid: st.Sid } : {}), effect: st.Effect, reason });
  });
  return out;
}

/** A statement that matches no action: what an inert statement amounts to (keeps the positions of the others). */
function neutralized(st: PolicyStatement): PolicyStatement {
  return { Effect: st.Effect, ...(st.Sid !== undefined ? { Sid: st.Sid } : {}), Action: [], Resource: st.Resource ?? ['*'] };
}

function liveDocument(doc: PolicyDocument, now: string): PolicyDocument {
  if (!doc.Statement.some((st) => st.Condition && inertConditionReason(st.Condition, now))) return doc;
  return { ...doc, Statement: doc.Statement.map((st) => (inertConditionReason(st.Condition, now) ? neutralized(st) : st)) };
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const liveCache = new WeakMap<AccountSnapshot, Map<string, AccountSnapshot>>();

/**
 * The snapshot as it stands at `now`: every identity and boundary policy statement whose Condition can never hold
 * replaced by one that matches nothing. The same object when nothing is inert (the usual case). Memoized.
 */
export function liveSnapshot(snapshot: AccountSnapshot, now: string): AccountSnapshot {
  let perNow = liveCache.get(snapshot);
  if (!perNow) liveCache.set(snapshot, (perNow = new Map()));
  let live = perNow.get(now);
  if (live) return live;
  const docs = [
    ...snapshot.policies.map((p) => p.document),
    ...[...snapshot.users, ...snapshot.groups, ...snapshot.roles].flatMap((e) => e.inlinePolicies.map((p) => p.document)),
  ];
  if (!docs.some((d) => liveDocument(d, now) !== d)) {
    live = snapshot;
  } else {
    const inline = <T extends { inlinePolicies: { name: string; document: PolicyDocument }[] }>(e: T): T => ({
      ...e,
      inlinePolicies: e.inlinePolicies.map((p) => ({ ...p, document: liveDocument(p.document, now) })),
    });
    live = {
      ...snapshot,
      policies: snapshot.policies.map((p) => ({ ...p, document: liveDocument(p.document, now) })),
      users: snapshot.users.map(inline),
      groups: snapshot.groups.map(inline),
      roles: snapshot.roles.map(inline),
    };
  }
  perNow.set(now, live);
  return live;
}
