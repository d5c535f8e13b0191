// Roles an AWS service assumes (Principal {"Service": "<name>.amazonaws.com"}) without aws:SourceAccount,
// aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths in the trust statement: the cross-service confused deputy
// (AWS IAM User Guide, "The confused deputy problem", and the services' "Cross-service confused deputy prevention"
// pages). A service acting for another customer could be made to assume the role; the source keys tie the role to the
// resources of this account (or organization) that the service acts for.
//
// Not judged: service-linked roles (AWS writes and owns their trust policies); statements removed by an unconditional
// Deny or under a Condition that can never hold at --now (they let nobody in). A term counts only when it narrows
// (positive operator, a value that is not only wildcards: src/policy/trust.ts narrowingTerms).
//
// Exempt: ec2.amazonaws.com and lambda.amazonaws.com. They assume a role only for a compute resource of the role's own
// account that a principal of this account bound to it with iam:PassRole (an instance profile and the instance must be
// in one account; a function's execution role must be in the function's account: IAM User Guide "Use an IAM role to
// grant permissions to applications running on Amazon EC2 instances", Lambda Developer Guide "Lambda execution role"),
// so no other customer can make them act on it, and their trust policies as documented carry no source condition.
// Other compute services are not exempt: ECS documents aws:SourceAccount / aws:SourceArn for task roles
// (ecs-tasks.amazonaws.com, Amazon ECS Developer Guide "Amazon ECS task IAM role").
import type { Check, CheckResult } from '../types.js';
import { cmp } from '../../policy/analysis.js';
import { inertStatements } from '../../policy/inert-conditions.js';
import { termsOn, type TrustEntry } from '../../policy/trust.js';
import { roleTrusts, trustEvidence, trustPolicyDraft, withCondition, type RoleTrust } from '../util/trust.js';
import { rolesByTrust } from '../util/populations.js';

export const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'] as const;

/** Services that assume a role only for this account's own instances / functions (see above). */
const EXEMPT_SERVICES = /^(ec2|lambda)\.amazonaws\.com(\.cn)?$/i;
const AWS_SERVICE = /\.amazonaws\.com(\.cn)?$/i;

const serviceEntries = (t: RoleTrust): TrustEntry[] =>
  t.effective.filter((e) => e.class === 'service' && AWS_SERVICE.test(e.principal) && e.actions.includes('sts:AssumeRole'));

/** The service entries that can let a service in at `now` (not under a Condition that can never hold). */
function liveServiceEntries(t: RoleTrust, now: string): TrustEntry[] {
  const inert = new Set(inertStatements(t.role.assumeRolePolicy, now).map((s) => s.index));
  return serviceEntries(t).filter((e) => !inert.has(e.statement.index));
}

export const roleServiceTrustConfusedDeputy: Check = {
  id: 'iam.role.service-trust-confused-deputy',
  title: 'Roles trusted by AWS services are tied to this account with aws:SourceAccount or aws:SourceArn',
  severity: 'medium',
  needs: ['roles'],
  reads: ['identity', 'trust'],
  population: rolesByTrust('roles that an AWS service can assume (other than service-linked roles)', (snap) => roleTrusts(snap).filter((t) => serviceEntries(t).length > 0).map((t) => t.role.arn)),
  remediation:
    'Add {"StringEquals": {"aws:SourceAccount": "<this account>"}} (or aws:SourceArn with the ARN of the resource the service acts for) to each trust statement naming an AWS service principal.',
  run: (snap, ctx) =>
    roleTrusts(snap)
      .filter((t) => serviceEntries(t).length > 0)
      .map((t): CheckResult => {
        const live = liveServiceEntries(t, ctx.now);
        const missing = live.filter((e) => !EXEMPT_SERVICES.test(e.principal) && termsOn(e.condition, SOURCE_KEYS).length === 0);
        const exempt = [...new Set(live.filter((e) => EXEMPT_SERVICES.test(e.principal)).map((e) => e.principal))].sort(cmp);
        if (live.length === 0) {
          return { resourceArn: t.role.arn, status: 'PASS', message: `${t.role.name} trusts AWS services only under conditions that can never hold: none can assume it.`, evidence: trustEvidence(t) };
        }
        if (missing.length === 0) {
          return {
            resourceArn: t.role.arn,
            status: 'PASS',
            message: live.every((e) => EXEMPT_SERVICES.test(e.principal))
              ? `${t.role.name} is assumed only by ${exempt.join(', ')}, which act for this account's own resources (iam:PassRole).`
              : `${t.role.name} ties every AWS service it trusts to a source account, ARN or organization.`,
            evidence: trustEvidence(t, exempt.length ? { exemptServices: exempt } : undefined),
          };
        }
        const services = [...new Set(missing.map((e) => e.principal))].sort(cmp);
        const statements = new Set(missing.map((e) => e.statement.index));
        const mixed = t.role.assumeRolePolicy.Statement.some((st, i) => statements.has(i) && (st.Principal?.Service ?? []).some((s) => EXEMPT_SERVICES.test(s)));
        return {
          resourceArn: t.role.arn,
          status: 'FAIL',
          message: `${t.role.name} can be assumed by ${services.join(', ')} without an aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths condition (confused deputy).`,
          evidence: trustEvidence(t, { servicesWithoutSourceCondition: services, ...(exempt.length ? { exemptServices: exempt } : {}) }),
          remediation: trustPolicyDraft(
            t.role.name,
            withCondition(t.role.assumeRolePolicy, statements, { StringEquals: { 'aws:SourceAccount': [snap.accountId] } }),
            `Draft: only requests the services make for resources of account ${snap.accountId}; aws:SourceArn (ArnLike, the resource ARN) is tighter.${
              mixed ? ' A statement also names ec2/lambda: give those their own statement without the condition.' : ''
            }`,
          ),
        };
      }),
};
