// The IAM checks (ids iam.*): root user, users and their credentials, policies, roles and trust, password policy, and what each principal can reach.
// One file per check, named as its id without the family: <id family>/<rest of the id, dots as dashes>.ts.
import { rootMfa } from './root-mfa.js';
import { rootAccessKeys } from './root-access-keys.js';
import { rootHardwareMfa } from './root-hardware-mfa.js';
import { rootRecentUse } from './root-recent-use.js';
import { userConsoleWithoutMfa } from './user-console-without-mfa.js';
import { userWithoutConsoleMfa } from './user-without-console-mfa.js';
import { userAccessKeyAge } from './user-access-key-age.js';
import { userAccessKeyAtSetup } from './user-access-key-at-setup.js';
import { userAccessKeyUnused } from './user-access-key-unused.js';
import { userMultipleActiveKeys } from './user-multiple-active-keys.js';
import { userPasswordUnused } from './user-password-unused.js';
import { userDirectPolicies } from './user-direct-policies.js';
import { inlinePolicy } from './inline-policy.js';
import { policyFullAdmin } from './policy-full-admin.js';
import { policyWildcardActions } from './policy-wildcard-actions.js';
import { policyNotActionAllow } from './policy-not-action-allow.js';
import { policyWildcardResourceWrite } from './policy-wildcard-resource-write.js';
import { policyAssumeRoleAny } from './policy-assume-role-any.js';
import { policyKmsDecryptAllKeys } from './policy-kms-decrypt-all-keys.js';
import { policyFullServiceAccess } from './policy-full-service-access.js';
import { roleUnused } from './role-unused.js';
import { roleExternalTrust } from './role-external-trust.js';
import { rolePublicTrust } from './role-public-trust.js';
import { roleCrossAccountWithoutExternalId } from './role-cross-account-without-external-id.js';
import { roleFederatedTrustUnscoped } from './role-federated-trust-unscoped.js';
import { roleServiceTrustConfusedDeputy } from './role-service-trust-confused-deputy.js';
import { passwordPolicyMissing } from './password-policy-missing.js';
import { passwordPolicyMinLength } from './password-policy-min-length.js';
import { passwordPolicyReuse } from './password-policy-reuse.js';
import { passwordPolicyStrong } from './password-policy-strong.js';
import { passwordPolicyMaxAge } from './password-policy-max-age.js';
import { passwordPolicyRequireUppercase } from './password-policy-require-uppercase.js';
import { passwordPolicyRequireLowercase } from './password-policy-require-lowercase.js';
import { passwordPolicyRequireSymbol } from './password-policy-require-symbol.js';
import { passwordPolicyRequireNumber } from './password-policy-require-number.js';
import { supportRole } from './support-role.js';
import { serverCertificateExpired } from './server-certificate-expired.js';
import { accountIdentityFederation } from './account-identity-federation.js';
import { accountSecurityContact } from './account-security-contact.js';
import { accessAnalyzerEnabled } from './access-analyzer-enabled.js';
import { accessAnalyzerTagged } from './access-analyzer-tagged.js';
import { roleTagged } from './role-tagged.js';
import { userHardwareMfa } from './user-hardware-mfa.js';
import { userTagged } from './user-tagged.js';
import { policyUnattached } from './policy-unattached.js';
import { principalPrivilegeEscalation } from './principal-privilege-escalation.js';
import { principalResourceExposure } from './principal-resource-exposure.js';
import { principalBedrockFullAccess } from './principal-bedrock-full-access.js';
import { principalCloudShellFullAccess } from './principal-cloudshell-full-access.js';
import { principalDataExfiltration } from './principal-data-exfiltration.js';
import { principalInfrastructureModification } from './principal-infrastructure-modification.js';
import type { Check } from '../types.js';

/** In report order (src/checks/index.ts interleaves the families). */
export const IAM_CHECKS: readonly Check[] = [rootMfa, rootHardwareMfa, rootAccessKeys, rootRecentUse, userConsoleWithoutMfa, userWithoutConsoleMfa, userHardwareMfa, userAccessKeyAge, userAccessKeyUnused, userAccessKeyAtSetup, userMultipleActiveKeys, userPasswordUnused, userDirectPolicies, inlinePolicy, policyFullAdmin, policyWildcardActions, policyNotActionAllow, policyWildcardResourceWrite, policyAssumeRoleAny, policyKmsDecryptAllKeys, policyFullServiceAccess, roleUnused, roleExternalTrust, rolePublicTrust, roleCrossAccountWithoutExternalId, roleFederatedTrustUnscoped, roleServiceTrustConfusedDeputy, passwordPolicyMissing, passwordPolicyMinLength, passwordPolicyReuse, passwordPolicyStrong, passwordPolicyRequireUppercase, passwordPolicyRequireLowercase, passwordPolicyRequireSymbol, passwordPolicyRequireNumber, passwordPolicyMaxAge, supportRole, serverCertificateExpired, accountIdentityFederation, accountSecurityContact, accessAnalyzerEnabled, accessAnalyzerTagged, roleTagged, userTagged, policyUnattached, principalPrivilegeEscalation, principalResourceExposure, principalDataExfiltration, principalInfrastructureModification, principalCloudShellFullAccess, principalBedrockFullAccess];

export { accessAnalyzerEnabled, accessAnalyzerTagged, accountIdentityFederation, accountSecurityContact, inlinePolicy, passwordPolicyMaxAge, passwordPolicyMinLength, passwordPolicyMissing, passwordPolicyRequireLowercase, passwordPolicyRequireNumber, passwordPolicyRequireSymbol, passwordPolicyRequireUppercase, passwordPolicyReuse, passwordPolicyStrong, policyAssumeRoleAny, policyFullAdmin, policyFullServiceAccess, policyKmsDecryptAllKeys, policyNotActionAllow, policyUnattached, policyWildcardActions, policyWildcardResourceWrite, principalBedrockFullAccess, principalCloudShellFullAccess, principalDataExfiltration, principalInfrastructureModification, principalPrivilegeEscalation, principalResourceExposure, roleCrossAccountWithoutExternalId, roleExternalTrust, roleFederatedTrustUnscoped, rolePublicTrust, roleServiceTrustConfusedDeputy, roleTagged, roleUnused, rootAccessKeys, rootHardwareMfa, rootMfa, rootRecentUse, serverCertificateExpired, supportRole, userAccessKeyAge, userAccessKeyAtSetup, userAccessKeyUnused, userConsoleWithoutMfa, userDirectPolicies, userHardwareMfa, userMultipleActiveKeys, userPasswordUnused, userTagged, userWithoutConsoleMfa };
