// Converts GetAccountAuthorizationDetails output into snapshot entities. One shape serves both paths: the SDK's
// response pages (dates as Date, documents URL-encoded text) and the JSON the AWS CLI writes (dates as strings,
// documents as objects), so a live audit and an offline export produce the same snapshot.
import { z } from 'zod';
import { InputError } from '../errors.js';
import { normalizePolicyDocument, PolicyParseError } from '../policy/normalize.js';
import type { IamGroup, IamRole, IamUser, ManagedPolicy, PolicyDocument } from '../snapshot.js';

const date = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `expected a date, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});
const doc = z.union([z.string(), z.record(z.string(), z.unknown())]);
const inline = z.array(z.object({ PolicyName: z.string(), PolicyDocument: doc }));
const attached = z.array(z.object({ PolicyName: z.string(), PolicyArn: z.string() }));
const boundary = z.object({ PermissionsBoundaryArn: z.string() }).passthrough();
const tags = z.array(z.object({ Key: z.string(), Value: z.string() }));

const userDetail = z.object({
  Path: z.string().default('/'),
  UserName: z.string(),
  UserId: z.string(),
  Arn: z.string(),
  CreateDate: date,
  UserPolicyList: inline.optional(),
  GroupList: z.array(z.string()).optional(),
  AttachedManagedPolicies: attached.optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: tags.optional(),
});
const groupDetail = z.object({
  Path: z.string().default('/'),
  GroupName: z.string(),
  GroupId: z.string(),
  Arn: z.string(),
  CreateDate: date,
  GroupPolicyList: inline.optional(),
  AttachedManagedPolicies: attached.optional(),
});
const roleDetail = z.object({
  Path: z.string().default('/'),
  RoleName: z.string(),
  RoleId: z.string(),
  Arn: z.string(),
  CreateDate: date,
  Description: z.string().optional(),
  AssumeRolePolicyDocument: doc,
  MaxSessionDuration: z.number().optional(),
  InstanceProfileList: z.array(z.object({ Arn: z.string() }).passthrough()).optional(),
  RolePolicyList: inline.optional(),
  AttachedManagedPolicies: attached.optional(),
  PermissionsBoundary: boundary.optional(),
  Tags: tags.optional(),
  RoleLastUsed: z.object({ LastUsedDate: date.optional(), Region: z.string().optional() }).optional(),
});
const policyDetail = z.object({
  PolicyName: z.string(),
  PolicyId: z.string(),
  Arn: z.string(),
  Path: z.string().default('/'),
  DefaultVersionId: z.string(),
  // Some real exports carry null counts.
  AttachmentCount: z.number().nullish().transform((v) => v ?? 0),
  PermissionsBoundaryUsageCount: z.number().nullish().transform((v) => v ?? 0),
  IsAttachable: z.boolean().nullish().transform((v) => v ?? true),
  CreateDate: date,
  UpdateDate: date,
  PolicyVersionList: z.array(
    z.object({ Document: doc.optional(), VersionId: z.string(), IsDefaultVersion: z.boolean() }).passthrough(),
  ),
});

export const authorizationDetailsPageSchema = z
  .object({
    UserDetailList: z.array(userDetail).optional(),
    GroupDetailList: z.array(groupDetail).optional(),
    RoleDetailList: z.array(roleDetail).optional(),
    Policies: z.array(policyDetail).optional(),
  })
  .passthrough();

export type AuthorizationDetailsPage = z.input<typeof authorizationDetailsPageSchema>;

export interface AuthorizationDetails {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
  /** Which lists were present in at least one page (an export may lack one, e.g. no RoleDetailList key). */
  present: { users: boolean; groups: boolean; roles: boolean; policies: boolean };
}

export function emptyAuthorizationDetails(): AuthorizationDetails {
  return {
    users: [],
    groups: [],
    roles: [],
    policies: [],
    present: { users: false, groups: false, roles: false, policies: false },
  };
}

/** Validates one page (SDK response or exported JSON) and appends its entities to `into`. */
export function addAuthorizationDetailsPage(into: AuthorizationDetails, page: unknown, source: string): void {
  const parsed = authorizationDetailsPageSchema.safeParse(page);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const p = parsed.data;
  const policyDoc = (raw: string | Record<string, unknown>, where: string): PolicyDocument => {
    try {
      return normalizePolicyDocument(raw);
    } catch (e) {
      if (e instanceof PolicyParseError) throw new InputError(`${source}: ${where}: ${e.message}`);
      throw e;
    }
  };
  const inlineList = (list: z.infer<typeof inline> | undefined, where: string) =>
    (list ?? []).map((ip, i) => ({ name: ip.PolicyName, document: policyDoc(ip.PolicyDocument, `${where}[${i}].PolicyDocument`) }));
  const attachedList = (list: z.infer<typeof attached> | undefined) =>
    (list ?? []).map((a) => ({ name: a.PolicyName, arn: a.PolicyArn }));
  const tagMap = (list: z.infer<typeof tags> | undefined) => Object.fromEntries((list ?? []).map((t) => [t.Key, t.Value]));

  if (p.UserDetailList) into.present.users = true;
  (p.UserDetailList ?? []).forEach((u, i) => {
    into.users.push({
      name: u.UserName,
      arn: u.Arn,
      id: u.UserId,
      path: u.Path,
      createDate: u.CreateDate,
      groups: u.GroupList ?? [],
      attachedManagedPolicies: attachedList(u.AttachedManagedPolicies),
      inlinePolicies: inlineList(u.UserPolicyList, `UserDetailList[${i}].UserPolicyList`),
      ...(u.PermissionsBoundary ? { permissionsBoundary: { arn: u.PermissionsBoundary.PermissionsBoundaryArn } } : {}),
      tags: tagMap(u.Tags),
    });
  });
  if (p.GroupDetailList) into.present.groups = true;
  (p.GroupDetailList ?? []).forEach((g, i) => {
    into.groups.push({
      name: g.GroupName,
      arn: g.Arn,
      id: g.GroupId,
      path: g.Path,
      createDate: g.CreateDate,
      attachedManagedPolicies: attachedList(g.AttachedManagedPolicies),
      inlinePolicies: inlineList(g.GroupPolicyList, `GroupDetailList[${i}].GroupPolicyList`),
    });
  });
  if (p.RoleDetailList) into.present.roles = true;
  (p.RoleDetailList ?? []).forEach((r, i) => {
    into.roles.push({
      name: r.RoleName,
      arn: r.Arn,
      id: r.RoleId,
      path: r.Path,
      createDate: r.CreateDate,
      ...(r.Description !== undefined ? { description: r.Description } : {}),
      assumeRolePolicy: policyDoc(r.AssumeRolePolicyDocument, `RoleDetailList[${i}].AssumeRolePolicyDocument`),
      ...(r.MaxSessionDuration !== undefined ? { maxSessionDuration: r.MaxSessionDuration } : {}),
      roleLastUsed: {
        ...(r.RoleLastUsed?.LastUsedDate ? { lastUsedDate: r.RoleLastUsed.LastUsedDate } : {}),
        ...(r.RoleLastUsed?.Region ? { region: r.RoleLastUsed.Region } : {}),
      },
      attachedManagedPolicies: attachedList(r.AttachedManagedPolicies),
      inlinePolicies: inlineList(r.RolePolicyList, `RoleDetailList[${i}].RolePolicyList`),
      ...(r.PermissionsBoundary ? { permissionsBoundary: { arn: r.PermissionsBoundary.PermissionsBoundaryArn } } : {}),
      instanceProfiles: (r.InstanceProfileList ?? []).map((ip) => ip.Arn),
      tags: tagMap(r.Tags),
    });
  });
  if (p.Policies) into.present.policies = true;
  (p.Policies ?? []).forEach((mp, i) => {
    const versionIndex = mp.PolicyVersionList.findIndex((v) => v.IsDefaultVersion);
    const version = mp.PolicyVersionList[versionIndex];
    if (!version?.Document) {
      throw new InputError(`${source}: Policies[${i}] (${mp.Arn}): no default policy version with a Document`);
    }
    into.policies.push({
      name: mp.PolicyName,
      arn: mp.Arn,
      id: mp.PolicyId,
      path: mp.Path,
      awsManaged: mp.Arn.includes(':iam::aws:policy/'),
      defaultVersionId: mp.DefaultVersionId,
      attachmentCount: mp.AttachmentCount,
      permissionsBoundaryUsageCount: mp.PermissionsBoundaryUsageCount,
      isAttachable: mp.IsAttachable,
      createDate: mp.CreateDate,
      updateDate: mp.UpdateDate,
      document: policyDoc(version.Document, `Policies[${i}].PolicyVersionList[${versionIndex}].Document`),
    });
  });
}
