// What org mode knows about the organization, from the management (or delegated administrator) account: the tree
// of OUs and accounts and the service control policies with their targets. Built by src/collect/organizations.ts;
// each account's snapshot gets its slice (accountOrganization) as the 'organization' part.
import type { Gap, OrganizationPart, PolicyDocument, ScpLevel } from '../snapshot/snapshot.js';

export interface OrgAccount {
  id: string;
  arn: string;
  name: string;
  email?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, ... (Account.State, or the older Account.Status). */
  status: string;
  parentId: string;
}

export interface OrgUnit {
  id: string;
  arn: string;
  name: string;
  parentId: string;
}

export interface OrgScp {
  id: string;
  arn: string;
  name: string;
  description?: string;
  awsManaged: boolean;
  document: PolicyDocument;
  targets: { targetId: string; name: string; type: ScpLevel['targetType'] }[];
}

export interface OrganizationModel {
  id: string;
  arn: string;
  featureSet: string;
  managementAccountId: string;
  root: { id: string; arn: string; name: string; scpEnabled: boolean };
  ous: Map<string, OrgUnit>;
  /** Every account, in tree order (root's accounts first, then depth-first through the OUs). */
  accounts: OrgAccount[];
  /** undefined when the SCPs could not be read (see scpGap). */
  scps?: OrgScp[];
  /** Why the SCPs are unknown: every account's 'organization' part then becomes this gap. */
  scpGap?: Gap;
  /** ListRoots said SERVICE_CONTROL_POLICY is not enabled, yet SCPs are attached (reconcileScpEnabled). */
  scpTypeGap?: Gap;
}

/**
 * ListRoots' PolicyTypes can be empty while SCPs are attached to the root, OUs or accounts (AWS refuses to attach an
 * SCP while the type is disabled, so the listing is what is wrong: an AWS-compatible endpoint, or an export trimmed by
 * a script). Attached SCPs are the stronger evidence: the type counts as enabled, and the contradiction is recorded
 * as a gap on the root (part 'organization', field PolicyTypes): the SCP checks still judge every account, and the
 * report says that the root's policy types could not be read consistently.
 */
export function reconcileScpEnabled(model: OrganizationModel): void {
  if (model.root.scpEnabled || !model.scps) return;
  const attached = model.scps.filter((p) => p.targets.length > 0);
  if (attached.length === 0) return;
  model.root.scpEnabled = true;
  model.scpTypeGap = {
    part: 'organization',
    api: 'organizations:ListRoots',
    error: 'InconsistentPolicyTypes',
    message: `ListRoots reports SERVICE_CONTROL_POLICY as not enabled on ${model.root.id}, but ${attached.length} SCP${attached.length === 1 ? ' is' : 's are'} attached (${attached
      .slice(0, 3)
      .map((p) => p.name)
      .join(', ')}${attached.length > 3 ? ', ...' : ''}); judged as enabled`,
    resource: model.root.arn || model.root.id,
    field: 'PolicyTypes',
  };
}

/** The gaps org mode adds to every account's snapshot. */
export function organizationGaps(model: OrganizationModel): Gap[] {
  return [model.scpGap, model.scpTypeGap].filter((g): g is Gap => g !== undefined);
}

/** "Root/Workloads/Prod" for an account or OU. */
export function ouPath(model: OrganizationModel, parentId: string): string {
  const names: string[] = [];
  for (let id = parentId; id !== model.root.id; ) {
    const ou = model.ous.get(id);
    if (!ou) break;
    names.unshift(ou.name);
    id = ou.parentId;
  }
  return [model.root.name, ...names].join('/');
}

/** Root → OUs → account, each with the SCPs attached there. */
export function scpChain(model: OrganizationModel, account: OrgAccount): ScpLevel[] {
  if (!model.root.scpEnabled || !model.scps) return [];
  const levels: { targetId: string; targetName: string; targetType: ScpLevel['targetType'] }[] = [];
  for (let id = account.parentId; ; ) {
    if (id === model.root.id) {
      levels.unshift({ targetId: id, targetName: model.root.name, targetType: 'ROOT' });
      break;
    }
    const ou = model.ous.get(id);
    if (!ou) break;
    levels.unshift({ targetId: ou.id, targetName: ou.name, targetType: 'ORGANIZATIONAL_UNIT' });
    id = ou.parentId;
  }
  levels.push({ targetId: account.id, targetName: account.name, targetType: 'ACCOUNT' });
  return levels.map((l) => ({
    ...l,
    policies: model
      .scps!.filter((p) => p.targets.some((t) => t.targetId === l.targetId))
      .map((p) => ({ id: p.id, arn: p.arn, name: p.name, awsManaged: p.awsManaged, ...(p.description ? { description: p.description } : {}), document: p.document })),
  }));
}

/** The 'organization' snapshot part of one account (undefined when the SCPs are unknown: the caller adds the gap). */
export function accountOrganization(model: OrganizationModel, account: OrgAccount, accountIds: string[]): OrganizationPart | undefined {
  if (model.scpGap) return undefined;
  return {
    id: model.id,
    arn: model.arn,
    managementAccountId: model.managementAccountId,
    featureSet: model.featureSet,
    scpEnabled: model.root.scpEnabled,
    account: {
      id: account.id,
      arn: account.arn,
      name: account.name,
      ...(account.email ? { email: account.email } : {}),
      status: account.status,
      ouPath: ouPath(model, account.parentId),
    },
    scpChain: scpChain(model, account),
    accountIds,
  };
}
