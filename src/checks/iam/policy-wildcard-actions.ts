// Service wildcards ("s3:*", "*") in Allow statements. A statement under a Condition that can never hold at --now
// grants nothing, and a wildcard the same policy denies outright (an unconditional Deny on every resource covering
// all of it) is not reported; one it denies in part is reported with the part in the evidence.
import type { Check, CheckResult } from '../types.js';
import { serviceWildcardActions, statementRef } from '../../policy/analysis.js';
import { actionIndex } from '../../policy/action-index.js';
import { cancellationEvidence, documentDenies, without } from '../../policy/document-denies.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';

export const policyWildcardActions: Check = {
  id: 'iam.policy.wildcard-actions',
  title: 'Policies do not allow every action of a service',
  severity: 'medium',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation:
    'Replace "service:*" (and "*") with the actions the workload needs; IAM Access Analyzer policy generation or last-accessed data show which.',
  run: (snap, ctx) => {
    const index = actionIndex(ctx.catalog);
    return judgedPolicies(snap).map((t): CheckResult => {
      const d = documentDenies(t.document, index, ctx.now);
      const cancelled: Record<string, unknown>[] = [];
      const hits = t.document.Statement.flatMap((st, i) => {
        if (d.inertIndexes.has(i)) return [];
        const wildcards = serviceWildcardActions(st).filter((w) => {
          if (d.denied.isEmpty) return true;
          const all = index.pattern(w);
          if (all.isEmpty) return true; // a service the catalogue does not know: nothing to subtract
          const left = without(all, d.denied, index.wordCount);
          if (left.size === all.size) return true;
          cancelled.push({ statement: st.Sid ?? i, wildcard: w, deniedActions: all.size - left.size, of: all.size, by: d.denies, ...(left.isEmpty ? { fully: true } : {}) });
          return !left.isEmpty;
        });
        return wildcards.length ? [{ ...statementRef(st, i), wildcards, statement: st }] : [];
      });
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      const extra = cancellationEvidence(d, cancelled);
      if (hits.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows no whole-service wildcard.`, evidence: Object.keys(extra).length ? { ...targetEvidence(t), ...extra } : targetEvidence(t) };
      }
      const wildcards = [...new Set(hits.flatMap((h) => h.wildcards))];
      const proposed = {
        ...t.document,
        Statement: t.document.Statement.map((st) =>
          st.Effect === 'Allow' && st.Action
            ? {
                ...st,
                Action: st.Action.map((a) =>
                  wildcards.includes(a) ? (a === '*' || a === '*:*' ? '<service>:<Action>' : a.replace(/\*$/, '<Action>')) : a,
                ),
              }
            : st,
        ),
      };
      return {
        ...base,
        status: 'FAIL',
        ...(t.severity ? { severity: t.severity } : {}),
        message: `${describeTarget(t)} allows every action of ${wildcards.map((w) => `"${w}"`).join(', ')}${cancelled.some((c) => !c.fully) ? ' (in part denied by the same policy)' : ''}.`,
        evidence: { ...targetEvidence(t), wildcards, statements: hits, ...extra },
        remediation: replacementDraft(t, proposed, 'Draft: replace each wildcard with the actions the workload needs.'),
      };
    });
  },
};
