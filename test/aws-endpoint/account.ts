// In-memory model of one AWS account's IAM state, built with a small fluent API, that the local AWS endpoint serves.
//
//   const acct = new FakeAccount('123456789012', { now: '2026-11-25T00:00:00Z' })
//     .user('alice', {
//       console: true,                     // has a password (login profile)
//       passwordLastUsed: '2026-11-20T10:00:00Z',   // omitted/null → "no_information" in the credential report
//       mfa: false,                        // true | 'virtual' (a virtual MFA device is listed) | 'hardware' | false
//       keys: [{ active: true, created: '2026-01-01T00:00:00Z', lastUsed: '2026-11-01T00:00:00Z' }],
//       groups: ['devs'],
//       attached: ['arn:aws:iam::aws:policy/AdministratorAccess'],   // ARNs, or bare names of managed policies
//       inline: { name: 'p', document: { Version: '2012-10-17', Statement: [...] } },
//       tags: { team: 'x' },
//       boundary: 'arn:aws:iam::123456789012:policy/boundary',
//       created: '2025-01-01T00:00:00Z',
//     })
//     .group('devs', { attached: ['ci-policy'], inline: [{ name: 'g', document: {...} }] })
//     .role('deploy', { trust: {...}, lastUsed: '2026-11-01T00:00:00Z', lastUsedRegion: 'eu-west-1', maxSessionDuration: 7200 })
//     .managedPolicy('ci-policy', { Version: '2012-10-17', Statement: [...] }, { path: '/ci/', previousVersions: [oldDoc] })
//     .awsManagedPolicy('MyVendorPolicy', {...})          // an AWS managed policy not in the built-in catalogue
//     .passwordPolicy({ minimumPasswordLength: 14, requireSymbols: true })   // or null: no policy (NoSuchEntity)
//     .root({ mfa: 'hardware', keys: [], passwordLastUsed: '2026-10-01T00:00:00Z' })
//     .virtualMfa('spare-device')                          // an unassigned virtual MFA device
//
// Options (all dates are ISO-8601 strings; milliseconds are dropped on the wire):
//   FakeAccount(accountId, { now?, created?, partition? })   now: the model clock (credential report GeneratedTime,
//       default dates); default 2026-01-01T00:00:00Z. created: the account/root creation time (default now − 3 years).
//   user(name, UserOptions)     path '/', created now−365d, console false, passwordLastChanged = created,
//       mfa false (mfaEnabled: date the MFA device was enabled, default created), keys [] (at most 2),
//       certs [] (signing certificates: { active, lastRotated }), groups/attached/inline/tags/boundary.
//       Access key: { active = true, created = user created, lastUsed?: date|null, lastUsedRegion = 'us-east-1',
//       lastUsedService = 'iam', id? }.
//   group(name, GroupOptions)   path, created, attached, inline.
//   role(name, RoleOptions)     path, created, description, trust (default: ec2.amazonaws.com may assume),
//       lastUsed: date | null (null/omitted = never used), lastUsedRegion = 'us-east-1', attached, inline, boundary,
//       tags, maxSessionDuration = 3600, instanceProfile: true (one named like the role) | name | names.
//   managedPolicy(name, document, { path, description, created, updated, previousVersions, isAttachable })
//       customer managed; previousVersions are older documents, so the default version is v(N+1).
//   awsManagedPolicy(name, document, { path, defaultVersionId, created, updated })   arn:aws:iam::aws:policy{path}{name}.
//       A built-in catalogue (AWS_MANAGED_POLICIES below: AdministratorAccess, ReadOnlyAccess, ...) is resolvable
//       without declaring it. Like real IAM, GetAccountAuthorizationDetails lists AWS managed policies only when
//       they are attached somewhere or used as a permissions boundary.
//   passwordPolicy(PasswordPolicyOptions | null)   field names as in the snapshot (camelCase); null = none.
//   root({ created, mfa, mfaEnabled, keys, certs, passwordLastUsed })  default: mfa 'virtual', no keys,
//       passwordLastUsed "no_information". passwordLastUsed also accepts the literals 'N/A' / 'no_information'.
//   virtualMfa(name, { user?: userName | '<root>', enableDate? })   an extra virtual MFA device.
//
//   Also: setNow(iso), removeUser(name), removeRole(name), clone() (deep copy for variations of a base fixture),
//   resolve() (the wire-ready model the endpoint serves; cached until the next change).
//
// Documents may be objects (serialized compact with JSON.stringify) or strings (served verbatim, so tests can
// exercise whitespace, unicode or odd-but-valid JSON). Calling user/group/role/... again with the same name
// replaces the earlier definition. References (groups, attached, boundary) are checked when the account is
// resolved (first request), so definition order does not matter; an unknown reference throws.
import { stableId } from './prng.js';

export type PolicyDocumentInput = Record<string, unknown> | string;
export interface InlinePolicyInput {
  name: string;
  document: PolicyDocumentInput;
}
/** One inline policy, a list of them, or a record name → document. */
export type InlineInput = InlinePolicyInput | InlinePolicyInput[] | Record<string, PolicyDocumentInput>;
export type MfaInput = boolean | 'virtual' | 'hardware';
/** A date, null (never), or one of the credential report's literal tokens. */
export type LastUsedInput = string | null | 'N/A' | 'no_information';

export interface AccessKeyInput {
  active?: boolean;
  created?: string;
  lastUsed?: string | null;
  lastUsedRegion?: string;
  lastUsedService?: string;
  id?: string;
}
export interface CertInput {
  active?: boolean;
  lastRotated?: string;
}
export interface UserOptions {
  path?: string;
  id?: string;
  created?: string;
  console?: boolean;
  passwordLastUsed?: LastUsedInput;
  passwordLastChanged?: string;
  mfa?: MfaInput;
  mfaEnabled?: string;
  keys?: AccessKeyInput[];
  certs?: CertInput[];
  groups?: string[];
  attached?: string[];
  inline?: InlineInput;
  tags?: Record<string, string>;
  boundary?: string;
}
export interface GroupOptions {
  path?: string;
  id?: string;
  created?: string;
  attached?: string[];
  inline?: InlineInput;
}
export interface RoleOptions {
  path?: string;
  id?: string;
  created?: string;
  description?: string;
  trust?: PolicyDocumentInput;
  lastUsed?: string | null;
  lastUsedRegion?: string;
  attached?: string[];
  inline?: InlineInput;
  boundary?: string;
  tags?: Record<string, string>;
  maxSessionDuration?: number;
  instanceProfile?: boolean | string | string[];
}
export interface ManagedPolicyOptions {
  path?: string;
  id?: string;
  description?: string;
  created?: string;
  updated?: string;
  previousVersions?: PolicyDocumentInput[];
  isAttachable?: boolean;
}
export interface AwsManagedPolicyOptions {
  path?: string;
  defaultVersionId?: string;
  created?: string;
  updated?: string;
  description?: string;
}
export interface PasswordPolicyOptions {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}
export interface RootOptions {
  created?: string;
  mfa?: MfaInput;
  mfaEnabled?: string;
  keys?: AccessKeyInput[];
  certs?: CertInput[];
  passwordLastUsed?: LastUsedInput;
}
export interface VirtualMfaOptions {
  /** A user name, or '<root>' for the root user; omitted = unassigned. */
  user?: string;
  enableDate?: string;
}
export interface AccountOptions {
  now?: string;
  created?: string;
  partition?: string;
}

// ---- resolved model (what the endpoint serves) ----

export interface RInline {
  name: string;
  text: string;
}
export interface RAttached {
  name: string;
  arn: string;
}
export interface RKey {
  id: string;
  active: boolean;
  created: number;
  lastUsed: number | null;
  lastUsedRegion: string;
  lastUsedService: string;
}
export interface RCert {
  active: boolean;
  lastRotated: number;
}
export interface RUser {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  console: boolean;
  passwordLastUsed: number | 'N/A' | 'no_information';
  passwordLastChanged: number | null;
  mfa: 'virtual' | 'hardware' | null;
  mfaEnabled: number;
  keys: RKey[];
  certs: RCert[];
  groups: string[];
  attached: RAttached[];
  inline: RInline[];
  tags: [string, string][];
  boundary?: string;
}
export interface RGroup {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  attached: RAttached[];
  inline: RInline[];
}
export interface RInstanceProfile {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
}
export interface RRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: number;
  description?: string;
  trustText: string;
  lastUsed: { date: number; region: string } | null;
  attached: RAttached[];
  inline: RInline[];
  boundary?: string;
  tags: [string, string][];
  maxSessionDuration: number;
  instanceProfiles: RInstanceProfile[];
}
export interface RPolicyVersion {
  versionId: string;
  text: string;
  isDefault: boolean;
  created: number;
}
export interface RPolicy {
  name: string;
  id: string;
  arn: string;
  path: string;
  awsManaged: boolean;
  description?: string;
  created: number;
  updated: number;
  defaultVersionId: string;
  versions: RPolicyVersion[];
  attachmentCount: number;
  boundaryUsageCount: number;
  isAttachable: boolean;
}
export interface RVirtualMfa {
  serial: string;
  /** undefined = unassigned */
  user?: RUser | 'root';
  enableDate?: number;
}
export interface RRoot {
  arn: string;
  created: number;
  mfa: 'virtual' | 'hardware' | null;
  keys: RKey[];
  certs: RCert[];
  passwordLastUsed: number | 'N/A' | 'no_information';
}

/** The account resolved into wire-ready records, with caches the endpoint fills lazily. */
export interface ResolvedAccount {
  accountId: string;
  partition: string;
  now: number;
  version: number;
  root: RRoot;
  users: RUser[];
  groups: RGroup[];
  roles: RRole[];
  /** Customer managed policies, then the AWS managed policies that are in use. */
  policies: RPolicy[];
  usersByName: Map<string, RUser>;
  passwordPolicy: PasswordPolicyOptions | null;
  virtualMfas: RVirtualMfa[];
  /** Scratch space for the endpoint (rendered XML fragments, filtered entity lists). Dropped on any change. */
  cache: Map<string, unknown>;
}

const DAY = 86_400_000;
const DEFAULT_NOW = '2026-01-01T00:00:00Z';
const DEFAULT_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** A small catalogue of AWS managed policies that fixtures can attach without declaring them (documents trimmed). */
export const AWS_MANAGED_POLICIES: Record<string, { path: string; versionId: string; document: Record<string, unknown> }> = {
  AdministratorAccess: {
    path: '/',
    versionId: 'v1',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  PowerUserAccess: {
    path: '/',
    versionId: 'v5',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: [
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
            'account:ListRegions',
            'account:GetAccountInformation',
          ],
          Resource: '*',
        },
      ],
    },
  },
  IAMFullAccess: {
    path: '/',
    versionId: 'v2',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization'], Resource: '*' },
      ],
    },
  },
  ReadOnlyAccess: {
    path: '/',
    versionId: 'v120',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadOnlyActions',
          Effect: 'Allow',
          Action: ['ec2:Describe*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*', 'lambda:Get*', 'lambda:List*', 'sts:GetCallerIdentity'],
          Resource: '*',
        },
      ],
    },
  },
  SecurityAudit: {
    path: '/',
    versionId: 'v40',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'sts:GetCallerIdentity'],
          Resource: '*',
        },
      ],
    },
  },
  AmazonS3FullAccess: {
    path: '/',
    versionId: 'v2',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
  },
  AmazonS3ReadOnlyAccess: {
    path: '/',
    versionId: 'v3',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
    },
  },
  AmazonEC2FullAccess: {
    path: '/',
    versionId: 'v8',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' },
      ],
    },
  },
  AWSLambdaBasicExecutionRole: {
    path: '/service-role/',
    versionId: 'v1',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    },
  },
};

interface ManagedDef {
  name: string;
  awsManaged: boolean;
  document: PolicyDocumentInput;
  opts: ManagedPolicyOptions & AwsManagedPolicyOptions;
}

export class FakeAccount {
  readonly accountId: string;
  readonly partition: string;
  private nowMs: number;
  private createdMs: number;
  private users = new Map<string, UserOptions>();
  private groups = new Map<string, GroupOptions>();
  private roles = new Map<string, RoleOptions>();
  private managed = new Map<string, ManagedDef>(); // key: 'c:' + name (customer) | 'a:' + name (AWS)
  private pwPolicy: PasswordPolicyOptions | null = null;
  private rootOpts: RootOptions = {};
  private mfaDevices = new Map<string, VirtualMfaOptions>();
  private version = 0;
  private resolved: ResolvedAccount | undefined;

  constructor(accountId: string, options: AccountOptions = {}) {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`account id must be 12 digits, got ${accountId}`);
    this.accountId = accountId;
    this.partition = options.partition ?? 'aws';
    this.nowMs = parseDate(options.now ?? DEFAULT_NOW, 'now');
    this.createdMs = options.created ? parseDate(options.created, 'created') : this.nowMs - 3 * 365 * DAY;
  }

  /** The model clock, as an ISO string. */
  get now(): string {
    return new Date(this.nowMs).toISOString();
  }
  setNow(now: string): this {
    this.nowMs = parseDate(now, 'now');
    return this.touch();
  }

  user(name: string, options: UserOptions = {}): this {
    if (options.keys && options.keys.length > 2) throw new Error(`user ${name}: at most 2 access keys`);
    if (options.certs && options.certs.length > 2) throw new Error(`user ${name}: at most 2 signing certificates`);
    this.users.set(name, { ...options });
    return this.touch();
  }
  group(name: string, options: GroupOptions = {}): this {
    this.groups.set(name, { ...options });
    return this.touch();
  }
  role(name: string, options: RoleOptions = {}): this {
    this.roles.set(name, { ...options });
    return this.touch();
  }
  managedPolicy(name: string, document: PolicyDocumentInput, options: ManagedPolicyOptions = {}): this {
    this.managed.set('c:' + name, { name, awsManaged: false, document, opts: { ...options } });
    return this.touch();
  }
  awsManagedPolicy(name: string, document: PolicyDocumentInput, options: AwsManagedPolicyOptions = {}): this {
    this.managed.set('a:' + name, { name, awsManaged: true, document, opts: { ...options } });
    return this.touch();
  }
  passwordPolicy(policy: PasswordPolicyOptions | null): this {
    this.pwPolicy = policy === null ? null : { ...policy };
    return this.touch();
  }
  root(options: RootOptions): this {
    if (options.keys && options.keys.length > 2) throw new Error('root: at most 2 access keys');
    this.rootOpts = { ...options };
    return this.touch();
  }
  virtualMfa(name: string, options: VirtualMfaOptions = {}): this {
    this.mfaDevices.set(name, { ...options });
    return this.touch();
  }
  removeUser(name: string): this {
    this.users.delete(name);
    return this.touch();
  }
  removeRole(name: string): this {
    this.roles.delete(name);
    return this.touch();
  }

  get userNames(): string[] {
    return [...this.users.keys()];
  }
  get roleNames(): string[] {
    return [...this.roles.keys()];
  }

  /** A deep copy, to derive variations of a base fixture. */
  clone(): FakeAccount {
    const copy = new FakeAccount(this.accountId, { now: this.now, created: new Date(this.createdMs).toISOString(), partition: this.partition });
    copy.users = structuredClone(this.users);
    copy.groups = structuredClone(this.groups);
    copy.roles = structuredClone(this.roles);
    copy.managed = structuredClone(this.managed);
    copy.pwPolicy = structuredClone(this.pwPolicy);
    copy.rootOpts = structuredClone(this.rootOpts);
    copy.mfaDevices = structuredClone(this.mfaDevices);
    return copy;
  }

  /** The resolved, wire-ready model; cached until the next change. Throws on dangling references. */
  resolve(): ResolvedAccount {
    if (this.resolved && this.resolved.version === this.version) return this.resolved;
    this.resolved = this.build();
    return this.resolved;
  }

  private touch(): this {
    this.version++;
    return this;
  }

  private arn(kind: string, path: string, name: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:${kind}${path}${name}`;
  }

  private build(): ResolvedAccount {
    const acct = this.accountId;
    const now = this.nowMs;
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
      const arn = def.awsManaged ? `arn:${this.partition}:iam::aws:policy${path}${def.name}` : this.arn('policy', path, def.name);
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
    for (const def of this.managed.values()) {
      const p = makePolicy(def);
      policiesByArn.set(p.arn, p);
      (def.awsManaged ? awsByName : customerByName).set(def.name, p);
    }
    const awsArnPrefix = `arn:${this.partition}:iam::aws:policy/`;
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
    for (const [name, o] of this.groups) {
      const path = normPath(o.path);
      const arn = this.arn('group', path, name);
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
    for (const [name, o] of this.users) {
      const path = normPath(o.path);
      const arn = this.arn('user', path, name);
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
    for (const [name, o] of this.roles) {
      const path = normPath(o.path);
      const arn = this.arn('role', path, name);
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
          const ipArn = this.arn('instance-profile', '/', ip);
          return { name: ip, id: stableId('AIPA', ipArn, 17), arn: ipArn, path: '/', created };
        }),
      });
    }

    const r = this.rootOpts;
    const rootMfa = r.mfa === undefined ? 'virtual' : mfaKind(r.mfa);
    const root: RRoot = {
      arn: `arn:${this.partition}:iam::${acct}:root`,
      created: r.created ? parseDate(r.created, 'root created') : this.createdMs,
      mfa: rootMfa,
      keys: (r.keys ?? []).map((k, i) => resolveKey(k, this.createdMs, `${acct}/<root>/${i}`, `root key ${i + 1}`)),
      certs: (r.certs ?? []).map((c) => ({ active: c.active ?? true, lastRotated: c.lastRotated ? parseDate(c.lastRotated, 'root cert') : this.createdMs })),
      passwordLastUsed: lastUsedValue(r.passwordLastUsed, 'root passwordLastUsed'),
    };

    const virtualMfas: RVirtualMfa[] = [];
    if (root.mfa === 'virtual') {
      virtualMfas.push({
        serial: `arn:${this.partition}:iam::${acct}:mfa/root-account-mfa-device`,
        user: 'root',
        enableDate: r.mfaEnabled ? parseDate(r.mfaEnabled, 'root mfaEnabled') : root.created,
      });
    }
    for (const u of users) {
      if (u.mfa === 'virtual') virtualMfas.push({ serial: `arn:${this.partition}:iam::${acct}:mfa/${u.name}`, user: u, enableDate: u.mfaEnabled });
    }
    for (const [name, o] of this.mfaDevices) {
      let user: RUser | 'root' | undefined;
      if (o.user === '<root>') user = 'root';
      else if (o.user !== undefined) {
        user = usersByName.get(o.user);
        if (!user) throw new Error(`virtual MFA ${name}: user ${o.user} is not defined`);
      }
      virtualMfas.push({
        serial: `arn:${this.partition}:iam::${acct}:mfa/${name}`,
        user,
        enableDate: user === undefined ? undefined : o.enableDate ? parseDate(o.enableDate, `virtual MFA ${name}`) : now,
      });
    }

    const customer = [...policiesByArn.values()].filter((p) => !p.awsManaged);
    const awsUsed = [...policiesByArn.values()].filter((p) => p.awsManaged && (p.attachmentCount > 0 || p.boundaryUsageCount > 0));
    return {
      accountId: acct,
      partition: this.partition,
      now,
      version: this.version,
      root,
      users,
      groups,
      roles,
      policies: [...customer, ...awsUsed],
      usersByName,
      passwordPolicy: this.pwPolicy,
      virtualMfas,
      cache: new Map(),
    };
  }
}

function parseDate(value: string, what: string): number {
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
