import type { Check, CheckResult } from '../types.js';
import { cancellationEvidence } from '../../policy/document-denies.js';
import { analyzeWildcardResourceWriteAt } from '../../policy/wildcard-write-denied.js';
import { describeTarget, judgedPolicies, replacementDraft, targetEvidence } from '../util/policy-targets.js';
import { judgedPolicyPopulation } from '../util/populations.js';

/** How many actions the evidence lists (the counts cover all of them). */
export const SAMPLE_SIZE = 10;

export const policyWildcardResourceWrite: Check = {
  id: 'iam.policy.wildcard-resource-write',
  title: 'Write and permissions-management actions are scoped to resources',
  severity: 'medium',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'permissions'],
  population: judgedPolicyPopulation,
  remediation:
    'Scope Write and Permissions management actions to the resource ARNs they act on (Resource "*" only for actions that support no resource type).',
  run: (snap, ctx) =>
    judgedPolicies(snap).map((t): CheckResult => {
      // Inert statements (a Condition that can never hold at --now) and what the policy's own Denies take back grant nothing.
      const a = analyzeWildcardResourceWriteAt(t.document, ctx.catalog, ctx.now, SAMPLE_SIZE);
      const base = { resourceArn: t.resourceArn, ...(t.detail !== undefined ? { detail: t.detail } : {}) };
      const pm = a.counts['Permissions management'];
      const write = a.counts.Write;
      const evidence = {
        ...targetEvidence(t),
        accessLevelCounts: a.counts,
        ...(a.statements.length ? { statements: a.statements, sampleActions: a.sample } : {}),
        ...(a.unknownActions.length ? { unknownActions: a.unknownActions.slice(0, SAMPLE_SIZE) } : {}),
        ...cancellationEvidence(a.denies, a.cancelled.map((c) => ({ statement: c.sid ?? c.index, by: a.denies.denies }))),
        ...(a.denies.denies.length && a.statements.length ? { deniesApplied: a.denies.denies } : {}),
      };
      if (a.statements.length === 0) {
        return { ...base, status: 'PASS', message: `${describeTarget(t)} allows no Write or Permissions management action on Resource "*".`, evidence };
      }
      const flagged = new Set(a.statements.map((s) => s.index));
      const proposed = {
        ...t.document,
        Statement: t.document.Statement.map((st, i) =>
          flagged.has(i) ? { ...st, Resource: (st.Resource ?? []).map((r) => (r === '*' ? '<resource-arn>' : r)) } : st,
        ),
      };
      return {
        ...base,
        status: 'FAIL',
        severity: t.severity ?? (pm > 0 ? 'high' : 'medium'),
        message: `${describeTarget(t)} allows ${pm > 0 ? `${pm} Permissions management and ` : ''}${write} Write actions on Resource "*" (e.g. ${a.sample
          .slice(0, 3)
          .join(', ')}).`,
        evidence,
        remediation: replacementDraft(t, proposed, 'Draft: replace "*" with the ARNs these actions need (keep "*" only for actions that support no resource).'),
      };
    }),
};
