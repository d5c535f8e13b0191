// Every check, in report order (root, users, policies, roles, password policy). Ids are stable: findings are keyed
// by them (finding id = hash of check id + resource + detail) and suppressions refer to them.
import { agentBroadManagedPolicies } from './agent-broad-managed-policies.js';
import { agentCanChangeIam } from './agent-can-change-iam.js';
import { agentCandidatesCheck } from './agent-candidates.js';
import { agentDestructiveActions } from './agent-destructive-actions.js';
import { agentLongLivedKeys } from './agent-long-lived-keys.js';
import { agentPermissionsBoundary } from './agent-permissions-boundary.js';
import { agentSecretsReadable } from './agent-secrets-readable.js';
import { agentSessionDuration } from './agent-session-duration.js';
import { agentTrustExternalId } from './agent-trust-external-id.js';
import { agentTrustMfa } from './agent-trust-mfa.js';
import { agentUserAssumeOnly } from './agent-user-assume-only.js';
import type { Check } from './types.js';
import { cloudTrailLogFileValidation } from './cloudtrail-log-file-validation.js';
import { cloudTrailMultiRegionLogging } from './cloudtrail-multi-region-logging.js';
import { inlinePolicy } from './inline-policy.js';
import { passwordPolicyMinLength } from './password-policy-min-length.js';
import { passwordPolicyMissing } from './password-policy-missing.js';
import { passwordPolicyReuse } from './password-policy-reuse.js';
import { policyFullAdmin } from './policy-full-admin.js';
import { policyNotActionAllow } from './policy-not-action-allow.js';
import { policyWildcardActions } from './policy-wildcard-actions.js';
import { policyWildcardResourceWrite } from './policy-wildcard-resource-write.js';
import { roleCrossAccountWithoutExternalId } from './role-cross-account-without-external-id.js';
import { roleExternalTrust } from './role-external-trust.js';
import { roleFederatedTrustUnscoped } from './role-federated-trust-unscoped.js';
import { rolePublicTrust } from './role-public-trust.js';
import { roleUnused } from './role-unused.js';
import { rootAccessKeys } from './root-access-keys.js';
import { rootMfa } from './root-mfa.js';
import { rootRecentUse } from './root-recent-use.js';
import { userAccessKeyAge } from './user-access-key-age.js';
import { userAccessKeyUnused } from './user-access-key-unused.js';
import { userConsoleWithoutMfa } from './user-console-without-mfa.js';
import { userDirectPolicies } from './user-direct-policies.js';
import { userMultipleActiveKeys } from './user-multiple-active-keys.js';
import { userPasswordUnused } from './user-password-unused.js';
import { policyUnattached } from './policy-unattached.js';
import { principalDataExfiltration } from './principal-data-exfiltration.js';
import { principalInfrastructureModification } from './principal-infrastructure-modification.js';
import { principalPrivilegeEscalation } from './principal-privilege-escalation.js';
import { principalResourceExposure } from './principal-resource-exposure.js';

export const ALL_CHECKS: Check[] = [
  rootMfa,
  rootAccessKeys,
  rootRecentUse,
  userConsoleWithoutMfa,
  userAccessKeyAge,
  userAccessKeyUnused,
  userMultipleActiveKeys,
  userPasswordUnused,
  userDirectPolicies,
  inlinePolicy,
  policyFullAdmin,
  policyWildcardActions,
  policyNotActionAllow,
  policyWildcardResourceWrite,
  roleUnused,
  roleExternalTrust,
  rolePublicTrust,
  roleCrossAccountWithoutExternalId,
  roleFederatedTrustUnscoped,
  passwordPolicyMissing,
  passwordPolicyMinLength,
  passwordPolicyReuse,
  cloudTrailMultiRegionLogging,
  cloudTrailLogFileValidation,
  policyUnattached,
  principalPrivilegeEscalation,
  principalResourceExposure,
  principalDataExfiltration,
  principalInfrastructureModification,
  agentCandidatesCheck,
  agentPermissionsBoundary,
  agentDestructiveActions,
  agentSecretsReadable,
  agentCanChangeIam,
  agentTrustMfa,
  agentTrustExternalId,
  agentSessionDuration,
  agentLongLivedKeys,
  agentUserAssumeOnly,
  agentBroadManagedPolicies,
];

export {
  cloudTrailLogFileValidation,
  cloudTrailMultiRegionLogging,
  inlinePolicy,
  passwordPolicyMinLength,
  passwordPolicyMissing,
  passwordPolicyReuse,
  policyFullAdmin,
  policyNotActionAllow,
  policyWildcardActions,
  policyWildcardResourceWrite,
  roleCrossAccountWithoutExternalId,
  roleExternalTrust,
  roleFederatedTrustUnscoped,
  rolePublicTrust,
  roleUnused,
  rootAccessKeys,
  rootMfa,
  rootRecentUse,
  userAccessKeyAge,
  userAccessKeyUnused,
  userConsoleWithoutMfa,
  userDirectPolicies,
  userMultipleActiveKeys,
  userPasswordUnused,
};
