// AWS's guidance for AI agents: destructive actions explicitly denied, so that no later Allow can open them.
// Each action of the destructive set is evaluated through identity policies, the boundary and (when known) SCPs:
// allowed (high), implicitly denied (medium: one Allow added later opens it) or explicitly denied (pass).
import { DESTRUCTIVE_ACTIONS } from '../../agents/destructive-actions.js';
import type { Check, CheckResult } from '../types.js';
import { agentsOf, judgeAction, unresolvedPolicies } from '../util/agents.js';
import { draft, json, sh } from '../util/shell.js';
import { agentPrincipals } from '../util/populations.js';

export const agentDestructiveActions: Check = {
  id: 'agent.destructive-actions-denied',
  title: 'AI agents are explicitly denied destructive actions',
  severity: 'high',
  needs: ['users', 'groups', 'roles', 'policies'],
  reads: ['identity', 'tags', 'permissions'],
  population: agentPrincipals(),
  remediation: 'Add an explicit Deny of the destructive actions (in the permissions boundary or an attached policy).',
  run: (snap, ctx) =>
    agentsOf(snap, ctx).map(({ principal, selectedBy }): CheckResult => {
      const { kind, entity } = principal;
      const verdicts = DESTRUCTIVE_ACTIONS.map((a) => judgeAction(snap, principal, a));
      const allowed = verdicts.filter((v) => v.decision === 'ALLOWED');
      const implicit = verdicts.filter((v) => v.decision === 'IMPLICITLY_DENIED');
      const evidence = {
        selectedBy,
        allowed: allowed.map((v) => ({ action: v.action, by: v.by })),
        implicitlyDenied: implicit.map((v) => ({ action: v.action, by: v.by, ...(v.unmetConditions ? { unmetConditions: v.unmetConditions } : {}) })),
        explicitlyDenied: verdicts.filter((v) => v.decision === 'EXPLICITLY_DENIED').map((v) => ({ action: v.action, by: v.by })),
      };
      const unresolved = unresolvedPolicies(snap, principal);
      if (allowed.length === 0 && implicit.length === 0) {
        return { resourceArn: entity.arn, status: 'PASS', message: `${entity.name}: all ${verdicts.length} destructive actions are explicitly denied.`, evidence };
      }
      if (allowed.length === 0 && unresolved.length) {
        return { resourceArn: entity.arn, status: 'NOT_ASSESSED', message: `${entity.name}: policies ${unresolved.join(', ')} are attached but not in the snapshot, so it cannot be told whether they allow destructive actions.`, evidence: { ...evidence, unresolved } };
      }
      const denyDraft = draft(
        `cat > deny-destructive.json <<'POLICY'`,
        json({ Version: '2012-10-17', Statement: [{ Sid: 'DenyDestructiveActions', Effect: 'Deny', Action: [...DESTRUCTIVE_ACTIONS], Resource: '*' }] }),
        'POLICY',
        `aws iam put-${kind}-policy --${kind}-name ${sh(entity.name)} --policy-name DenyDestructiveActions --policy-document file://deny-destructive.json`,
        '# (or add the statement to the permissions boundary, which caps every policy the agent gets later)',
      );
      if (allowed.length) {
        return {
          resourceArn: entity.arn,
          status: 'FAIL',
          severity: 'high',
          message: `${entity.name} can perform ${allowed.length} destructive action(s) (${allowed.slice(0, 3).map((v) => v.action).join(', ')}${allowed.length > 3 ? ', ...' : ''}), and ${implicit.length} more are only implicitly denied.`,
          evidence,
          remediation: denyDraft,
        };
      }
      return {
        resourceArn: entity.arn,
        status: 'FAIL',
        severity: 'medium',
        message: `${entity.name}: ${implicit.length} destructive action(s) are only implicitly denied (${implicit.slice(0, 3).map((v) => v.action).join(', ')}${implicit.length > 3 ? ', ...' : ''}): one Allow added later opens them.`,
        evidence,
        remediation: denyDraft,
      };
    }),
};
