// analyzeWildcardResourceWrite (analysis.ts) for a document that takes some of its grants back: inert statements
// (a Condition that can never hold at --now) are skipped and the actions its own credited Denies remove are
// subtracted (document-denies.ts). Same result shape; used only when the document has such statements, so the usual
// document keeps the fast memoized path.
import type { PolicyDocument } from '../snapshot/snapshot.js';
import { ACCESS_LEVELS, analyzeWildcardResourceWrite, cmp, onAnyResource, statementRef, type WildcardWriteAnalysis } from './analysis.js';
import { actionIndex } from './action-index.js';
import { ActionBits, ActionSet } from './action-set.js';
import type { AccessLevel, ActionCatalog } from './catalog.js';
import { documentDenies, without } from './document-denies.js';

const LEVEL_ORDER: Record<string, number> = { 'Permissions management': 0, Write: 1 };

export interface DeniedWriteAnalysis extends WildcardWriteAnalysis {
  /** Allow statements on "*" whose Write / Permissions management grants the same policy denies entirely. */
  cancelled: { index: number; sid?: string }[];
}

export function analyzeWildcardResourceWriteAt(doc: PolicyDocument, catalog: ActionCatalog, now: string, sampleSize = 10): DeniedWriteAnalysis & { denies: ReturnType<typeof documentDenies> } {
  const index = actionIndex(catalog);
  const d = documentDenies(doc, index, now);
  if (d.denied.isEmpty && d.inert.length === 0) return { ...analyzeWildcardResourceWrite(doc, catalog, sampleSize), cancelled: [], denies: d };
  const union = new ActionBits(index.wordCount);
  const unknown = new Set<string>();
  const statements: WildcardWriteAnalysis['statements'] = [];
  const cancelled: DeniedWriteAnalysis['cancelled'] = [];
  const writeLevel = (id: number) => index.level(id) === 'Write' || index.level(id) === 'Permissions management';
  doc.Statement.forEach((st, i) => {
    if (st.Effect !== 'Allow' || !onAnyResource(st) || d.inertIndexes.has(i)) return;
    const { set, unknown: u } = index.statementActions(st);
    for (const a of u) unknown.add(a);
    const left = without(set, d.denied, index.wordCount);
    union.or(left);
    const writesBefore = [...set.ids()].some(writeLevel);
    const writesAfter = [...left.ids()].some(writeLevel);
    if (writesAfter) statements.push({ ...statementRef(st, i), ...(st.Condition ? { condition: st.Condition } : {}) });
    else if (writesBefore) cancelled.push(statementRef(st, i));
  });
  const granted = ActionSet.fromBits(union);
  const counts = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
  for (const id of granted.ids()) counts[index.level(id)]++;
  const writes = [...granted.ids()].filter(writeLevel).map((id) => ({ name: index.name(id), level: index.level(id) }));
  writes.sort((a, b) => LEVEL_ORDER[a.level]! - LEVEL_ORDER[b.level]! || cmp(a.name, b.name));
  return {
    statements,
    counts,
    sample: writes.slice(0, sampleSize).map((w) => w.name),
    unknownActions: [...unknown].sort(cmp),
    cancelled,
    denies: d,
  };
}
