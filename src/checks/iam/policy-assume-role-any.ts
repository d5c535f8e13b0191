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
import { actionIndex } from '../../policy/action-index.js';
import { cancellationEvidence } from '../../policy/document-denies.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';
import { everyResourceGrants, scopedDraftDocument } from '../util/every-resource-grants.js';

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
