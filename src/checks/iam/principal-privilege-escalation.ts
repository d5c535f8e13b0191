// Privilege escalation: which known escalation methods (src/policy/escalation-methods.ts: Rhino Security Labs,
// Bishop Fox, pathfinding.cloud) each user and role can use with what its policies allow — identity policies,
// groups' policies for users, the permissions boundary, explicit Denies (src/policy/effective.ts). One finding per
// principal listing the methods (with the actions that satisfy each requirement and the sources); the evidence names
// the statements that grant those actions.
//
// Severity: the worst method found. A method is critical when its table says so (the attacker picks the new
// permissions) and every action it needs is allowed unconditionally on "*"; capped at high when some action is only
// allowed on specific resources (escalation through one named role or policy is still escalation); one level lower
// when it only works under a restricting condition. Principals with full administrative access are left to
// iam.policy.full-admin: they have nothing to escalate to. Service-linked roles are AWS's and skipped.
import type { Check, CheckResult } from '../types.js';
import type { Severity } from '../../vocabulary.js';
import { blockingAction } from '../../policy/escalation-methods.js';
import { maxSeverity, riskAnalysis, type MethodMatch } from '../../policy/principal-risk.js';
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

interface Template {
  severity: Severity;
  tail: string;
  methods: Record<string, unknown>[];
  ids: number[];
  denyJson: string;
}

const templates = memo<MethodMatch[], Template>();

export const principalPrivilegeEscalation: Check = {
  id: 'iam.principal.privilege-escalation',
  title: 'Users and roles cannot escalate their own privileges',
  severity: 'high',
  ...riskCheckInputs,
  remediation:
    'Remove the IAM write actions and iam:PassRole grants the principal does not need, or scope them (iam:PassRole to the roles it must pass, with iam:PassedToService); attach a permissions boundary that denies them.',
  run: (snap, ctx) => {
    const { principals, index } = riskAnalysis(snap, ctx.catalog, ctx.now);
    return principals.map((r): CheckResult => {
      const arn = r.analysis.principal.entity.arn;
      if (r.fullAdmin) return fullAdminPass(r);
      if (r.escalation.length === 0) {
        return pass(r, 'Can use no known privilege-escalation method.');
      }
      const t = templates(r.escalation, () => {
        const n = r.escalation.length;
        const first = r.escalation[0]!;
        const actions = [...new Set(r.escalation.flatMap((m) => m.requirements.flatMap((req) => req.actions)))];
        return {
          severity: maxSeverity(r.escalation.map((m) => m.severity), 'info'),
          tail: `can escalate its privileges with ${n} known method${n === 1 ? '' : 's'}: ${r.escalation
            .slice(0, 4)
            .map((m) => m.method.id)
            .join(', ')}${n > 4 ? ', …' : ''} (e.g. "${first.method.title}", ${first.grant}).`,
          methods: r.escalation.map((m) => ({
            id: m.method.id,
            title: m.method.title,
            category: m.method.category,
            grant: m.grant,
            severity: m.severity,
            requires: m.requirements,
            sources: m.method.sources,
          })),
          ids: actions.map((a) => index.id(a)!),
          denyJson: documentJson({
            Version: '2012-10-17',
            Statement: [{ Sid: 'DenyPrivilegeEscalation', Effect: 'Deny', Action: [...new Set(r.escalation.map((m) => blockingAction(m.method)))].sort(), Resource: '*' }],
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
          methods: t.methods,
          grantingStatements: grantingStatementsEvidence(r, t.ids),
          accessLevelCounts: pe.accessLevelCounts,
        },
        remediation: putInlinePolicyDraft(
          r,
          'deny-privilege-escalation',
          t.denyJson,
          'Preferred: remove or scope the grants named in the evidence. Until then, this explicit Deny blocks every method found (review first: it also blocks legitimate uses of these actions).',
        ),
      };
    });
  },
};
