// The tier sets of one principal as full bitsets: statements routed to their tier class, then identity AND boundary
// minus the credited Denies. EffectiveAnalyzer summarizes the same sets per segment; these are the plain sets, for
// explanations and tests.
import { ActionBits, ActionSet } from './action-set.js';
import type { ActionIndex } from './action-index.js';
import type { PrincipalAnalysis, StatementShape } from './effective-types.js';

export interface PrincipalPermissions {
  /** What the identity policies allow, after their own Denies. */
  identity: ActionSet;
  effective: { free: ActionSet; unconditional: ActionSet; anyResource: ActionSet; all: ActionSet };
  /** Allowed by an identity policy but removed by an unconditional Deny on "*" (identity or boundary). */
  denied: ActionSet;
}

/** Routes each shape's actions to its tier class: unconditional/conditional x any-resource/scoped, or Deny. */
export function accumulate(shapes: readonly StatementShape[], ua: ActionBits, us: ActionBits, ca: ActionBits, cs: ActionBits, deny: ActionBits): void {
  for (const s of shapes) {
    if (s.effect === 'Deny') {
      if (!s.conditional && s.anyResource) deny.or(s.actions);
      continue;
    }
    (s.conditional ? (s.anyResource ? ca : cs) : s.anyResource ? ua : us).or(s.actions);
  }
}

/** Full tier sets of one principal (not memoized). */
export function principalPermissions(index: ActionIndex, a: PrincipalAnalysis): PrincipalPermissions {
  const n = index.wordCount;
  const identity = a.statements.map((s) => s.shape);
  const boundary = a.boundary?.resolved ? a.boundary.statements.map((s) => s.shape) : undefined;
  const bits = Array.from({ length: 10 }, () => new ActionBits(n));
  const [iUA, iUS, iCA, iCS, iD, bUA, bUS, bCA, bCS, bD] = bits as [ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits, ActionBits];
  accumulate(identity, iUA, iUS, iCA, iCS, iD);
  if (boundary) accumulate(boundary, bUA, bUS, bCA, bCS, bD);
  const tiers = Array.from({ length: 6 }, () => new ActionBits(n));
  for (let w = 0; w < n; w++) {
    const ua = iUA.words[w]!, us = iUS.words[w]!, ca = iCA.words[w]!, cs = iCS.words[w]!;
    const d = iD.words[w]! | (boundary ? bD.words[w]! : 0);
    const b = boundary
      ? { f: bUA.words[w]!, nc: bUA.words[w]! | bUS.words[w]!, ar: bUA.words[w]! | bCA.words[w]!, all: bUA.words[w]! | bUS.words[w]! | bCA.words[w]! | bCS.words[w]! }
      : { f: ~0, nc: ~0, ar: ~0, all: ~0 };
    tiers[0]!.words[w] = (ua | us | ca | cs) & ~iD.words[w]!;
    tiers[1]!.words[w] = ua & b.f & ~d;
    tiers[2]!.words[w] = (ua | us) & b.nc & ~d;
    tiers[3]!.words[w] = (ua | ca) & b.ar & ~d;
    tiers[4]!.words[w] = (ua | us | ca | cs) & b.all & ~d;
    tiers[5]!.words[w] = (ua | us | ca | cs) & d;
  }
  for (const t of tiers) {
    t.lo = 0;
    t.hi = n;
  }
  const [identityAll, free, unconditional, anyResource, all, denied] = tiers.map((t) => ActionSet.fromBits(t)) as [ActionSet, ActionSet, ActionSet, ActionSet, ActionSet, ActionSet];
  return { identity: identityAll, effective: { free, unconditional, anyResource, all }, denied };
}
