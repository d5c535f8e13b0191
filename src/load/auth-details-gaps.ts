// What only the whole inventory can tell: managed policy counts that were missing, and which entities depend on an
// entity that could not be read. A principal whose attached policy, boundary or group is unreadable cannot be judged
// either (its verdict would lack those permissions), so it gets a gap of its own.
import type { Gap, IamGroup, IamRole, IamUser, ManagedPolicy, SnapshotPart } from '../snapshot/snapshot.js';
import { API, type CountField } from './auth-details-entities.js';
import { pathAndName } from './fields.js';

/** The inventory part of AuthorizationDetails (authorization-details.ts extends it), so this module need not import that one. */
export interface Inventory {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
  /** Which lists were present in at least one page (an export may lack one, e.g. no RoleDetailList key). */
  present: { users: boolean; groups: boolean; roles: boolean; policies: boolean };
  /** Entity-scoped gaps (and whole-list gaps for a list that is not a list). */
  gaps: Gap[];
}

type Principal = { part: SnapshotPart; entity: IamUser | IamGroup | IamRole };

const gap = (part: SnapshotPart, resource: string, field: string, message: string): Gap => ({ part, api: API, error: 'DependsOnUnreadable', message, resource, field });

export function propagateGaps(d: Inventory, countsMissing: ReadonlyMap<string, CountField[]>): void {
  const principals: Principal[] = [
    ...d.users.map((entity) => ({ part: 'users' as const, entity })),
    ...d.groups.map((entity) => ({ part: 'groups' as const, entity })),
    ...d.roles.map((entity) => ({ part: 'roles' as const, entity })),
  ];
  const kept = new Set(principals.map((p) => p.entity.arn));
  const principalGaps = d.gaps.filter((g) => g.part === 'users' || g.part === 'groups' || g.part === 'roles');
  const principalDropped = principalGaps.some((g) => g.resource === undefined || !kept.has(g.resource));
  deriveCounts(d, principals, countsMissing, principalDropped);

  const inventory = new Set(d.policies.map((p) => p.arn));
  const badPolicies = new Set(d.gaps.filter((g) => g.part === 'policies' && g.resource?.startsWith('arn:')).map((g) => g.resource!));
  const policyWithoutArn = d.gaps.some((g) => g.part === 'policies' && !g.resource?.startsWith('arn:'));
  const unreadable = (arn: string) => badPolicies.has(arn) || (policyWithoutArn && !inventory.has(arn));
  for (const { part, entity } of principals) {
    for (const a of entity.attachedManagedPolicies) {
      if (unreadable(a.arn)) d.gaps.push(gap(part, entity.arn, 'AttachedManagedPolicies', `the attached managed policy ${a.arn} could not be read`));
    }
    const b = 'permissionsBoundary' in entity ? entity.permissionsBoundary : undefined;
    if (b && unreadable(b.arn)) d.gaps.push(gap(part, entity.arn, 'PermissionsBoundary', `the permissions boundary ${b.arn} could not be read`));
  }

  const groupNames = new Set(d.groups.map((g) => g.name));
  const badGroups = new Set<string>();
  let groupWithoutName = false;
  for (const g of d.gaps) {
    if (g.part !== 'groups' || g.resource === undefined) continue;
    const name = g.resource.startsWith('arn:') ? pathAndName(g.resource)?.name : /\[GroupName=(.*)\]$/.exec(g.resource)?.[1];
    if (name) badGroups.add(name);
    else groupWithoutName = true;
  }
  for (const u of d.users) {
    for (const name of u.groups) {
      if (badGroups.has(name) || (groupWithoutName && !groupNames.has(name))) d.gaps.push(gap('users', u.arn, 'GroupList', `the group ${name} could not be read`));
    }
  }
}

/** Counts attachments in the inventory, when the inventory is known to be whole; otherwise a gap on the policy. */
function deriveCounts(d: Inventory, principals: Principal[], missing: ReadonlyMap<string, CountField[]>, principalDropped: boolean): void {
  if (missing.size === 0) return;
  const whole = d.present.users && d.present.groups && d.present.roles && !principalDropped;
  for (const policy of d.policies) {
    const fields = missing.get(policy.arn);
    if (!fields) continue;
    if (!whole) {
      d.gaps.push({ part: 'policies', api: API, error: 'MissingField', message: `${policy.arn} has no ${fields.join(' / ')} and the inventory is not whole enough to count them`, resource: policy.arn, field: fields.join(',') });
      continue;
    }
    if (fields.includes('AttachmentCount')) {
      policy.attachmentCount = principals.filter((p) => p.entity.attachedManagedPolicies.some((a) => a.arn === policy.arn)).length;
    }
    if (fields.includes('PermissionsBoundaryUsageCount')) {
      policy.permissionsBoundaryUsageCount = principals.filter((p) => 'permissionsBoundary' in p.entity && p.entity.permissionsBoundary?.arn === policy.arn).length;
    }
  }
}
