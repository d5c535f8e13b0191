// The IAM entities of the AccountSnapshot (see src/snapshot/snapshot.ts, which re-exports everything here) and the
// field-by-field decisions on what the schema requires of them.
import { z } from 'zod';

export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO-8601 date' });
export const stringList = z.array(z.string());

export const principalSchema = z.record(z.string(), stringList);
/** Normalized condition block: operator -> key -> values (always strings). */
export const conditionSchema = z.record(z.string(), z.record(z.string(), stringList));

export const statementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: stringList.optional(),
  NotAction: stringList.optional(),
  Resource: stringList.optional(),
  NotResource: stringList.optional(),
  Principal: principalSchema.optional(),
  NotPrincipal: principalSchema.optional(),
  Condition: conditionSchema.optional(),
});

export const policyDocumentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.array(statementSchema),
});

export const attachedPolicySchema = z.object({ name: z.string(), arn: z.string() });
export const inlinePolicySchema = z.object({ name: z.string(), document: policyDocumentSchema });
export const boundarySchema = z.object({ arn: z.string() });
export const tagsSchema = z.record(z.string(), z.string());

// Field decisions for the IAM entities (issue 10). AWS's model (GetAccountAuthorizationDetails, SDK v3 models_0)
// marks every member of UserDetail/GroupDetail/RoleDetail/ManagedPolicyDetail optional, though IAM always sends the
// identity fields. The schema requires what a check's verdict depends on; the loaders (src/load/auth-details-*.ts)
// derive a missing field where that is unambiguous, and otherwise record an entity-scoped gap (`gaps[].resource`):
// a missing list is kept empty with a gap, a missing scalar drops the entity and its gap names it.
// An entity without any identifier is named by where it was: "UserDetailList[UserName=alice]" or
// "page 2/UserDetailList[3]".

export const userSchema = z.object({
  /** Required (findings, group membership). Missing: from the ARN's last segment. */
  name: z.string(),
  /** Required (every finding's resource; joins the credential report). Missing: arn:partition:iam::account:user+path+name. */
  arn: z.string(),
  /** Optional: no check reads it; absent when the input had no UserId. */
  id: z.string().optional(),
  /** Required. Missing: from the ARN. */
  path: z.string(),
  /** Required (age fallback of the key and password checks). Missing or unparsable: entity dropped, gap CreateDate. */
  createDate: isoDate,
  /** Required (group permissions reach the user). IAM always sends GroupList; missing: [] and gap GroupList. */
  groups: stringList,
  /** Required. IAM always sends it; missing: [] and gap AttachedManagedPolicies. */
  attachedManagedPolicies: z.array(attachedPolicySchema),
  /** Required. IAM omits UserPolicyList for a user without inline policies: absent = none. Unreadable entry: gap. */
  inlinePolicies: z.array(inlinePolicySchema),
  /** Absent = no boundary (IAM omits it then); present without an ARN: gap PermissionsBoundary. */
  permissionsBoundary: boundarySchema.optional(),
  /** Absent = no tags (IAM omits Tags then); an entry without Key/Value: left out, gap Tags. */
  tags: tagsSchema,
});

export const groupSchema = z.object({
  /** Required; missing: from the ARN. */
  name: z.string(),
  /** Required; missing: built from account, path and name. */
  arn: z.string(),
  /** Optional: no check reads it. */
  id: z.string().optional(),
  path: z.string(),
  /** Optional: no check reads a group's creation date. */
  createDate: isoDate.optional(),
  /** Required; IAM always sends it; missing: [] and gap. */
  attachedManagedPolicies: z.array(attachedPolicySchema),
  /** Required; IAM always sends GroupPolicyList; missing: [] and gap. */
  inlinePolicies: z.array(inlinePolicySchema),
});

export const roleSchema = z.object({
  name: z.string(),
  arn: z.string(),
  /** Optional: no check reads it. */
  id: z.string().optional(),
  path: z.string(),
  /** Required (role-unused judges a never-used role by its age). Missing: entity dropped, gap CreateDate. */
  createDate: isoDate,
  description: z.string().optional(),
  /** Required (trust checks). Missing, not JSON, badly %-encoded: entity dropped, gap AssumeRolePolicyDocument. */
  assumeRolePolicy: policyDocumentSchema,
  /** Not part of GetAccountAuthorizationDetails; filled only when enriched. */
  maxSessionDuration: z.number().int().optional(),
  /**
   * Absent lastUsedDate = never used in AWS's tracking window. IAM always sends RoleLastUsed (empty when never used):
   * a role without it is kept with {} and a gap RoleLastUsed (its last use is unknown, not "never").
   */
  roleLastUsed: z.object({ lastUsedDate: isoDate.optional(), region: z.string().optional() }),
  /** Required; missing: [] and gap. */
  attachedManagedPolicies: z.array(attachedPolicySchema),
  /** Required; IAM always sends RolePolicyList; missing: [] and gap. */
  inlinePolicies: z.array(inlinePolicySchema),
  permissionsBoundary: boundarySchema.optional(),
  /** Only remediation text reads it: missing or unreadable entries are left out without a gap. */
  instanceProfiles: stringList,
  tags: tagsSchema,
});

export const managedPolicySchema = z.object({
  /** Required; missing: from the ARN's last segment. */
  name: z.string(),
  /** Required. Missing: cannot be built (AWS-owned or this account's?): entity dropped, gap Arn. */
  arn: z.string(),
  /** Optional: no check reads a managed policy's id. */
  id: z.string().optional(),
  /** Required; missing: from the ARN. */
  path: z.string(),
  /** From the ARN (arn:aws:iam::aws:policy/...), never from the input. */
  awsManaged: z.boolean(),
  /** Required (evidence). Missing: the VersionId of the version marked IsDefaultVersion. */
  defaultVersionId: z.string(),
  /**
   * Required (unattached and full-admin checks). Missing or null: counted from the inventory when every principal
   * list is whole; otherwise 0 with a gap on the policy.
   */
  attachmentCount: z.number().int(),
  /** As attachmentCount, counted from the users' and roles' boundaries. */
  permissionsBoundaryUsageCount: z.number().int(),
  /** No check reads it; absent = true (every policy GAAD returns is a managed policy, attachable unless AWS says so). */
  isAttachable: z.boolean(),
  /** Optional: evidence only. */
  createDate: isoDate.optional(),
  /** Optional: evidence only. */
  updateDate: isoDate.optional(),
  /** The default version's document. Missing, not JSON, badly %-encoded: entity dropped, gap PolicyVersionList. */
  document: policyDocumentSchema,
});

