// Statement-level analysis of identity policies: full admin, service wildcards, NotAction, and what a statement
// grants on Resource "*" by access level (through the action catalogue). Pure functions over normalized documents.
import type { PolicyDocument, PolicyStatement } from '../snapshot.js';
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
  const granted = new Set<CatalogAction>();
  const unknown = new Set<string>();
  const statements: WildcardWriteAnalysis['statements'] = [];
  doc.Statement.forEach((st, index) => {
    if (st.Effect !== 'Allow' || !onAnyResource(st)) return;
    const { actions, unknown: u } = grantedActions(st, catalog);
    u.forEach((a) => unknown.add(a));
    let writes = false;
    for (const a of actions) {
      granted.add(a);
      if (a.accessLevel === 'Write' || a.accessLevel === 'Permissions management') writes = true;
    }
    if (writes) statements.push({ ...statementRef(st, index), ...(st.Condition ? { condition: st.Condition } : {}) });
  });
  const counts = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
  for (const a of granted) counts[a.accessLevel]++;
  const sample = [...granted]
    .filter((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management')
    .sort((a, b) => LEVEL_ORDER[a.accessLevel] - LEVEL_ORDER[b.accessLevel] || cmp(a.name, b.name))
    .slice(0, sampleSize)
    .map((a) => a.name);
  return { statements, counts, sample, unknownActions: [...unknown].sort(cmp) };
}

/** Locale-independent string order, so output is identical on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
