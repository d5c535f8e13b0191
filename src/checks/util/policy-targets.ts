// The policies the wildcard-* and NotAction checks judge: customer managed policies (resource = the policy ARN) and
// inline policies of users, groups and roles (resource = the principal ARN, detail = the policy name). AWS managed
// policies are AWS's to write (what matters is who has them attached: see policy-full-admin); service-linked roles
// are AWS's too. A customer managed policy attached to nothing still gets judged, at severity 'low': it grants
// nothing today but is one attach-*-policy away from doing so. A policy used only as a permissions boundary is not
// judged: a boundary is a ceiling, broad by design ("s3:*, logs:*, never iam:*"), and grants nothing by itself; what
// a bounded principal can do is judged on the intersection (the principal and agent checks).
import type { AccountSnapshot, ManagedPolicy, PolicyDocument } from '../../snapshot/snapshot.js';
import type { Severity } from '../../vocabulary.js';
import { allPrincipals, type PrincipalKind } from '../../policy/reachable.js';
import { isServiceLinkedRole } from './arn.js';
import { draft, fileName, json, sh } from './shell.js';

export interface PolicyTarget {
  type: 'customer-managed' | 'inline';
  resourceArn: string;
  detail?: string;
  policyName: string;
  document: PolicyDocument;
  /** Customer managed only. */
  policy?: ManagedPolicy;
  /** Inline only: the principal the policy is embedded in. */
  principal?: { kind: PrincipalKind; name: string; arn: string };
  /** 'low' for customer managed policies attached to nothing. */
  severity?: Severity;
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots (and what is built from
// them) are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const judged = new WeakMap<AccountSnapshot, PolicyTarget[]>();

/** Computed once per snapshot and shared by the checks that judge policy documents (they never modify it). */
export function judgedPolicies(snapshot: AccountSnapshot): PolicyTarget[] {
  let targets = judged.get(snapshot);
  if (!targets) judged.set(snapshot, (targets = findJudgedPolicies(snapshot)));
  return targets;
}

function findJudgedPolicies(snapshot: AccountSnapshot): PolicyTarget[] {
  const managed = snapshot.policies
    .filter((p) => !p.awsManaged && !(p.attachmentCount === 0 && p.permissionsBoundaryUsageCount > 0))
    .map(
      (p): PolicyTarget => ({
        type: 'customer-managed',
        resourceArn: p.arn,
        policyName: p.name,
        document: p.document,
        policy: p,
        ...(p.attachmentCount === 0 ? { severity: 'low' as const } : {}),
      }),
    );
  const inline = allPrincipals(snapshot)
    .filter((p) => !(p.kind === 'role' && isServiceLinkedRole(p.entity)))
    .flatMap((p) =>
      p.entity.inlinePolicies.map(
        (ip): PolicyTarget => ({
          type: 'inline',
          resourceArn: p.entity.arn,
          detail: ip.name,
          policyName: ip.name,
          document: ip.document,
          principal: { kind: p.kind, name: p.entity.name, arn: p.entity.arn },
        }),
      ),
    );
  return [...managed, ...inline];
}

/** "the customer managed policy X (attached to 3 principals)" / "the inline policy X of the role Y". */
export function describeTarget(t: PolicyTarget): string {
  if (t.type === 'inline') return `The inline policy ${t.policyName} of the ${t.principal!.kind} ${t.principal!.name}`;
  const n = t.policy!.attachmentCount;
  return `The customer managed policy ${t.policyName} (${n === 0 ? 'attached to nothing' : `attached ${n} time${n === 1 ? '' : 's'}`})`;
}

// Memo, as above.
const evidenceOf = new WeakMap<PolicyTarget, Record<string, unknown>>();

/** Evidence naming the policy; one object per target, shared by the findings and results of every check. */
export function targetEvidence(t: PolicyTarget): Record<string, unknown> {
  let evidence = evidenceOf.get(t);
  if (!evidence) evidenceOf.set(t, (evidence = buildTargetEvidence(t)));
  return evidence;
}

function buildTargetEvidence(t: PolicyTarget): Record<string, unknown> {
  return t.type === 'inline'
    ? { policyType: 'inline', policyName: t.policyName, principalType: t.principal!.kind, principalArn: t.principal!.arn }
    : {
        policyType: 'customer-managed',
        policyName: t.policyName,
        policyArn: t.policy!.arn,
        defaultVersionId: t.policy!.defaultVersionId,
        attachmentCount: t.policy!.attachmentCount,
        permissionsBoundaryUsageCount: t.policy!.permissionsBoundaryUsageCount,
      };
}

/** Publishes a reviewed document in place of the current one (a new default version, or put-*-policy for inline). */
export function replacementDraft(t: PolicyTarget, proposed: PolicyDocument, comment: string): string {
  const file = `${fileName(t.policyName)}.json`;
  const usageArn = t.type === 'inline' ? t.principal!.arn : t.policy!.arn;
  return draft(
    '# Which services/actions were actually used (action-level detail for S3, EC2, IAM, Lambda and a few more):',
    `aws iam generate-service-last-accessed-details --arn ${sh(usageArn)} --granularity ACTION_LEVEL`,
    'aws iam get-service-last-accessed-details --job-id <JobId from the previous command>',
    `# ${comment}`,
    `cat > ${sh(file)} <<'POLICY'`,
    json(proposed),
    'POLICY',
    t.type === 'inline'
      ? `aws iam put-${t.principal!.kind}-policy --${t.principal!.kind}-name ${sh(t.principal!.name)} --policy-name ${sh(t.policyName)} --policy-document ${sh(`file://${file}`)}`
      : `aws iam create-policy-version --policy-arn ${sh(t.policy!.arn)} --policy-document ${sh(`file://${file}`)} --set-as-default`,
  );
}
