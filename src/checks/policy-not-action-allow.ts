import type { Check, CheckResult } from './types.js';
import { grantedActions, isNotActionAllow, statementRef } from '../policy/analysis.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from './util/policy-targets.js';

export const policyNotActionAllow: Check = {
  id: 'iam.policy.not-action-allow',
  title: 'Policies do not allow by NotAction',
  severity: 'high',
  compliance: {},
  needs: ['users', 'groups', 'roles', 'policies'],
  remediation:
    'Rewrite "Allow NotAction" as an Allow of the actions needed: NotAction grants everything not listed, including every service and action AWS adds later.',
  run: (snap, ctx) =>
    judgedPolicies(snap).map((t): CheckResult => {
      const hits = t.document.Statement.flatMap((st, index) =>
        isNotActionAllow(st)
          ? [{ ...statementRef(st, index), statement: st, grantsActionCount: grantedActions(st, ctx.catalog).actions.length }]
          : [],
      );
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      if (hits.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} has no Allow with NotAction.`, evidence: targetEvidence(t) };
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
        evidence: { ...targetEvidence(t), statements: hits },
        remediation: replacementDraft(t, proposed, 'Draft: list the allowed actions instead of the excluded ones.'),
      };
    }),
};
