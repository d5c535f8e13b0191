// Resource exposure: users and roles that can change resource-based policies, ACLs and sharing settings
// (src/policy/risk-actions.ts RESOURCE_EXPOSURE_ACTIONS) on every resource ("*"), and so open any bucket, key,
// function, queue, snapshot... to other accounts or the public. Only grants on "*" count: a grant on named resources
// is how such permissions should look. Effective permissions (boundary and explicit Denies applied, see
// src/policy/effective.ts); high, medium when every such grant needs a restricting condition. Principals with full
// administrative access are left to iam.policy.full-admin; service-linked roles are skipped.
import type { Check, CheckResult } from '../types.js';
import type { Severity } from '../../vocabulary.js';
import { riskAnalysis, type ActionMatch } from '../../policy/principal-risk.js';
import {
  describePrincipal,
  documentJson,
  fullAdminPass,
  pass,
  grantingStatementsEvidence,
  memo,
  principalEvidence,
  putInlinePolicyDraft,
} from '../util/risk-findings.js';
import { riskCheckInputs } from '../util/populations.js';

const templates = memo<ActionMatch[], { severity: Severity; tail: string; ids: number[]; actions: { action: string; grant: string }[]; denyJson: string }>();

export const principalResourceExposure: Check = {
  id: 'iam.principal.resource-exposure',
  title: 'Users and roles cannot change resource policies on every resource',
  severity: 'high',
  ...riskCheckInputs,
  remediation:
    'Scope resource-policy, ACL and sharing actions to the resources the principal administers, or deny them; keep S3 Block Public Access on at the account level.',
  run: (snap, ctx) => {
    const { principals } = riskAnalysis(snap, ctx.catalog, ctx.now);
    return principals.map((r): CheckResult => {
      const arn = r.analysis.principal.entity.arn;
      if (r.fullAdmin) return fullAdminPass(r);
      if (r.exposure.length === 0) {
        return pass(r, 'Cannot change resource policies on every resource.');
      }
      const t = templates(r.exposure, () => {
        const actions = r.exposure.map((a) => a.action);
        const unconditional = r.exposure.some((a) => a.grant === 'unconditional');
        return {
          severity: unconditional ? 'high' : 'medium',
          tail: `can change who may access resources on every resource (${actions.length} action${actions.length === 1 ? '' : 's'}, e.g. ${actions
            .slice(0, 3)
            .join(', ')})${unconditional ? '' : ', under a restricting condition'}: it can open them to other accounts or the public.`,
          ids: r.exposure.map((a) => a.id),
          actions: r.exposure.map((a) => ({ action: a.action, grant: a.grant })),
          denyJson: documentJson({
            Version: '2012-10-17',
            Statement: [{ Sid: 'DenyResourcePolicyChanges', Effect: 'Deny', Action: actions, NotResource: ['<arn-of-each-resource-it-administers>'] }],
          }),
        };
      });
      const pe = principalEvidence(r);
      return {
        resourceArn: arn,
        status: 'FAIL',
        severity: t.severity,
        message: `The ${describePrincipal(r)} ${t.tail}`,
        evidence: {
          principal: pe.principal,
          actions: t.actions,
          grantingStatements: grantingStatementsEvidence(r, t.ids),
          accessLevelCounts: pe.accessLevelCounts,
        },
        remediation: putInlinePolicyDraft(
          r,
          'deny-resource-policy-changes',
          t.denyJson,
          'Preferred: scope the granting statements in the evidence to the resources this principal administers. Until then, this Deny blocks the actions everywhere else:',
        ),
      };
    });
  },
};
