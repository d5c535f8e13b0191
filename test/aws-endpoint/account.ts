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
//       A built-in catalogue (AWS_MANAGED_POLICIES in aws-managed-policies.ts: AdministratorAccess, ReadOnlyAccess,
//       ...) is resolvable without declaring it. Like real IAM, GetAccountAuthorizationDetails lists AWS managed
//       policies only when they are attached somewhere or used as a permissions boundary.
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
import type { AccountOptions, AwsManagedPolicyOptions, GroupOptions, ManagedPolicyOptions, PasswordPolicyOptions, PolicyDocumentInput, RoleOptions, RootOptions, UserOptions, VirtualMfaOptions } from './account-options.js';
import type { ResolvedAccount } from './resolved.js';
import { DAY, type ManagedDef, parseDate, resolveAccount } from './resolve.js';

const DEFAULT_NOW = '2026-01-01T00:00:00Z';

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

  private build(): ResolvedAccount {
    return resolveAccount({
      accountId: this.accountId,
      partition: this.partition,
      nowMs: this.nowMs,
      createdMs: this.createdMs,
      version: this.version,
      users: this.users,
      groups: this.groups,
      roles: this.roles,
      managed: this.managed,
      pwPolicy: this.pwPolicy,
      rootOpts: this.rootOpts,
      mfaDevices: this.mfaDevices,
    });
  }
}
