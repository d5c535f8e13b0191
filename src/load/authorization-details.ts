// Converts GetAccountAuthorizationDetails output into snapshot entities. One shape serves both paths: the SDK's
// response pages (dates as Date, documents URL-encoded text) and the JSON the AWS CLI writes (dates as strings,
// documents as objects), so a live audit and an offline export produce the same snapshot.
//
// Tolerant, entity by entity (src/load/auth-details-entities.ts): one odd entity becomes a gap naming it, never the
// loss of the whole inventory. Unknown fields are warnings. Pages of several accounts are an InputError; the same
// entity on several pages (overlapping or duplicated pages) is kept once.
import { InputError } from '../errors.js';
import type { Gap } from '../snapshot/snapshot.js';
import { API, readManagedPolicy, readPrincipal, type CountField, type Kind, type ReadContext } from './auth-details-entities.js';
import { propagateGaps, type Inventory } from './auth-details-gaps.js';
import { arnAccount, isObj, pathAndName, unknownKeys } from './fields.js';

/** Inventory (auth-details-gaps.ts): the entities, which lists were present in some page, entity-scoped gaps. */
export interface AuthorizationDetails extends Inventory {
  /** Unknown fields, conflicting duplicates: for the user, on stderr. */
  warnings: string[];
  /** The account the pages belong to, once an ARN has told it (or given by the caller). */
  accountId?: string;
  partition: string;
  /** Internal bookkeeping for finishAuthorizationDetails. */
  readonly state: {
    accountSource?: string;
    seen: Map<string, string>;
    countsMissing: Map<string, CountField[]>;
    /** Managed policies without an Arn: read at the end, when the attachments may tell it. */
    arnless: { ctx: ReadContext; raw: Record<string, unknown> }[];
    unknown: Map<string, Set<string>>;
  };
}

export function emptyAuthorizationDetails(account?: { accountId: string; partition?: string; source?: string }): AuthorizationDetails {
  return {
    users: [],
    groups: [],
    roles: [],
    policies: [],
    present: { users: false, groups: false, roles: false, policies: false },
    gaps: [],
    warnings: [],
    ...(account ? { accountId: account.accountId } : {}),
    partition: account?.partition ?? 'aws',
    state: { ...(account?.source ? { accountSource: account.source } : {}), seen: new Map(), countsMissing: new Map(), arnless: [], unknown: new Map() },
  };
}

const LISTS = [
  { key: 'UserDetailList', part: 'users', kind: 'user' },
  { key: 'GroupDetailList', part: 'groups', kind: 'group' },
  { key: 'RoleDetailList', part: 'roles', kind: 'role' },
  { key: 'Policies', part: 'policies', kind: 'policy' },
] as const;

// The members AWS documents (API reference / SDK model); anything else is accepted with a warning.
const KNOWN: Record<string, ReadonlySet<string>> = {
  page: new Set(['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'IsTruncated', 'Marker', '$metadata']),
  UserDetailList: new Set(['Path', 'UserName', 'UserId', 'Arn', 'CreateDate', 'UserPolicyList', 'GroupList', 'AttachedManagedPolicies', 'PermissionsBoundary', 'Tags']),
  GroupDetailList: new Set(['Path', 'GroupName', 'GroupId', 'Arn', 'CreateDate', 'GroupPolicyList', 'AttachedManagedPolicies']),
  RoleDetailList: new Set(['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description', 'MaxSessionDuration', 'InstanceProfileList', 'RolePolicyList', 'AttachedManagedPolicies', 'PermissionsBoundary', 'Tags', 'RoleLastUsed']),
  Policies: new Set(['PolicyName', 'PolicyId', 'Arn', 'Path', 'DefaultVersionId', 'AttachmentCount', 'PermissionsBoundaryUsageCount', 'IsAttachable', 'Description', 'CreateDate', 'UpdateDate', 'PolicyVersionList']),
};

function noteUnknown(into: AuthorizationDetails, source: string, list: string, o: Record<string, unknown>): void {
  const keys = unknownKeys(o, KNOWN[list]!);
  if (!keys.length) return;
  const id = `${source}\u0000${list}`;
  const set = into.state.unknown.get(id) ?? new Set<string>();
  for (const k of keys) set.add(k);
  into.state.unknown.set(id, set);
}

/** Throws when `arn` names another account than the pages read so far. */
export function checkAccount(into: AuthorizationDetails, arn: string, source: string): void {
  const account = arnAccount(arn);
  if (!account) return;
  if (into.accountId === undefined) {
    into.accountId = account;
    into.partition = arn.split(':')[1] || into.partition;
    into.state.accountSource = source;
  } else if (account !== into.accountId) {
    throw new InputError(
      `${source}: ${arn} belongs to account ${account}, but ${into.state.accountSource ?? 'the audited account'} is account ${into.accountId}: one audit covers one account, give the pages of one account`,
    );
  }
}

/** Canonical JSON (sorted keys), to compare duplicates and pick one whatever the page order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * Adds an entity unless the same ARN is already in: identical duplicates merge silently; conflicting ones keep the
 * canonically smaller (so the result does not depend on the page order), warn, and record a gap for that ARN, since
 * which of the two is current cannot be told.
 */
function addOnce<T extends { arn: string }>(into: AuthorizationDetails, list: T[], part: Gap['part'], entity: T, source: string): boolean {
  const key = `${part}\u0000${entity.arn}`;
  const json = canonical(entity);
  const prior = into.state.seen.get(key);
  if (prior === undefined) {
    into.state.seen.set(key, json);
    list.push(entity);
    return true;
  }
  if (prior === json) return false;
  into.warnings.push(`${source}: ${entity.arn} appears twice with different content; one is kept and it is not assessed`);
  into.gaps.push({ part, api: API, error: 'ConflictingDuplicate', message: `${source}: ${entity.arn} appears on several pages with different content`, resource: entity.arn, field: '(duplicate)' });
  if (json < prior) {
    into.state.seen.set(key, json);
    list[list.findIndex((e) => e.arn === entity.arn)] = entity;
  }
  return false;
}

function addPolicy(into: AuthorizationDetails, ctx: ReadContext, raw: unknown): void {
  const read = readManagedPolicy(ctx, raw);
  if (read && addOnce(into, into.policies, 'policies', read.policy, ctx.source) && read.missingCounts.length) into.state.countsMissing.set(read.policy.arn, read.missingCounts);
}

/**
 * A managed policy without an Arn takes the one ARN the inventory attaches under its name (and path), when there is
 * exactly one; otherwise it is dropped with a gap (its ARN cannot be built: AWS-owned or this account's).
 */
function addArnlessPolicies(into: AuthorizationDetails): void {
  const refs = new Set<string>();
  for (const e of [...into.users, ...into.groups, ...into.roles]) for (const a of e.attachedManagedPolicies) refs.add(a.arn);
  for (const e of [...into.users, ...into.roles]) if (e.permissionsBoundary) refs.add(e.permissionsBoundary.arn);
  for (const { ctx, raw } of into.state.arnless) {
    const name = typeof raw.PolicyName === 'string' ? raw.PolicyName : undefined;
    const path = typeof raw.Path === 'string' ? raw.Path : undefined;
    const matches = name ? [...refs].filter((arn) => /:policy\//.test(arn) && pathAndName(arn)?.name === name && (path === undefined || pathAndName(arn)?.path === path)) : [];
    addPolicy(into, ctx, matches.length === 1 ? { ...raw, Arn: matches[0] } : raw);
  }
  into.state.arnless = [];
}

/** Validates one page (SDK response or exported JSON) and appends its entities to `into`. */
export function addAuthorizationDetailsPage(into: AuthorizationDetails, page: unknown, source: string, pageLabel = ''): void {
  if (!isObj(page)) throw new InputError(`${source}: expected a JSON object (a get-account-authorization-details page)`);
  noteUnknown(into, source, 'page', page);
  for (const { key, part, kind } of LISTS) {
    const list = page[key];
    if (list === undefined || list === null) continue;
    into.present[part] = true;
    if (!Array.isArray(list)) {
      into.gaps.push({ part, api: API, error: 'Unreadable', message: `${source}: ${key} is not a list` });
      continue;
    }
    for (const raw of list) if (isObj(raw) && typeof raw.Arn === 'string') checkAccount(into, raw.Arn, source);
    list.forEach((raw, i) => {
      const ctx: ReadContext = { source, where: `${pageLabel}${key}[${i}]`, partition: into.partition, gaps: into.gaps, ...(into.accountId ? { accountId: into.accountId } : {}) };
      if (isObj(raw)) noteUnknown(into, source, key, raw);
      if (kind === 'policy') {
        if (isObj(raw) && typeof raw.Arn !== 'string') into.state.arnless.push({ ctx, raw });
        else addPolicy(into, ctx, raw);
        return;
      }
      const read = readPrincipal(ctx, kind as Kind, raw);
      if (read?.kind === 'user') addOnce(into, into.users, part, read.entity, source);
      else if (read?.kind === 'group') addOnce(into, into.groups, part, read.entity, source);
      else if (read?.kind === 'role') addOnce(into, into.roles, part, read.entity, source);
    });
  }
}

/** After the last page: derives what needs the whole inventory, spreads gaps to dependents, collects warnings. */
export function finishAuthorizationDetails(into: AuthorizationDetails): AuthorizationDetails {
  addArnlessPolicies(into);
  propagateGaps(into, into.state.countsMissing);
  for (const [id, keys] of into.state.unknown) {
    const [source, list] = id.split('\u0000');
    const where = list === 'page' ? 'the page' : `${list} entries`;
    into.warnings.push(`${source}: ${where} carry fields this tool does not read (ignored): ${[...keys].join(', ')}`);
  }
  into.state.unknown.clear();
  const seen = new Set<string>();
  into.gaps = into.gaps.filter((g) => {
    const key = `${g.part}|${g.resource ?? ''}|${g.field ?? ''}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return into;
}
