// What an entity-scoped gap leaves unknown about its entity. A check is voided for an entity only by a gap in what it
// reads of that entity: a role whose attached-policy list is unreadable still has a readable trust policy, so the
// trust checks still judge it (README "What it checks"). A field this table does not know ('other') counts for every
// check, and so does any gap of an entity that was dropped from the inventory (nothing of it is known).
import type { Gap } from './snapshot.js';

export const ENTITY_ASPECTS = ['identity', 'permissions', 'trust', 'activity', 'tags', 'credentials', 'other'] as const;
export type EntityAspect = (typeof ENTITY_ASPECTS)[number];

const BY_FIELD: [RegExp, EntityAspect][] = [
  // Which entity this is (no ARN or name, not an object, two different copies): nothing about it is known.
  [/^(Arn|(User|Group|Role|Policy)Name|Path|\(entry\)|\(duplicate\))$/, 'identity'],
  [/^AssumeRolePolicyDocument$/, 'trust'],
  [/^(RoleLastUsed(\..*)?|CreateDate)$/, 'activity'],
  [/^Tags$/, 'tags'],
  // Everything that decides what the entity may do: inline and attached policies, boundary, groups, a document.
  [/^((User|Group|Role)PolicyList(\[\d+\])?(\..*)?|AttachedManagedPolicies(\[\d+\])?(\..*)?|PermissionsBoundary|GroupList|PolicyVersionList|DefaultVersionId|PolicyDocument|Document)$/, 'permissions'],
];

/** The aspect a gap leaves unknown; every gap of the credential report is about credentials. */
export function gapAspect(gap: Pick<Gap, 'part' | 'field'>): EntityAspect {
  if (gap.part === 'credentialReport') return 'credentials';
  if (gap.field === undefined) return 'identity';
  for (const [re, aspect] of BY_FIELD) if (re.test(gap.field)) return aspect;
  return 'other';
}
