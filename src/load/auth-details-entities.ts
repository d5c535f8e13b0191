// Reads one entity of a GetAccountAuthorizationDetails page, field by field. What AWS documents (and always sends)
// but is missing is derived where that is unambiguous (name and path from the ARN, the ARN from account + path + name,
// the default version from IsDefaultVersion) or becomes an entity-scoped gap; an entity whose identity or a field
// the checks rely on cannot be read is dropped and leaves a gap naming it. Field-by-field decisions: src/snapshot/snapshot.ts.
import { normalizePolicyDocument, PolicyParseError } from '../policy/normalize.js';
import type { AttachedPolicy, Gap, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy, PolicyDocument, SnapshotPart } from '../snapshot/snapshot.js';
import { arnAccount, date, isObj, num, pathAndName, recasedKey, str, type Obj } from './fields.js';

export const API = 'iam:GetAccountAuthorizationDetails';

export interface ReadContext {
  source: string;
  /** "UserDetailList[3]", or "page 2/UserDetailList[3]" when there are several pages. */
  where: string;
  accountId?: string;
  partition: string;
  gaps: Gap[];
}

export type Kind = 'user' | 'group' | 'role';
const PART: Record<Kind, SnapshotPart> = { user: 'users', group: 'groups', role: 'roles' };
const NAME_KEY: Record<Kind, string> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const ID_KEY: Record<Kind, string> = { user: 'UserId', group: 'GroupId', role: 'RoleId' };
const INLINE_KEY: Record<Kind, string> = { user: 'UserPolicyList', group: 'GroupPolicyList', role: 'RolePolicyList' };

function addGap(ctx: ReadContext, part: SnapshotPart, resource: string, field: string, error: string, message: string): void {
  ctx.gaps.push({ part, api: API, error, message: `${ctx.source}: ${message}`, resource, field });
}

/**
 * A field AWS omits when empty ("absent = none") that is present under another case: not "none" but unreadable, a
 * gap for the entity (read as none, a recased UserPolicyList would hide its inline policies and turn FAILs into PASS).
 */
function recasedGap(ctx: ReadContext, o: Obj, key: string, part: SnapshotPart, arn: string): void {
  const found = recasedKey(o, key);
  if (found !== undefined) addGap(ctx, part, arn, key, 'Unreadable', `${ctx.where}.${key} is present only as ${found} (keys are case-sensitive)`);
}

export function policyDocument(raw: unknown): PolicyDocument | string {
  try {
    return normalizePolicyDocument(raw);
  } catch (e) {
    if (e instanceof PolicyParseError) return e.message;
    throw e;
  }
}

/** The entity's ARN, or how it is named when it has none (a synthetic, honest identifier; see README). */
function identify(ctx: ReadContext, kind: Kind | 'policy', o: Obj): { arn?: string; path?: string; name?: string; label: string } {
  const nameKey = kind === 'policy' ? 'PolicyName' : NAME_KEY[kind];
  let arn = str(o, 'Arn');
  let name = str(o, nameKey);
  let path = str(o, 'Path');
  if (arn) {
    const fromArn = pathAndName(arn);
    name ??= fromArn?.name;
    path ??= fromArn?.path;
  } else if (kind !== 'policy' && name && path && ctx.accountId && path.startsWith('/') && path.endsWith('/')) {
    // IAM builds the ARN exactly so; a managed policy's ARN cannot be built (AWS-owned or this account's).
    arn = `arn:${ctx.partition}:iam::${ctx.accountId}:${kind}${path}${name}`;
  }
  const label = arn ?? (name ? `${ctx.where.replace(/\[\d+\]$/, '')}[${nameKey}=${name}]` : ctx.where);
  return { ...(arn ? { arn } : {}), ...(path ? { path } : {}), ...(name ? { name } : {}), label };
}

function inlineList(ctx: ReadContext, o: Obj, key: string, part: SnapshotPart, arn: string, absentMeansNone: boolean): InlinePolicy[] {
  const v = o[key];
  if (v === undefined && absentMeansNone) {
    recasedGap(ctx, o, key, part, arn); // absent = none, unless it is there under another case
    return [];
  }
  if (!Array.isArray(v)) {
    addGap(ctx, part, arn, key, v === undefined ? 'MissingField' : 'Unreadable', `${ctx.where}.${key} is ${v === undefined ? 'missing' : 'not a list'}`);
    return [];
  }
  const out: InlinePolicy[] = [];
  v.forEach((ip, j) => {
    const at = `${key}[${j}]`;
    const name = isObj(ip) ? str(ip, 'PolicyName') : undefined;
    const doc = isObj(ip) && ip.PolicyDocument !== undefined ? policyDocument(ip.PolicyDocument) : 'missing';
    if (!name) addGap(ctx, part, arn, `${at}.PolicyName`, 'MissingField', `${ctx.where}.${at} has no PolicyName`);
    else if (typeof doc === 'string') addGap(ctx, part, arn, `${at}.PolicyDocument`, 'Unreadable', `${ctx.where}.${at}.PolicyDocument: ${doc}`);
    else out.push({ name, document: doc });
  });
  return out;
}

function attachedList(ctx: ReadContext, o: Obj, part: SnapshotPart, arn: string): AttachedPolicy[] {
  const v = o.AttachedManagedPolicies;
  if (!Array.isArray(v)) {
    addGap(ctx, part, arn, 'AttachedManagedPolicies', v === undefined ? 'MissingField' : 'Unreadable', `${ctx.where}.AttachedManagedPolicies is ${v === undefined ? 'missing' : 'not a list'}`);
    return [];
  }
  const out: AttachedPolicy[] = [];
  v.forEach((a, j) => {
    const policyArn = isObj(a) ? str(a, 'PolicyArn') : undefined;
    if (!policyArn) {
      addGap(ctx, part, arn, `AttachedManagedPolicies[${j}].PolicyArn`, 'MissingField', `${ctx.where}.AttachedManagedPolicies[${j}] has no PolicyArn`);
      return;
    }
    out.push({ name: (isObj(a) && str(a, 'PolicyName')) || pathAndName(policyArn)?.name || policyArn, arn: policyArn });
  });
  return out;
}

function boundary(ctx: ReadContext, o: Obj, part: SnapshotPart, arn: string): { permissionsBoundary?: { arn: string } } {
  const v = o.PermissionsBoundary;
  if (v === undefined || v === null) {
    recasedGap(ctx, o, 'PermissionsBoundary', part, arn); // AWS omits it when no boundary is set
    return {};
  }
  const b = isObj(v) ? str(v, 'PermissionsBoundaryArn') : undefined;
  if (b) return { permissionsBoundary: { arn: b } };
  addGap(ctx, part, arn, 'PermissionsBoundary', 'Unreadable', `${ctx.where}.PermissionsBoundary has no PermissionsBoundaryArn`);
  return {};
}

function tags(ctx: ReadContext, o: Obj, part: SnapshotPart, arn: string): Record<string, string> {
  const v = o.Tags;
  if (v === undefined || v === null) {
    recasedGap(ctx, o, 'Tags', part, arn); // AWS omits Tags when there are none
    return {};
  }
  const out: Record<string, string> = {};
  const list = Array.isArray(v) ? v : [v];
  for (const t of list) {
    const key = isObj(t) ? str(t, 'Key') : undefined;
    const value = isObj(t) && typeof t.Value === 'string' ? t.Value : undefined;
    if (key !== undefined && value !== undefined) out[key] = value;
    else addGap(ctx, part, arn, 'Tags', 'Unreadable', `${ctx.where}.Tags has an entry without Key and Value`);
  }
  return out;
}

export type Principal = { kind: 'user'; entity: IamUser } | { kind: 'group'; entity: IamGroup } | { kind: 'role'; entity: IamRole };

/** One UserDetailList / GroupDetailList / RoleDetailList entry; undefined = dropped (its gap says why). */
export function readPrincipal(ctx: ReadContext, kind: Kind, raw: unknown): Principal | undefined {
  const part = PART[kind];
  if (!isObj(raw)) {
    addGap(ctx, part, ctx.where, '(entry)', 'Unreadable', `${ctx.where} is not an object`);
    return undefined;
  }
  const id = identify(ctx, kind, raw);
  if (!id.arn || !id.name || !id.path) {
    addGap(ctx, part, id.label, 'Arn', 'MissingField', `${ctx.where} has no Arn and no ${NAME_KEY[kind]} and Path to build one from`);
    return undefined;
  }
  const arn = id.arn;
  const createDate = date(raw, 'CreateDate');
  const entityId = str(raw, ID_KEY[kind]);
  const base = { name: id.name, arn, ...(entityId ? { id: entityId } : {}), path: id.path };
  // AWS omits UserPolicyList for a user without inline policies (the public exports and AWS's own example do);
  // GroupPolicyList, RolePolicyList, GroupList and AttachedManagedPolicies it always sends, empty or not.
  const inline = inlineList(ctx, raw, INLINE_KEY[kind], part, arn, kind === 'user');
  const attached = attachedList(ctx, raw, part, arn);
  if (kind === 'group') return { kind, entity: { ...base, ...(createDate ? { createDate } : {}), attachedManagedPolicies: attached, inlinePolicies: inline } };
  if (!createDate) {
    addGap(ctx, part, arn, 'CreateDate', 'MissingField', `${ctx.where} (${arn}) has no readable CreateDate`);
    return undefined;
  }
  if (kind === 'user') {
    const groupList = raw.GroupList;
    if (!Array.isArray(groupList) || groupList.some((g) => typeof g !== 'string')) {
      addGap(ctx, part, arn, 'GroupList', groupList === undefined ? 'MissingField' : 'Unreadable', `${ctx.where}.GroupList is ${groupList === undefined ? 'missing' : 'not a list of group names'}`);
    }
    const groups = Array.isArray(groupList) ? groupList.filter((g): g is string => typeof g === 'string') : [];
    return { kind, entity: { ...base, createDate, groups, attachedManagedPolicies: attached, inlinePolicies: inline, ...boundary(ctx, raw, part, arn), tags: tags(ctx, raw, part, arn) } };
  }
  const trust = raw.AssumeRolePolicyDocument === undefined ? 'missing' : policyDocument(raw.AssumeRolePolicyDocument);
  if (typeof trust === 'string') {
    addGap(ctx, part, arn, 'AssumeRolePolicyDocument', 'Unreadable', `${ctx.where}.AssumeRolePolicyDocument (${arn}): ${trust}`);
    return undefined;
  }
  const lastUsed = raw.RoleLastUsed;
  if (!isObj(lastUsed)) addGap(ctx, part, arn, 'RoleLastUsed', 'MissingField', `${ctx.where}.RoleLastUsed is missing: when the role was last used is unknown`);
  const lastUsedDate = isObj(lastUsed) ? date(lastUsed, 'LastUsedDate') : undefined;
  const region = isObj(lastUsed) ? str(lastUsed, 'Region') : undefined;
  if (isObj(lastUsed) && lastUsed.LastUsedDate !== undefined && !lastUsedDate) addGap(ctx, part, arn, 'RoleLastUsed.LastUsedDate', 'Unreadable', `${ctx.where}.RoleLastUsed.LastUsedDate is not a date`);
  const description = str(raw, 'Description');
  const maxSession = num(raw, 'MaxSessionDuration');
  const profiles = Array.isArray(raw.InstanceProfileList) ? raw.InstanceProfileList : [];
  return {
    kind,
    entity: {
      ...base,
      createDate,
      ...(description !== undefined ? { description } : {}),
      assumeRolePolicy: trust,
      ...(maxSession !== undefined ? { maxSessionDuration: maxSession } : {}),
      roleLastUsed: { ...(lastUsedDate ? { lastUsedDate } : {}), ...(region ? { region } : {}) },
      attachedManagedPolicies: attached,
      inlinePolicies: inline,
      ...boundary(ctx, raw, part, arn),
      // Only remediation text reads the instance profiles: an unreadable entry is left out, no gap.
      instanceProfiles: profiles.flatMap((ip) => (isObj(ip) && str(ip, 'Arn') ? [str(ip, 'Arn')!] : [])),
      tags: tags(ctx, raw, part, arn),
    },
  };
}

export type CountField = 'AttachmentCount' | 'PermissionsBoundaryUsageCount';

/** A managed policy; `missingCounts`: the counts absent (or null) in the input, to be derived from the inventory. */
export function readManagedPolicy(ctx: ReadContext, raw: unknown): { policy: ManagedPolicy; missingCounts: CountField[] } | undefined {
  if (!isObj(raw)) {
    addGap(ctx, 'policies', ctx.where, '(entry)', 'Unreadable', `${ctx.where} is not an object`);
    return undefined;
  }
  const id = identify(ctx, 'policy', raw);
  if (!id.arn || !id.name || !id.path) {
    addGap(ctx, 'policies', id.label, 'Arn', 'MissingField', `${ctx.where} has no Arn (a managed policy's ARN cannot be built: AWS-owned or this account's)`);
    return undefined;
  }
  const arn = id.arn;
  const versions = Array.isArray(raw.PolicyVersionList) ? raw.PolicyVersionList.filter(isObj) : [];
  const declared = str(raw, 'DefaultVersionId');
  const version = versions.find((v) => v.IsDefaultVersion === true) ?? (declared ? versions.find((v) => v.VersionId === declared) : undefined);
  const defaultVersionId = declared ?? (version ? str(version, 'VersionId') : undefined);
  const doc = version?.Document === undefined ? 'no default policy version with a Document' : policyDocument(version.Document);
  if (typeof doc === 'string' || !defaultVersionId) {
    const field = typeof doc === 'string' && version?.Document !== undefined ? 'PolicyVersionList.Document' : 'PolicyVersionList';
    addGap(ctx, 'policies', arn, field, 'Unreadable', `${ctx.where} (${arn}): ${typeof doc === 'string' ? doc : 'no DefaultVersionId'}`);
    return undefined;
  }
  const attachmentCount = num(raw, 'AttachmentCount');
  const boundaryCount = num(raw, 'PermissionsBoundaryUsageCount');
  const policyId = str(raw, 'PolicyId');
  const createDate = date(raw, 'CreateDate');
  const updateDate = date(raw, 'UpdateDate');
  const accountOwned = arnAccount(arn) !== undefined;
  return {
    missingCounts: [
      ...(attachmentCount === undefined ? (['AttachmentCount'] as const) : []),
      ...(boundaryCount === undefined ? (['PermissionsBoundaryUsageCount'] as const) : []),
    ],
    policy: {
      name: id.name,
      arn,
      ...(policyId ? { id: policyId } : {}),
      path: id.path,
      awsManaged: !accountOwned && arn.includes(':iam::aws:policy/'),
      defaultVersionId,
      attachmentCount: attachmentCount ?? 0,
      permissionsBoundaryUsageCount: boundaryCount ?? 0,
      isAttachable: typeof raw.IsAttachable === 'boolean' ? raw.IsAttachable : true,
      ...(createDate ? { createDate } : {}),
      ...(updateDate ? { updateDate } : {}),
      document: doc,
    },
  };
}
