// Statement-level analysis of identity policies: full admin, service wildcards, NotAction, and what a statement
// grants on Resource "*" by access level (through the action catalogue). Pure functions over normalized documents.
import type { PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';
import type { AccessLevel, ActionCatalog, CatalogAction } from './catalog.js';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

const hasCondition = (st: PolicyStatement) => st.Condition !== undefined && Object.keys(st.Condition).length > 0;

/** Statement position and Sid, for evidence. */
export function statementRef(st: PolicyStatement, index: number): { index: number; sid?: string } {
  return st.Sid !== undefined ? { index, sid: st.Sid } : { index };
}

/** Resource "*" (every resource). Statements with NotResource never count: they name what they exclude. */
export function onAnyResource(st: PolicyStatement): boolean {
  return st.Resource?.includes('*') ?? false;
}

/** Allow of Action "*" or "*:*" on Resource "*" with no condition: full administrative access (CIS 1.16, IAM.1). */
export function isFullAdminStatement(st: PolicyStatement): boolean {
  return (
    st.Effect === 'Allow' &&
    (st.Action ?? []).some((a) => a === '*' || a === '*:*') &&
    onAnyResource(st) &&
    !hasCondition(st)
  );
}

export function fullAdminStatements(doc: PolicyDocument): { index: number; statement: PolicyStatement }[] {
  return doc.Statement.flatMap((statement, index) => (isFullAdminStatement(statement) ? [{ index, statement }] : []));
}

const SERVICE_WILDCARD = /^(\*|\*:\*|[A-Za-z0-9-]+:\*)$/;

/** Action entries of an Allow statement that grant a whole service ("s3:*") or everything ("*", "*:*"). IAM.21. */
export function serviceWildcardActions(st: PolicyStatement): string[] {
  if (st.Effect !== 'Allow') return [];
  return (st.Action ?? []).filter((a) => SERVICE_WILDCARD.test(a));
}

/** Allow statements using NotAction: they grant everything except a list, including services added later. */
export function isNotActionAllow(st: PolicyStatement): boolean {
  return st.Effect === 'Allow' && st.NotAction !== undefined;
}

export interface GrantedActions {
  actions: readonly CatalogAction[];
  /** Explicit (wildcard-free) actions the catalogue does not know: typos, or actions newer than the catalogue. */
  unknown: string[];
}

/** The catalogued actions a statement's Action (expanded) or NotAction (complemented) covers. */
export function grantedActions(st: PolicyStatement, catalog: ActionCatalog): GrantedActions {
  if (st.NotAction !== undefined) return { actions: catalog.complement(st.NotAction), unknown: [] };
  const seen = new Set<CatalogAction>();
  const unknown: string[] = [];
  for (const pattern of st.Action ?? []) {
    const expanded = catalog.expand(pattern);
    if (expanded.length === 0 && !/[*?]/.test(pattern)) unknown.push(pattern);
    for (const a of expanded) seen.add(a);
  }
  return { actions: [...seen], unknown };
}

export interface WildcardWriteAnalysis {
  /** Allow statements on Resource "*" that grant at least one Write or Permissions management action. */
  statements: { index: number; sid?: string; condition?: PolicyStatement['Condition'] }[];
  /** Distinct actions granted on Resource "*" (over all Allow statements), per access level. */
  counts: Record<AccessLevel, number>;
  /** Up to `sampleSize` of the Permissions management then Write actions, alphabetical within each level. */
  sample: string[];
  unknownActions: string[];
}

const LEVEL_ORDER: Record<AccessLevel, number> = { 'Permissions management': 0, Write: 1, Tagging: 2, Read: 3, List: 4 };

/**
 * What a document allows on Resource "*", by access level. Only Allow statements with Resource "*" count (a Deny
 * elsewhere may narrow them; this is a static reading, not a simulation). Conditions are reported, not evaluated.
 */
export function analyzeWildcardResourceWrite(
  doc: PolicyDocument,
  catalog: ActionCatalog,
  sampleSize = 10,
): WildcardWriteAnalysis {
  const grants: StatementGrant[] = [];
  const unknown = new Set<string>();
  const statements: WildcardWriteAnalysis['statements'] = [];
  doc.Statement.forEach((st, index) => {
    if (st.Effect !== 'Allow' || !onAnyResource(st)) return;
    const grant = statementGrant(st, catalog);
    for (const a of grant.unknown) unknown.add(a);
    grants.push(grant);
    if (grant.writes.length) statements.push({ ...statementRef(st, index), ...(st.Condition ? { condition: st.Condition } : {}) });
  });
  let counts: Record<AccessLevel, number>;
  let candidates: readonly CatalogAction[];
  const only = grants.length === 1 ? grants[0] : undefined;
  if (only) {
    // The common case: one statement, whose figures are computed once per distinct Action/NotAction list.
    counts = { ...only.counts };
    candidates = only.writes;
  } else {
    const granted = new Set<CatalogAction>();
    for (const g of grants) for (const a of g.actions) granted.add(a);
    counts = emptyCounts();
    for (const a of granted) counts[a.accessLevel]++;
    // The overall first N are among the union of each statement's first N.
    candidates = [...new Set(grants.flatMap((g) => g.writes.slice(0, sampleSize)))].sort(byLevelThenName);
  }
  const sample = candidates.slice(0, sampleSize).map((a) => a.name);
  return { statements, counts, sample, unknownActions: [...unknown].sort(cmp) };
}

interface StatementGrant extends GrantedActions {
  counts: Record<AccessLevel, number>;
  /** Write and Permissions management actions, Permissions management first, alphabetical within a level. */
  writes: readonly CatalogAction[];
}

const emptyCounts = () => Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
const byLevelThenName = (a: CatalogAction, b: CatalogAction) => LEVEL_ORDER[a.accessLevel] - LEVEL_ORDER[b.accessLevel] || cmp(a.name, b.name);
// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const grantCache = new WeakMap<ActionCatalog, Map<string, StatementGrant>>();

/**
 * What one statement's Action / NotAction grants, memoized per catalogue and distinct list: thousands of policies
 * repeat a handful of lists ("*", "s3:*", NotAction "iam:*"), and expanding "*" means 22,000 actions.
 */
function statementGrant(st: PolicyStatement, catalog: ActionCatalog): StatementGrant {
  let perCatalog = grantCache.get(catalog);
  if (!perCatalog) grantCache.set(catalog, (perCatalog = new Map()));
  const key = JSON.stringify([st.Action ?? null, st.NotAction ?? null]);
  let grant = perCatalog.get(key);
  if (!grant) {
    const { actions, unknown } = grantedActions(st, catalog);
    const counts = emptyCounts();
    for (const a of actions) counts[a.accessLevel]++;
    const writes = actions.filter((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management').sort(byLevelThenName);
    grant = { actions, unknown, counts, writes };
    perCatalog.set(key, grant);
  }
  return grant;
}

/** Locale-independent string order, so output is identical on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
