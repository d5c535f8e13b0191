// Customer managed and inline policies that Allow sts:AssumeRole (directly or through "sts:*", "sts:Assume*", "*",
// NotAction) on every resource (Resource "*", a pattern covering every role, or NotResource): the holder may assume
// any role whose trust policy admits it, including every role that trusts the account root. Judged as IAM evaluates
// the document: statements under a Condition that can never hold at --now grant nothing, and an unconditional Deny
// of sts:AssumeRole on every resource in the same policy takes the grant back (src/policy/document-denies.ts). Other
// conditions are kept and shown in the evidence (they may not hold, but they do not scope the roles).
//
// A full-admin statement (Allow "*" on "*" without a Condition, in a policy whose own Denies take nothing back) is left
// to iam.policy.full-admin: it grants sts:AssumeRole among everything else, and reporting it here too would report one
// statement twice at two severities. When the policy's own Denies do take something back, iam.policy.full-admin passes
// it ("not full admin"), so it is judged here.
import type { Check, CheckResult } from '../types.js';
import type { PolicyDocument, PolicyStatement } from '../../snapshot/snapshot.js';
import { conditionScope } from '../../policy/condition-scope.js';
import { isFullAdminStatement, statementRef } from '../../policy/analysis.js';
import { actionIndex, type ActionIndex } from '../../policy/action-index.js';
import { cancellationEvidence, documentDenies, type DocumentDenies } from '../../policy/document-denies.js';
import { isEveryResource } from '../../policy/effective.js';
import { statementClass } from '../../policy/statement-class.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';

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

export const policyAssumeRoleAny: Check = {
  id: 'iam.policy.assume-role-any',
  title: 'Policies do not allow sts:AssumeRole on every role',
  severity: 'medium',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation: 'Allow sts:AssumeRole only on the ARNs of the roles the principal needs (Resource "arn:aws:iam::<account>:role/<name>").',
  run: (snap, ctx) => {
    const index = actionIndex(ctx.catalog);
    return judgedPolicies(snap).map((t): CheckResult => {
      const g = everyResourceGrants(t.document, index, ctx.now, ['sts:AssumeRole']);
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      const extra = {
        ...cancellationEvidence(g.denies, []),
        ...(g.leftToFullAdmin.length ? { leftToFullAdmin: g.leftToFullAdmin } : {}),
      };
      if (g.grants.length === 0) {
        const why = g.leftToFullAdmin.length ? ' other than through a full-admin statement (judged by iam.policy.full-admin)' : '';
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows sts:AssumeRole on no wildcard resource${why}.`, evidence: Object.keys(extra).length ? { ...targetEvidence(t), ...extra } : targetEvidence(t) };
      }
      const conditional = g.grants.every((s) => s.condition);
      return {
        ...base,
        status: 'FAIL',
        ...(t.severity ? { severity: t.severity } : {}),
        message: `${describeTarget(t)} allows sts:AssumeRole on every role${conditional ? ' (under a condition)' : ''}: whoever holds it can assume any role whose trust policy admits this account.`,
        evidence: { ...targetEvidence(t), statements: g.grants, ...extra },
        remediation: replacementDraft(
          t,
          scopedDraftDocument(t.document, new Set(g.grants.map((s) => s.index)), `arn:${snap.partition}:iam::${snap.accountId}:role/<role-name>`),
          'Draft: name the roles this principal needs to assume (a statement granting other actions too may need splitting).',
        ),
      };
    });
  },
};
