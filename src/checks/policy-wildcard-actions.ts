import type { Check, CheckResult } from './types.js';
import { serviceWildcardActions, statementRef } from '../policy/analysis.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from './util/policy-targets.js';

export const policyWildcardActions: Check = {
  id: 'iam.policy.wildcard-actions',
  title: 'Policies do not allow every action of a service',
  severity: 'medium',
  compliance: { securityHub: ['IAM.21'] },
  needs: ['users', 'groups', 'roles', 'policies'],
  remediation:
    'Replace "service:*" (and "*") with the actions the workload needs; IAM Access Analyzer policy generation or last-accessed data show which.',
  run: (snap) =>
    judgedPolicies(snap).map((t): CheckResult => {
      const hits = t.document.Statement.flatMap((st, index) => {
        const wildcards = serviceWildcardActions(st);
        return wildcards.length ? [{ ...statementRef(st, index), wildcards, statement: st }] : [];
      });
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      if (hits.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows no whole-service wildcard.`, evidence: targetEvidence(t) };
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
        message: `${describeTarget(t)} allows every action of ${wildcards.map((w) => `"${w}"`).join(', ')}.`,
        evidence: { ...targetEvidence(t), wildcards, statements: hits },
        remediation: replacementDraft(t, proposed, 'Draft: replace each wildcard with the actions the workload needs.'),
      };
    }),
};
