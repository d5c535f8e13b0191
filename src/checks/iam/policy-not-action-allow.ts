import type { Check, CheckResult } from '../types.js';
import { grantedActions, isNotActionAllow, statementRef } from '../../policy/analysis.js';
import { actionIndex } from '../../policy/action-index.js';
import { cancellationEvidence, documentDenies, without } from '../../policy/document-denies.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';

export const policyNotActionAllow: Check = {
  id: 'iam.policy.not-action-allow',
  title: 'Policies do not allow by NotAction',
  severity: 'high',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation:
    'Rewrite "Allow NotAction" as an Allow of the actions needed: NotAction grants everything not listed, including every service and action AWS adds later.',
  // An Allow under a Condition that can never hold at --now grants nothing; what the same policy denies outright
  // (document-denies.ts) is subtracted, and an Allow NotAction left with nothing is not reported.
  run: (snap, ctx) => {
    const index = actionIndex(ctx.catalog);
    return judgedPolicies(snap).map((t): CheckResult => {
      const d = documentDenies(t.document, index, ctx.now);
      const cancelled: Record<string, unknown>[] = [];
      const hits = t.document.Statement.flatMap((st, i) => {
        if (!isNotActionAllow(st) || d.inertIndexes.has(i)) return [];
        if (d.denied.isEmpty) return [{ ...statementRef(st, i), statement: st, grantsActionCount: grantedActions(st, ctx.catalog).actions.length }];
        const all = index.statementActions(st).set;
        const left = without(all, d.denied, index.wordCount);
        if (left.size < all.size) cancelled.push({ statement: st.Sid ?? i, deniedActions: all.size - left.size, of: all.size, by: d.denies, ...(left.isEmpty ? { fully: true } : {}) });
        return left.isEmpty ? [] : [{ ...statementRef(st, i), statement: st, grantsActionCount: left.size }];
      });
      const extra = cancellationEvidence(d, cancelled);
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      if (hits.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} has no Allow with NotAction.`, evidence: Object.keys(extra).length ? { ...targetEvidence(t), ...extra } : targetEvidence(t) };
      }
      const proposed = {
        ...t.document,
        Statement: t.document.Statement.map((st) => {
          if (!isNotActionAllow(st)) return st;
          const { NotAction: _excluded, ...rest } = st;
          return { ...rest, Action: ['<service>:<Action>'] };
        }),
      };
      return {
        ...base,
        status: 'FAIL',
        ...(t.severity ? { severity: t.severity } : {}),
        message: `${describeTarget(t)} allows everything except ${hits
          .map((h) => (h.statement.NotAction ?? []).join(', '))
          .join('; ')} (${hits.map((h) => h.grantsActionCount).join(' + ')} catalogued actions).`,
        evidence: { ...targetEvidence(t), statements: hits, ...extra },
        remediation: replacementDraft(t, proposed, 'Draft: list the allowed actions instead of the excluded ones.'),
      };
    });
  },
};
