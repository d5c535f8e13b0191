// The grants of a policy document that reach every resource of a kind (Resource "*", a pattern covering the kind, or
// NotResource), for the wanted actions, judged as IAM evaluates the document: never-true conditions grant nothing and
// the document's own unconditional Denies take grants back. Shared by the iam.policy.* checks that look for one such
// grant (assume-role-any, kms-decrypt-all-keys, full-service-access), with the draft that scopes the flagged statements.
import type { PolicyDocument, PolicyStatement } from '../../snapshot/snapshot.js';
import { conditionScope } from '../../policy/condition-scope.js';
import { isFullAdminStatement, statementRef } from '../../policy/analysis.js';
import type { ActionIndex } from '../../policy/action-index.js';
import { documentDenies, type DocumentDenies } from '../../policy/document-denies.js';
import { isEveryResource } from '../../policy/effective.js';
import { statementClass } from '../../policy/statement-class.js';

export interface EveryResourceGrant {
  index: number;
  sid?: string;
  /** The wanted actions this statement grants on every resource, after the policy's own credited Denies. */
  actions: string[];
  condition?: Record<string, Record<string, string[]>>;
  notResource?: string[];
}

export interface EveryResourceGrants {
  grants: EveryResourceGrant[];
  /** Full-admin statements left to iam.policy.full-admin. */
  leftToFullAdmin: { index: number; sid?: string }[];
  denies: DocumentDenies;
}

/** NotResource that leaves out every resource of the service (or everything): the statement grants it nothing. */
const excludesService = (notResource: readonly string[], service: string) =>
  notResource.some((r) => r === '*' || (isEveryResource(r) && [service, '*'].includes(r.split(':')[2] ?? '')));

/** A Resource naming every resource of the one type the wanted actions act on (e.g. "arn:aws:kms:*:*:key/*"). */
const coversType = (st: PolicyStatement, everyOfType: RegExp | undefined) =>
  everyOfType !== undefined && (st.Resource ?? []).some((r) => everyOfType.test(r)) && (!st.Condition || conditionScope(st.Condition) !== 'resources');

/**
 * The Allow statements of a document that grant some of `wanted` (action names of one service) on every resource
 * (or, with `everyOfType`, on every resource of that type), as IAM evaluates the document alone (see the comment at
 * the top of this file).
 */
export function everyResourceGrants(doc: PolicyDocument, index: ActionIndex, now: string, wanted: readonly string[], everyOfType?: RegExp): EveryResourceGrants {
  const d = documentDenies(doc, index, now);
  const ids = wanted.flatMap((a) => {
    const id = index.id(a);
    return id === undefined ? [] : [id];
  });
  const service = wanted[0]?.split(':')[0] ?? '';
  const grants: EveryResourceGrant[] = [];
  const leftToFullAdmin: EveryResourceGrants['leftToFullAdmin'] = [];
  doc.Statement.forEach((st, i) => {
    if (st.Effect !== 'Allow' || d.inertIndexes.has(i) || !(statementClass(st).anyResource || coversType(st, everyOfType))) return;
    if (st.NotResource && excludesService(st.NotResource, service)) return;
    const { set } = index.statementActions(st);
    const granted = ids.filter((id) => set.has(id) && !d.denied.has(id));
    if (granted.length === 0) return;
    if (isFullAdminStatement(st) && d.denied.isEmpty) {
      leftToFullAdmin.push(statementRef(st, i));
      return;
    }
    grants.push({
      ...statementRef(st, i),
      actions: granted.map((id) => index.name(id)),
      ...(st.Condition ? { condition: st.Condition } : {}),
      ...(st.NotResource ? { notResource: st.NotResource } : {}),
    });
  });
  return { grants, leftToFullAdmin, denies: d };
}

/** The document with the flagged statements' Resource "*" (or NotResource) replaced by a placeholder to fill in. */
export function scopedDraftDocument(doc: PolicyDocument, flagged: ReadonlySet<number>, placeholder: string, everyOfType?: RegExp): PolicyDocument {
  return {
    ...doc,
    Statement: doc.Statement.map((st, i) => {
      if (!flagged.has(i)) return st;
      const { NotResource: _dropped, ...rest } = st;
      return { ...rest, Resource: (st.Resource ?? ['*']).map((r) => (isEveryResource(r) || everyOfType?.test(r) ? placeholder : r)) };
    }),
  };
}
