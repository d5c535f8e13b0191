// One policy document expanded and classified on its own (no principal, no boundary).
import type { PolicyStatement } from '../snapshot/snapshot.js';
import type { EffectiveAnalyzer } from './effective.js';
import { toCounts, type LevelCounts } from './permission-profile.js';

export interface DocumentAccess {
  /** Distinct actions the Allow statements grant (after unconditional Denies on "*"), per access level. */
  allowed: LevelCounts;
  /** Of those, the ones granted unconditionally on "*". */
  free: LevelCounts;
  fullAdmin: boolean;
  statements: { ref: { sid?: string; index: number }; effect: 'Allow' | 'Deny'; actions: LevelCounts; anyResource: boolean; conditional: boolean }[];
  unknownActions: string[];
}

/** Expands and classifies one policy document (no principal, no boundary). */
export function documentAccess(analyzer: EffectiveAnalyzer, doc: { Statement: PolicyStatement[] }): DocumentAccess {
  const shapes = doc.Statement.map((st) => analyzer.shape(st));
  const profile = analyzer.profileOf(shapes, undefined);
  const index = analyzer.index;
  return {
    allowed: profile.identity.all,
    free: profile.effective.free,
    fullAdmin: profile.fullAdmin,
    statements: doc.Statement.map((st, i) => ({
      ref: { ...(st.Sid !== undefined ? { sid: st.Sid } : {}), index: i },
      effect: st.Effect,
      actions: toCounts(index.countByLevel(shapes[i]!.actions)),
      anyResource: shapes[i]!.anyResource,
      conditional: shapes[i]!.conditional,
    })),
    unknownActions: [...new Set(shapes.flatMap((s) => s.unknownActions))].sort(),
  };
}
