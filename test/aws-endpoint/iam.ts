// IAM read actions over the query protocol: each handler takes the request parameters and returns the inner XML of
// <ActionResult>, or throws an AwsError. Response shapes follow the IAM API reference (2010-05-08).
import type { RRole, ResolvedAccount } from './resolved.js';
import type { CredentialReportState } from './credential-report.js';
import { AwsError, validationError } from './errors.js';
import { el, esc, isoZ, members, raw } from './xml.js';
import { groupDetailXml, policyDetailXml, roleCoreXml, roleDetailXml, userDetailXml } from './iam-xml.js';

export interface IamContext {
  model: ResolvedAccount;
  params: URLSearchParams;
  report: CredentialReportState;
  caller: { arn: string; userId: string };
  /** Cap on items per page regardless of MaxItems ("IAM might return fewer results"). */
  maxPageSize?: number;
}

export type IamHandler = (ctx: IamContext) => string;

// ---------- pagination ----------

export function pageArgs(ctx: Pick<IamContext, 'params' | 'maxPageSize'>, action: string, key: string): { offset: number; limit: number } {
  const maxRaw = ctx.params.get('MaxItems');
  let maxItems = 100;
  if (maxRaw !== null && maxRaw !== '') {
    maxItems = Number(maxRaw);
    if (!Number.isInteger(maxItems)) throw validationError(`Value '${maxRaw}' at 'maxItems' failed to satisfy constraint: Member must be an integer`);
    if (maxItems < 1) throw validationError(`Value '${maxRaw}' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    if (maxItems > 1000) throw validationError(`Value '${maxRaw}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  }
  const limit = Math.min(maxItems, ctx.maxPageSize ?? Infinity);
  const marker = ctx.params.get('Marker');
  let offset = 0;
  if (marker !== null && marker !== '') {
    const decoded = decodeMarker(marker);
    if (!decoded || decoded.action !== action || decoded.key !== key) throw new AwsError('InvalidInput', 400, 'Invalid Marker.');
    offset = decoded.offset;
  }
  return { offset, limit };
}

function encodeMarker(action: string, key: string, offset: number): string {
  return Buffer.from(JSON.stringify({ a: action, k: key, o: offset }), 'utf8').toString('base64');
}

function decodeMarker(marker: string): { action: string; key: string; offset: number } | undefined {
  try {
    const v = JSON.parse(Buffer.from(marker, 'base64').toString('utf8')) as { a?: unknown; k?: unknown; o?: unknown };
    if (typeof v.a === 'string' && typeof v.k === 'string' && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) {
      return { action: v.a, key: v.k, offset: v.o };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** IsTruncated (+ Marker) for a page [offset, offset+limit) of `total` items. */
export function truncation(action: string, key: string, offset: number, limit: number, total: number): string {
  const next = offset + limit;
  if (next >= total) return '<IsTruncated>false</IsTruncated>';
  return `<IsTruncated>true</IsTruncated><Marker>${esc(encodeMarker(action, key, next))}</Marker>`;
}

function cached<T>(model: ResolvedAccount, key: string, make: () => T): T {
  let v = model.cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    model.cache.set(key, v);
  }
  return v;
}

/** Per-entity rendered fragments, filled on first use so a page costs O(page) after warm-up. */
function fragment<T>(model: ResolvedAccount, kind: string, items: readonly T[], index: number, render: (item: T) => string): string {
  const arr = cached<(string | undefined)[]>(model, `frag:${kind}`, () => new Array<string | undefined>(items.length));
  let v = arr[index];
  if (v === undefined) {
    v = render(items[index]!);
    arr[index] = v;
  }
  return v;
}

// ---------- GetAccountAuthorizationDetails ----------

const ENTITY_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type EntityFilter = (typeof ENTITY_FILTERS)[number];
type Kind = 0 | 1 | 2 | 3; // user, group, role, policy
interface EntityRef {
  kind: Kind;
  index: number;
}

function listParam(params: URLSearchParams, name: string): string[] {
  const out: { n: number; v: string }[] = [];
  const prefix = `${name}.member.`;
  for (const [k, v] of params) if (k.startsWith(prefix)) out.push({ n: Number(k.slice(prefix.length)), v });
  return out.sort((a, b) => a.n - b.n).map((x) => x.v);
}

function gaadEntities(model: ResolvedAccount, filters: Set<EntityFilter> | null, key: string): EntityRef[] {
  return cached(model, `gaad:${key}`, () => {
    const refs: EntityRef[] = [];
    const all = filters === null;
    if (all || filters.has('User')) for (let index = 0; index < model.users.length; index++) refs.push({ kind: 0, index });
    if (all || filters.has('Group')) for (let index = 0; index < model.groups.length; index++) refs.push({ kind: 1, index });
    if (all || filters.has('Role')) for (let index = 0; index < model.roles.length; index++) refs.push({ kind: 2, index });
    model.policies.forEach((p, index) => {
      if (all || (p.awsManaged ? filters.has('AWSManagedPolicy') : filters.has('LocalManagedPolicy'))) refs.push({ kind: 3, index });
    });
    return refs;
  });
}

const getAccountAuthorizationDetails: IamHandler = (ctx) => {
  const { model } = ctx;
  const requested = listParam(ctx.params, 'Filter');
  for (const f of requested) {
    if (!(ENTITY_FILTERS as readonly string[]).includes(f)) {
      throw validationError(
        `Value '[${requested.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_FILTERS.join(', ')}]]`,
      );
    }
  }
  const filters = requested.length ? new Set(requested as EntityFilter[]) : null;
  const key = filters ? [...filters].sort().join(',') : '*';
  const refs = gaadEntities(model, filters, key);
  const { offset, limit } = pageArgs(ctx, 'GetAccountAuthorizationDetails', key);
  const lists: string[][] = [[], [], [], []];
  const end = Math.min(refs.length, offset + limit);
  for (let i = offset; i < end; i++) {
    const { kind, index } = refs[i]!;
    let xml: string;
    if (kind === 0) xml = fragment(model, 'gaad-user', model.users, index, userDetailXml);
    else if (kind === 1) xml = fragment(model, 'gaad-group', model.groups, index, groupDetailXml);
    else if (kind === 2) xml = fragment(model, 'gaad-role', model.roles, index, roleDetailXml);
    else xml = fragment(model, 'gaad-policy', model.policies, index, policyDetailXml);
    lists[kind]!.push(xml);
  }
  return (
    truncation('GetAccountAuthorizationDetails', key, offset, limit, refs.length) +
    members('UserDetailList', lists[0]!) +
    members('GroupDetailList', lists[1]!) +
    members('RoleDetailList', lists[2]!) +
    members('Policies', lists[3]!)
  );
};

// ---------- credential report ----------

const generateCredentialReport: IamHandler = (ctx) => {
  const r = ctx.report.generate(ctx.model);
  return el('State', r.state) + el('Description', r.description);
};

const getCredentialReport: IamHandler = (ctx) => {
  const r = ctx.report.get(ctx.model);
  return el('Content', Buffer.from(r.csv, 'utf8').toString('base64')) + el('ReportFormat', 'text/csv') + el('GeneratedTime', isoZ(r.generatedTime));
};

// ---------- account-level ----------

const getAccountPasswordPolicy: IamHandler = (ctx) => {
  const p = ctx.model.passwordPolicy;
  if (!p) throw new AwsError('NoSuchEntity', 404, `The Password Policy with domain name ${ctx.model.accountId} cannot be found.`);
  const maxAge = p.maxPasswordAge ?? 0;
  return raw(
    'PasswordPolicy',
    el('MinimumPasswordLength', p.minimumPasswordLength ?? 6) +
      el('RequireSymbols', p.requireSymbols ?? false) +
      el('RequireNumbers', p.requireNumbers ?? false) +
      el('RequireUppercaseCharacters', p.requireUppercaseCharacters ?? false) +
      el('RequireLowercaseCharacters', p.requireLowercaseCharacters ?? false) +
      el('AllowUsersToChangePassword', p.allowUsersToChangePassword ?? false) +
      el('ExpirePasswords', maxAge > 0) +
      (maxAge > 0 ? el('MaxPasswordAge', maxAge) : '') +
      el('PasswordReusePrevention', p.passwordReusePrevention) +
      el('HardExpiry', p.hardExpiry),
  );
};

/** The SummaryMap of GetAccountSummary, computed from the model (quotas are AWS's defaults). */
export function accountSummary(model: ResolvedAccount): Record<string, number> {
  const attachedVersions = model.policies.filter((p) => !p.awsManaged).reduce((n, p) => n + p.versions.length, 0);
  const assigned = model.virtualMfas.filter((d) => d.user !== undefined).length;
  const hardware = model.users.filter((u) => u.mfa === 'hardware').length + (model.root.mfa === 'hardware' ? 1 : 0);
  const instanceProfiles = model.roles.reduce((n, r) => n + r.instanceProfiles.length, 0);
  return {
    Users: model.users.length,
    UsersQuota: Math.max(5000, model.users.length),
    Groups: model.groups.length,
    GroupsQuota: 300,
    Roles: model.roles.length,
    RolesQuota: Math.max(1000, model.roles.length),
    Policies: model.policies.filter((p) => !p.awsManaged).length,
    PoliciesQuota: Math.max(1500, model.policies.length),
    PolicyVersionsInUse: attachedVersions,
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: 5,
    PolicySizeQuota: 6144,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    AssumeRolePolicySizeQuota: 2048,
    GroupsPerUserQuota: 10,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    InstanceProfiles: instanceProfiles,
    InstanceProfilesQuota: Math.max(1000, instanceProfiles),
    Providers: 0,
    MFADevices: model.virtualMfas.length + hardware,
    MFADevicesInUse: assigned + hardware,
    AccountMFAEnabled: model.root.mfa !== null ? 1 : 0,
    AccountAccessKeysPresent: model.root.keys.length > 0 ? 1 : 0,
    AccountSigningCertificatesPresent: model.root.certs.length > 0 ? 1 : 0,
    GlobalEndpointTokenVersion: 1,
  };
}

const getAccountSummary: IamHandler = (ctx) => {
  const entries = Object.entries(accountSummary(ctx.model)).map(([k, v]) => `<entry>${el('key', k)}${el('value', v)}</entry>`);
  return `<SummaryMap>${entries.join('')}</SummaryMap>`;
};

// ---------- lists used for enrichment ----------

const listVirtualMFADevices: IamHandler = (ctx) => {
  const { model } = ctx;
  const status = ctx.params.get('AssignmentStatus') ?? 'Any';
  if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
    throw validationError(`Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`);
  }
  const devices = model.virtualMfas.filter((d) => status === 'Any' || (status === 'Assigned') === (d.user !== undefined));
  const { offset, limit } = pageArgs(ctx, 'ListVirtualMFADevices', status);
  const items = devices.slice(offset, offset + limit).map((d) => {
    let user = '';
    if (d.user === 'root') {
      user = raw('User', el('UserId', model.accountId) + el('Arn', model.root.arn) + el('CreateDate', isoZ(model.root.created)));
    } else if (d.user) {
      const u = d.user;
      user = raw('User', el('Path', u.path) + el('UserName', u.name) + el('UserId', u.id) + el('Arn', u.arn) + el('CreateDate', isoZ(u.created)));
    }
    return el('SerialNumber', d.serial) + (d.enableDate !== undefined ? el('EnableDate', isoZ(d.enableDate)) : '') + user;
  });
  return members('VirtualMFADevices', items) + truncation('ListVirtualMFADevices', status, offset, limit, devices.length);
};

const listAccessKeys: IamHandler = (ctx) => {
  const { model } = ctx;
  const requested = ctx.params.get('UserName');
  let userName: string;
  let keys: { id: string; active: boolean; created: number }[];
  if (requested) {
    const u = model.usersByName.get(requested);
    if (!u) throw new AwsError('NoSuchEntity', 404, `The user with name ${requested} cannot be found.`);
    userName = u.name;
    keys = u.keys;
  } else {
    // No UserName: the keys of the calling user.
    userName = ctx.caller.arn.slice(ctx.caller.arn.lastIndexOf('/') + 1);
    keys = model.usersByName.get(userName)?.keys ?? [];
  }
  const { offset, limit } = pageArgs(ctx, 'ListAccessKeys', userName);
  const items = keys
    .slice(offset, offset + limit)
    .map((k) => el('UserName', userName) + el('AccessKeyId', k.id) + el('Status', k.active ? 'Active' : 'Inactive') + el('CreateDate', isoZ(k.created)));
  return el('UserName', userName) + members('AccessKeyMetadata', items) + truncation('ListAccessKeys', userName, offset, limit, keys.length);
};

function listRoleXml(r: RRole): string {
  return roleCoreXml(r) + el('Description', r.description) + el('MaxSessionDuration', r.maxSessionDuration);
}

const listRoles: IamHandler = (ctx) => {
  const { model } = ctx;
  const prefix = ctx.params.get('PathPrefix') || '/';
  const indexes = cached(model, `listroles:${prefix}`, () => {
    const out: number[] = [];
    model.roles.forEach((r, i) => {
      if (r.path.startsWith(prefix)) out.push(i);
    });
    return out;
  });
  const { offset, limit } = pageArgs(ctx, 'ListRoles', prefix);
  const items = indexes.slice(offset, offset + limit).map((i) => fragment(model, 'listroles', model.roles, i, listRoleXml));
  return members('Roles', items) + truncation('ListRoles', prefix, offset, limit, indexes.length);
};

/** The IAM actions the endpoint serves: the audit tool's whole read set. Anything else is refused. */
export const IAM_HANDLERS: Record<string, IamHandler> = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  GetAccountPasswordPolicy: getAccountPasswordPolicy,
  GetAccountSummary: getAccountSummary,
  ListVirtualMFADevices: listVirtualMFADevices,
  ListAccessKeys: listAccessKeys,
  ListRoles: listRoles,
};
