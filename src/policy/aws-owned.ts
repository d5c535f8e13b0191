// AWS-owned resources: ARNs whose account field is "aws" (arn:aws:iam::aws:policy/..., in every partition:
// arn:aws-cn:..., arn:aws-us-gov:..., arn:*:...). No customer can write them: iam:CreatePolicyVersion or
// iam:SetDefaultPolicyVersion on an AWS managed policy is refused whatever the caller's policies say. An escalation
// method whose requirement is granted only on such resources cannot be used; a grant on "*" still can (it covers the
// customer's own policies).
import type { ActionIndex } from './action-index.js';
import type { PrincipalAnalysis } from './effective.js';
import type { MethodMatch } from './method-match.js';
import { isAwsOwnedArn } from './arn.js';


/** An Allow statement that can reach a customer's resource: Resource "*"-like, NotResource, or any non-AWS ARN. */
function reachesCustomerResources(st: { Resource?: string[]; NotResource?: string[] }): boolean {
  if (st.NotResource !== undefined) return true;
  return (st.Resource ?? []).some((r) => !isAwsOwnedArn(r));
}

/** Drops the methods some requirement of which is granted only on AWS-owned resources. */
export function dropAwsOwnedGrants(analysis: PrincipalAnalysis, index: ActionIndex, escalation: MethodMatch[]): MethodMatch[] {
  // An AWS-owned Resource makes a statement scoped (statement-class.ts), and the escalation methods count scoped
  // grants too: look only when some Allow names one.
  if (!analysis.statements.some((s) => s.shape.effect === 'Allow' && (s.statement.Resource ?? []).some(isAwsOwnedArn))) return escalation;
  const usable = (name: string): boolean => {
    const id = index.id(name);
    if (id === undefined) return true;
    return analysis.statements.some((s) => s.shape.effect === 'Allow' && s.shape.actions.has(id) && reachesCustomerResources(s.statement));
  };
  // r.actions lists at most 5 actions (principal-risk.ts): a full list may hide a usable one, so it counts as usable.
  const kept = escalation.filter((m) => m.requirements.every((r) => r.actions.length >= 5 || r.actions.some(usable)));
  return kept.length === escalation.length ? escalation : kept;
}
