// The XML of IAM entities as GetAccountAuthorizationDetails and the List* actions render them (IAM API reference,
// 2010-05-08), shared by the handlers in iam.ts.
import type { RAttached, RGroup, RInline, RPolicy, RRole, RUser } from './resolved.js';
import { el, encodePolicyText, isoZ, members, raw, stringMembers } from './xml.js';

const policyDoc = (text: string): string => encodePolicyText(text);

function attachedXml(list: readonly RAttached[]): string {
  return members('AttachedManagedPolicies', list.map((a) => el('PolicyName', a.name) + el('PolicyArn', a.arn)));
}

function inlineXml(name: string, list: readonly RInline[]): string {
  return members(name, list.map((p) => el('PolicyName', p.name) + `<PolicyDocument>${policyDoc(p.text)}</PolicyDocument>`));
}

function boundaryXml(arn: string | undefined): string {
  if (arn === undefined) return '';
  return `<PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>${el('PermissionsBoundaryArn', arn)}</PermissionsBoundary>`;
}

function tagsXml(tags: readonly [string, string][]): string {
  if (tags.length === 0) return '';
  return members('Tags', tags.map(([k, v]) => el('Key', k) + el('Value', v)));
}

export function userDetailXml(u: RUser): string {
  return (
    el('Path', u.path) +
    el('UserName', u.name) +
    el('UserId', u.id) +
    el('Arn', u.arn) +
    el('CreateDate', isoZ(u.created)) +
    (u.inline.length ? inlineXml('UserPolicyList', u.inline) : '') +
    stringMembers('GroupList', u.groups) +
    attachedXml(u.attached) +
    boundaryXml(u.boundary) +
    tagsXml(u.tags)
  );
}

export function groupDetailXml(g: RGroup): string {
  return (
    el('Path', g.path) +
    el('GroupName', g.name) +
    el('GroupId', g.id) +
    el('Arn', g.arn) +
    el('CreateDate', isoZ(g.created)) +
    inlineXml('GroupPolicyList', g.inline) +
    attachedXml(g.attached)
  );
}

export function roleCoreXml(r: RRole): string {
  return (
    el('Path', r.path) +
    el('RoleName', r.name) +
    el('RoleId', r.id) +
    el('Arn', r.arn) +
    el('CreateDate', isoZ(r.created)) +
    `<AssumeRolePolicyDocument>${policyDoc(r.trustText)}</AssumeRolePolicyDocument>`
  );
}

export function roleDetailXml(r: RRole): string {
  const core = roleCoreXml(r);
  const profiles = r.instanceProfiles.map(
    (ip) =>
      el('Path', ip.path) +
      el('InstanceProfileName', ip.name) +
      el('InstanceProfileId', ip.id) +
      el('Arn', ip.arn) +
      el('CreateDate', isoZ(ip.created)) +
      members('Roles', [core]),
  );
  const lastUsed = r.lastUsed ? el('LastUsedDate', isoZ(r.lastUsed.date)) + el('Region', r.lastUsed.region) : '';
  return (
    core +
    members('InstanceProfileList', profiles) +
    inlineXml('RolePolicyList', r.inline) +
    attachedXml(r.attached) +
    boundaryXml(r.boundary) +
    tagsXml(r.tags) +
    raw('RoleLastUsed', lastUsed)
  );
}

export function policyDetailXml(p: RPolicy): string {
  return (
    el('PolicyName', p.name) +
    el('PolicyId', p.id) +
    el('Arn', p.arn) +
    el('Path', p.path) +
    el('DefaultVersionId', p.defaultVersionId) +
    el('AttachmentCount', p.attachmentCount) +
    el('PermissionsBoundaryUsageCount', p.boundaryUsageCount) +
    el('IsAttachable', p.isAttachable) +
    el('Description', p.description) +
    el('CreateDate', isoZ(p.created)) +
    el('UpdateDate', isoZ(p.updated)) +
    members(
      'PolicyVersionList',
      p.versions.map(
        (v) => `<Document>${policyDoc(v.text)}</Document>` + el('VersionId', v.versionId) + el('IsDefaultVersion', v.isDefault) + el('CreateDate', isoZ(v.created)),
      ),
    )
  );
}
