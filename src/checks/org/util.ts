// Shared by the organization (SCP) checks. These checks run only in org mode (ORG_CHECKS, src/checks/org/index.ts)
// or on a snapshot that has an organization part; they need the 'organization' part.
import type { AccountSnapshot, OrganizationPart } from '../../snapshot/snapshot.js';
import { evaluateScps, type ScpDecision } from '../../org/scp.js';
import type { CheckResult } from '../types.js';
import { draft, fileName, json, sh } from '../util/shell.js';

export function requireOrganization(snapshot: AccountSnapshot): OrganizationPart {
  if (!snapshot.organization) throw new Error('the snapshot has no AWS Organizations information (run with --org)');
  return snapshot.organization;
}

/** SCPs never apply to the management account: the SCP checks have nothing to judge there. */
export function isManagementAccount(org: OrganizationPart): boolean {
  return org.account.id === org.managementAccountId;
}

/**
 * Whether SCPs apply: the organization part says so, or SCPs are in the account's chain (a snapshot whose scpEnabled
 * contradicts its own attached SCPs: the attached SCPs win, see reconcileScpEnabled in src/org/model.ts).
 */
export function scpsApply(org: OrganizationPart): boolean {
  return org.scpEnabled || org.scpChain.some((l) => l.policies.length > 0);
}

/** The FAIL every SCP check reports when the organization has SCPs disabled. */
export function scpsDisabled(org: OrganizationPart, what: string): CheckResult {
  return {
    resourceArn: org.account.arn,
    status: 'FAIL',
    message: `Service control policies are not enabled in organization ${org.id}, so ${what}.`,
    evidence: { organization: org.id, scpEnabled: false },
    remediation: draft(
      '# From the management account:',
      `aws organizations enable-policy-type --root-id <root id: aws organizations list-roots> --policy-type SERVICE_CONTROL_POLICY`,
    ),
  };
}

/** Evidence for guardrail decisions: per action, how it is (or is not) denied. */
export function decisionEvidence(decisions: readonly ScpDecision[]): Record<string, unknown>[] {
  return decisions.map((d) => ({
    action: d.action,
    effect: d.effect,
    ...(d.deniedBy.length ? { deniedBy: d.deniedBy } : {}),
    ...(d.notAllowedAt.length ? { notAllowedAt: d.notAllowedAt } : {}),
  }));
}

export function decide(org: OrganizationPart, actions: readonly string[]): ScpDecision[] {
  return actions.map((a) => evaluateScps(org.scpChain, a));
}

/** create-policy + attach-policy for a new SCP, attached at the given target (the root by default). */
export function scpDraft(name: string, description: string, document: unknown, targetId: string, comment: string): string {
  const file = `${fileName(name)}.json`;
  return draft(
    `# ${comment}`,
    `cat > ${sh(file)} <<'POLICY'`,
    json(document),
    'POLICY',
    `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name ${sh(name)} --description ${sh(description)} --content ${sh(`file://${file}`)}`,
    `aws organizations attach-policy --policy-id <PolicySummary.Id from create-policy> --target-id ${sh(targetId)}`,
  );
}

/** The root's id (first level of the chain), or a placeholder. */
export function rootId(org: OrganizationPart): string {
  return org.scpChain.find((l) => l.targetType === 'ROOT')?.targetId ?? '<root id>';
}
