// Customer managed policies attached to nothing: dead weight today, one attach-*-policy away from granting what they
// say. Reported once per policy at low severity, with what it would grant (access-level counts, and the escalation
// methods its statements alone enable) so a reviewer can tell a leftover from a loaded gun. A policy used only as a
// permissions boundary is in use (a boundary grants nothing by itself) and passes. AWS managed policies are AWS's.
//
// Other checks also look at unattached policies, but at their content: iam.policy.full-admin reports an unattached
// "*" on "*" policy, and the wildcard-*/not-action checks judge unattached policies at low severity. This check is
// the one that reports the policy for being unattached at all.
import type { Check, CheckResult } from '../types.js';
import { documentAccess } from '../../policy/document-access.js';
import { profileEscalation, riskAnalyzer } from '../../policy/principal-risk.js';
import { draft, sh } from '../util/shell.js';
import { customerManagedPolicies } from '../util/populations.js';

export const policyUnattached: Check = {
  id: 'iam.policy.unattached',
  title: 'Customer managed policies are attached to something',
  severity: 'low',
  needs: ['policies'],
  reads: ['identity', 'permissions'],
  population: customerManagedPolicies,
  remediation:
    'Delete customer managed policies nothing uses (non-default versions first), or keep them deliberately and document why.',
  run: (snap, ctx) => {
    const customer = snap.policies.filter((p) => !p.awsManaged);
    if (customer.length === 0) return [];
    const analyzer = riskAnalyzer(snap, ctx.catalog);
    const index = analyzer.index;
    return customer.map((p): CheckResult => {
      const base = { policyName: p.name, attachmentCount: p.attachmentCount, permissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount };
      if (p.attachmentCount > 0) {
        return { resourceArn: p.arn, status: 'PASS', message: `The customer managed policy ${p.name} is attached ${p.attachmentCount} time${p.attachmentCount === 1 ? '' : 's'}.`, evidence: base };
      }
      if (p.permissionsBoundaryUsageCount > 0) {
        return { resourceArn: p.arn, status: 'PASS', message: `The customer managed policy ${p.name} is used as a permissions boundary.`, evidence: base };
      }
      const access = documentAccess(analyzer, p.document);
      const profile = analyzer.profileOf(p.document.Statement.map((st) => analyzer.shape(st)), undefined);
      const methods = [...new Set([...profileEscalation(profile, 'user', index), ...profileEscalation(profile, 'role', index)].map((m) => m.method.id))].sort();
      return {
        resourceArn: p.arn,
        status: 'FAIL',
        message: `The customer managed policy ${p.name} is attached to nothing${
          access.fullAdmin ? ' (it allows "*" on "*")' : methods.length ? ` (attached, it would enable ${methods.length} privilege-escalation method${methods.length === 1 ? '' : 's'})` : ''
        }.`,
        evidence: {
          ...base,
          path: p.path,
          defaultVersionId: p.defaultVersionId,
          createDate: p.createDate,
          updateDate: p.updateDate,
          wouldGrant: { allowed: access.allowed, unconditionalOnAnyResource: access.free, fullAdmin: access.fullAdmin },
          ...(methods.length ? { escalationMethods: methods } : {}),
          ...(access.unknownActions.length ? { unknownActions: access.unknownActions.slice(0, 10) } : {}),
        },
        remediation: draft(
          '# Check that nothing refers to it (infrastructure code, boundaries you plan to set), then delete it:',
          `aws iam list-policy-versions --policy-arn ${sh(p.arn)}`,
          `aws iam delete-policy-version --policy-arn ${sh(p.arn)} --version-id <each non-default VersionId>`,
          `aws iam delete-policy --policy-arn ${sh(p.arn)}`,
        ),
      };
    });
  },
};
