// FakeAccount's definitions turned into the served model (resolved.ts): defaults filled in, references checked,
// policy versions, attachment counts and ids derived.
import type {
  AccessKeyInput,
  AwsManagedPolicyOptions,
  GroupOptions,
  InlineInput,
  InlinePolicyInput,
  LastUsedInput,
  ManagedPolicyOptions,
  MfaInput,
  PasswordPolicyOptions,
  PolicyDocumentInput,
  RoleOptions,
  RootOptions,
  UserOptions,
  VirtualMfaOptions,
} from './account-options.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { stableId } from './prng.js';
import type { RAttached, RGroup, RInline, RKey, RPolicy, RPolicyVersion, ResolvedAccount, RRole, RRoot, RUser, RVirtualMfa } from './resolved.js';

export const DAY = 86_400_000;
const DEFAULT_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export interface ManagedDef {
  name: string;
  awsManaged: boolean;
  document: PolicyDocumentInput;
  opts: ManagedPolicyOptions & AwsManagedPolicyOptions;
}

/** What a FakeAccount holds. */
export interface AccountDefinitions {
  accountId: string;
  partition: string;
  nowMs: number;
  createdMs: number;
  version: number;
  users: Map<string, UserOptions>;
  groups: Map<string, GroupOptions>;
  roles: Map<string, RoleOptions>;
  managed: Map<string, ManagedDef>;
  pwPolicy: PasswordPolicyOptions | null;
  rootOpts: RootOptions;
  mfaDevices: Map<string, VirtualMfaOptions>;
}

export function resolveAccount(d: AccountDefinitions): ResolvedAccount {
  const iamArn = (kind: string, path: string, name: string) => `arn:${d.partition}:iam::${d.accountId}:${kind}${path}${name}`;
  const acct = d.accountId;
  const now = d.nowMs;
  const defaultCreated = now - 365 * DAY;

  // Managed policies: customer managed always; AWS managed declared or from the catalogue, kept if used.
  const policiesByArn = new Map<string, RPolicy>();
  const customerByName = new Map<string, RPolicy>();
  const awsByName = new Map<string, RPolicy>();
  const makePolicy = (def: ManagedDef): RPolicy => {
    const o = def.opts;
    const path = normPath(o.path);
    const created = o.created ? parseDate(o.created, `policy ${def.name} created`) : def.awsManaged ? Date.UTC(2015, 1, 6, 18, 39, 46) : defaultCreated;
    const updated = o.updated ? parseDate(o.updated, `policy ${def.name} updated`) : created;
    const docs = [...(o.previousVersions ?? []), def.document];
    const defaultVersionId = def.awsManaged && o.defaultVersionId ? o.defaultVersionId : `v${docs.length}`;
    const defaultNum = Number(defaultVersionId.slice(1));
    const versions: RPolicyVersion[] = docs.map((d, i) => {
      const isDefault = i === docs.length - 1;
      const num = isDefault ? defaultNum : defaultNum - (docs.length - 1 - i);
      return {
        versionId: `v${num}`,
        text: docText(d),
        isDefault,
        created: isDefault ? updated : created + Math.floor(((updated - created) * i) / Math.max(1, docs.length - 1)),
      };
    });
    const arn = def.awsManaged ? `arn:${d.partition}:iam::aws:policy${path}${def.name}` : iamArn('policy', path, def.name);
    return {
      name: def.name,
      id: o.id ?? stableId('ANPA', arn, 17),
      arn,
      path,
      awsManaged: def.awsManaged,
      description: o.description,
      created,
      updated,
      defaultVersionId,
      versions: versions.reverse(), // newest first, as IAM lists them
      attachmentCount: 0,
      boundaryUsageCount: 0,
      isAttachable: o.isAttachable ?? true,
    };
  };
  for (const def of d.managed.values()) {
    const p = makePolicy(def);
    policiesByArn.set(p.arn, p);
    (def.awsManaged ? awsByName : customerByName).set(def.name, p);
  }
  const awsArnPrefix = `arn:${d.partition}:iam::aws:policy/`;
  const lookupPolicy = (ref: string, who: string): RPolicy => {
    const found = policiesByArn.get(ref) ?? customerByName.get(ref) ?? awsByName.get(ref);
    if (found) return found;
    const catalogName = ref.startsWith(awsArnPrefix) ? ref.slice(ref.lastIndexOf('/') + 1) : ref.startsWith('arn:') ? undefined : ref;
    const entry = catalogName !== undefined ? AWS_MANAGED_POLICIES[catalogName] : undefined;
    if (catalogName !== undefined && entry) {
      const p = makePolicy({ name: catalogName, awsManaged: true, document: entry.document, opts: { path: entry.path, defaultVersionId: entry.versionId } });
      if (ref.startsWith('arn:') && ref !== p.arn) throw new Error(`${who}: policy ${ref} not found (did you mean ${p.arn}?)`);
      policiesByArn.set(p.arn, p);
      awsByName.set(catalogName, p);
      return p;
    }
    throw new Error(`${who}: managed policy ${ref} is not defined (use .managedPolicy() or .awsManagedPolicy())`);
  };
  const attach = (refs: string[] | undefined, who: string): RAttached[] =>
    (refs ?? []).map((ref) => {
      const p = lookupPolicy(ref, who);
      p.attachmentCount++;
      return { name: p.name, arn: p.arn };
    });
  const boundary = (ref: string | undefined, who: string): string | undefined => {
    if (ref === undefined) return undefined;
    const p = lookupPolicy(ref, who);
    p.boundaryUsageCount++;
    return p.arn;
  };

  const groups: RGroup[] = [];
  const groupNames = new Set<string>();
  for (const [name, o] of d.groups) {
    const path = normPath(o.path);
    const arn = iamArn('group', path, name);
    groupNames.add(name);
    groups.push({
      name,
      id: o.id ?? stableId('AGPA', arn, 17),
      arn,
      path,
      created: o.created ? parseDate(o.created, `group ${name} created`) : defaultCreated,
      attached: attach(o.attached, `group ${name}`),
      inline: inlineList(o.inline),
    });
  }

  const users: RUser[] = [];
  const usersByName = new Map<string, RUser>();
  for (const [name, o] of d.users) {
    const path = normPath(o.path);
    const arn = iamArn('user', path, name);
    const created = o.created ? parseDate(o.created, `user ${name} created`) : defaultCreated;
    for (const g of o.groups ?? []) if (!groupNames.has(g)) throw new Error(`user ${name}: group ${g} is not defined (use .group())`);
    const console = o.console ?? false;
    const mfa = mfaKind(o.mfa);
    const u: RUser = {
      name,
      id: o.id ?? stableId('AIDA', arn, 17),
      arn,
      path,
      created,
      console,
      // Without a password the report says N/A, unless an earlier password was used (then its last use is kept).
      passwordLastUsed: console
        ? lastUsedValue(o.passwordLastUsed, `user ${name} passwordLastUsed`)
        : typeof o.passwordLastUsed === 'string' && o.passwordLastUsed !== 'N/A' && o.passwordLastUsed !== 'no_information'
          ? parseDate(o.passwordLastUsed, `user ${name} passwordLastUsed`)
          : 'N/A',
      passwordLastChanged: console ? (o.passwordLastChanged ? parseDate(o.passwordLastChanged, `user ${name} passwordLastChanged`) : created) : null,
      mfa,
      mfaEnabled: o.mfaEnabled ? parseDate(o.mfaEnabled, `user ${name} mfaEnabled`) : created,
      keys: (o.keys ?? []).map((k, i) => resolveKey(k, created, `${acct}/${name}/${i}`, `user ${name} key ${i + 1}`)),
      certs: (o.certs ?? []).map((c) => ({ active: c.active ?? true, lastRotated: c.lastRotated ? parseDate(c.lastRotated, `user ${name} cert`) : created })),
      groups: [...(o.groups ?? [])],
      attached: attach(o.attached, `user ${name}`),
      inline: inlineList(o.inline),
      tags: Object.entries(o.tags ?? {}),
      boundary: boundary(o.boundary, `user ${name} boundary`),
    };
    users.push(u);
    usersByName.set(name, u);
  }

  const roles: RRole[] = [];
  for (const [name, o] of d.roles) {
    const path = normPath(o.path);
    const arn = iamArn('role', path, name);
    const created = o.created ? parseDate(o.created, `role ${name} created`) : defaultCreated;
    const ipNames = o.instanceProfile === true ? [name] : typeof o.instanceProfile === 'string' ? [o.instanceProfile] : Array.isArray(o.instanceProfile) ? o.instanceProfile : [];
    roles.push({
      name,
      id: o.id ?? stableId('AROA', arn, 17),
      arn,
      path,
      created,
      description: o.description,
      trustText: docText(o.trust ?? DEFAULT_TRUST),
      lastUsed: o.lastUsed ? { date: parseDate(o.lastUsed, `role ${name} lastUsed`), region: o.lastUsedRegion ?? 'us-east-1' } : null,
      attached: attach(o.attached, `role ${name}`),
      inline: inlineList(o.inline),
      boundary: boundary(o.boundary, `role ${name} boundary`),
      tags: Object.entries(o.tags ?? {}),
      maxSessionDuration: o.maxSessionDuration ?? 3600,
      instanceProfiles: ipNames.map((ip) => {
        const ipArn = iamArn('instance-profile', '/', ip);
        return { name: ip, id: stableId('AIPA', ipArn, 17), arn: ipArn, path: '/', created };
      }),
    });
  }

  const r = d.rootOpts;
  const rootMfa = r.mfa === undefined ? 'virtual' : mfaKind(r.mfa);
  const root: RRoot = {
    arn: `arn:${d.partition}:iam::${acct}:root`,
    created: r.created ? parseDate(r.created, 'root created') : d.createdMs,
    mfa: rootMfa,
    keys: (r.keys ?? []).map((k, i) => resolveKey(k, d.createdMs, `${acct}/<root>/${i}`, `root key ${i + 1}`)),
    certs: (r.certs ?? []).map((c) => ({ active: c.active ?? true, lastRotated: c.lastRotated ? parseDate(c.lastRotated, 'root cert') : d.createdMs })),
    passwordLastUsed: lastUsedValue(r.passwordLastUsed, 'root passwordLastUsed'),
  };

  const virtualMfas: RVirtualMfa[] = [];
  if (root.mfa === 'virtual') {
    virtualMfas.push({
      serial: `arn:${d.partition}:iam::${acct}:mfa/root-account-mfa-device`,
      user: 'root',
      enableDate: r.mfaEnabled ? parseDate(r.mfaEnabled, 'root mfaEnabled') : root.created,
    });
  }
  for (const u of users) {
    if (u.mfa === 'virtual') virtualMfas.push({ serial: `arn:${d.partition}:iam::${acct}:mfa/${u.name}`, user: u, enableDate: u.mfaEnabled });
  }
  for (const [name, o] of d.mfaDevices) {
    let user: RUser | 'root' | undefined;
    if (o.user === '<root>') user = 'root';
    else if (o.user !== undefined) {
      user = usersByName.get(o.user);
      if (!user) throw new Error(`virtual MFA ${name}: user ${o.user} is not defined`);
    }
    virtualMfas.push({
      serial: `arn:${d.partition}:iam::${acct}:mfa/${name}`,
      user,
      enableDate: user === undefined ? undefined : o.enableDate ? parseDate(o.enableDate, `virtual MFA ${name}`) : now,
    });
  }

  const customer = [...policiesByArn.values()].filter((p) => !p.awsManaged);
  const awsUsed = [...policiesByArn.values()].filter((p) => p.awsManaged && (p.attachmentCount > 0 || p.boundaryUsageCount > 0));
  return {
    accountId: acct,
    partition: d.partition,
    now,
    version: d.version,
    root,
    users,
    groups,
    roles,
    policies: [...customer, ...awsUsed],
    usersByName,
    passwordPolicy: d.pwPolicy,
    virtualMfas,
    cache: new Map(),
  };
}

export function parseDate(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${what}: not an ISO-8601 date: ${value}`);
  return ms;
}

function normPath(path: string | undefined): string {
  if (path === undefined || path === '') return '/';
  let p = path.startsWith('/') ? path : '/' + path;
  if (!p.endsWith('/')) p += '/';
  return p;
}

function docText(doc: PolicyDocumentInput): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}

function inlineList(input: InlineInput | undefined): RInline[] {
  if (input === undefined) return [];
  if (Array.isArray(input)) return input.map((p) => ({ name: p.name, text: docText(p.document) }));
  const keys = Object.keys(input);
  if (keys.length === 2 && typeof input.name === 'string' && keys.includes('document')) {
    const single = input as InlinePolicyInput;
    return [{ name: single.name, text: docText(single.document) }];
  }
  return Object.entries(input as Record<string, PolicyDocumentInput>).map(([name, d]) => ({ name, text: docText(d) }));
}

function mfaKind(mfa: MfaInput | undefined): 'virtual' | 'hardware' | null {
  if (mfa === true || mfa === 'virtual') return 'virtual';
  if (mfa === 'hardware') return 'hardware';
  return null;
}

function lastUsedValue(v: LastUsedInput | undefined, what: string): number | 'N/A' | 'no_information' {
  if (v === undefined || v === null || v === 'no_information') return 'no_information';
  if (v === 'N/A') return 'N/A';
  return parseDate(v, what);
}

function resolveKey(k: AccessKeyInput, defaultCreated: number, idKey: string, what: string): RKey {
  return {
    id: k.id ?? stableId('AKIA', idKey, 16),
    active: k.active ?? true,
    created: k.created ? parseDate(k.created, `${what} created`) : defaultCreated,
    lastUsed: k.lastUsed ? parseDate(k.lastUsed, `${what} lastUsed`) : null,
    lastUsedRegion: k.lastUsedRegion ?? 'us-east-1',
    lastUsedService: k.lastUsedService ?? 'iam',
  };
}
