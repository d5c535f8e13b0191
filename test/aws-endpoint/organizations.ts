// AWS Organizations (JSON 1.1, X-Amz-Target AWSOrganizationsV20161128.<Action>) and STS AssumeRole (query protocol)
// for org-mode tests, over an organization of FakeAccounts. Requests signed with the keys AssumeRole returned are
// served from the target account's model: the access key id encodes the account (ASIA<12 digits><4 chars>), the
// session token must come with it, and an expired session is refused with ExpiredToken.
//
//   const org = new FakeOrganization(mgmt, { id: 'o-a1b2c3d4e5', auditRole: 'HardeningAudit' })
//     .ou('Workloads').ou('Workloads/Prod')
//     .account(dev, { name: 'dev', ou: 'Workloads' })
//     .account(prod, { name: 'prod', ou: 'Workloads/Prod' })
//     .account(legacy, { name: 'legacy', refuseAssumeRole: true })        // AccessDenied on AssumeRole
//     .scp('deny-leave', { Version: '2012-10-17', Statement: [...] }, { targets: ['Root'] });
//   const ep = await startAwsEndpoint(mgmt, { extensions: [org.extension()] });
//
// Targets are 'Root', an OU path ('Workloads/Prod') or an account id. FullAWSAccess (p-FullAWSAccess, AWS managed)
// is attached to the root, every OU and every account, as AWS does, unless detached with .detachFullAwsAccess().
// Options: scpEnabled (default true), externalId (AssumeRole must pass it), sessionSeconds (override the sessions'
// lifetime, for renewal tests), credentialReport (per-account report state options), now.
import type { FakeAccount } from './account.js';
import type { PolicyDocumentInput } from './account-options.js';
import { CredentialReportState, type CredentialReportOptions } from './credential-report.js';
import { AwsError } from './errors.js';
import { page, type EndpointExtension, type JsonCall, type QueryCall, type RequestIdentity, type ServedAccount } from './extensions.js';
import { stableId } from './prng.js';
import { el, isoZ } from './xml.js';

export interface OrganizationOptions {
  id?: string;
  rootId?: string;
  /** The role AssumeRole may target in member accounts (any other name: AccessDenied). */
  auditRole?: string;
  externalId?: string;
  scpEnabled?: boolean;
  /** Lifetime of issued sessions in seconds, whatever DurationSeconds asks (tests of renewal). */
  sessionSeconds?: number;
  credentialReport?: CredentialReportOptions;
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
}

export interface MemberOptions {
  name?: string;
  email?: string;
  /** OU path; default: directly under the root. */
  ou?: string;
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  refuseAssumeRole?: boolean;
  /** An error every AssumeRole into this account gets (e.g. { code: 'Throttling', status: 400 }). */
  assumeRoleError?: { code: string; status: number; message?: string };
}

interface Member {
  account: FakeAccount;
  opts: MemberOptions;
  report: CredentialReportState;
}

interface Scp {
  id: string;
  name: string;
  description: string;
  awsManaged: boolean;
  content: string;
  targets: Set<string>;
}

interface Session {
  accountId: string;
  roleName: string;
  sessionName: string;
  token: string;
  secret: string;
  expires: number;
}

const FULL_AWS_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

export class FakeOrganization {
  readonly id: string;
  readonly rootId: string;
  readonly options: OrganizationOptions;
  private readonly members = new Map<string, Member>();
  /** OU path → id, in creation order. */
  private readonly ous = new Map<string, string>();
  private readonly scps = new Map<string, Scp>();
  private readonly sessionsByKey = new Map<string, Session>();
  /** AssumeRole calls per target account (including refused ones). */
  readonly assumeRoleCalls = new Map<string, number>();
  /** Requests served per account (by the identity that signed them). */
  readonly callsByAccount = new Map<string, number>();
  private keySeq = 0;

  constructor(
    readonly management: FakeAccount,
    options: OrganizationOptions = {},
  ) {
    this.options = options;
    this.id = options.id ?? 'o-a1b2c3d4e5';
    this.rootId = options.rootId ?? 'r-a1b2';
    this.scps.set('p-FullAWSAccess', {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      description: 'Allows access to every operation',
      awsManaged: true,
      content: FULL_AWS_ACCESS,
      targets: new Set([this.rootId]),
    });
    this.account(management, { name: 'management' });
  }

  get managementId(): string {
    return this.management.accountId;
  }

  /** Adds an OU by path ('Workloads/Prod'); its parent must exist. */
  ou(path: string): this {
    const parts = path.split('/');
    const parent = parts.slice(0, -1).join('/');
    if (parent && !this.ous.has(parent)) throw new Error(`OU ${parent} is not defined (define parents first)`);
    const id = `ou-${this.rootId.slice(2)}-${stableId('', `${this.id}/${path}`, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    this.ous.set(path, id);
    this.scps.get('p-FullAWSAccess')!.targets.add(id);
    return this;
  }

  account(account: FakeAccount, opts: MemberOptions = {}): this {
    if (opts.ou && !this.ous.has(opts.ou)) throw new Error(`account ${account.accountId}: OU ${opts.ou} is not defined`);
    this.members.set(account.accountId, { account, opts, report: new CredentialReportState(this.options.credentialReport) });
    this.scps.get('p-FullAWSAccess')?.targets.add(account.accountId);
    return this;
  }

  /** A customer managed SCP attached to targets ('Root', OU paths, account ids). */
  scp(name: string, document: PolicyDocumentInput, opts: { targets?: string[]; description?: string } = {}): this {
    const id = `p-${stableId('', `${this.id}/scp/${name}`, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    this.scps.set(id, {
      id,
      name,
      description: opts.description ?? '',
      awsManaged: false,
      content: typeof document === 'string' ? document : JSON.stringify(document),
      targets: new Set((opts.targets ?? []).map((t) => this.targetId(t))),
    });
    return this;
  }

  /** Detach FullAWSAccess from a target (allow-list SCP setups). */
  detachFullAwsAccess(target: string): this {
    this.scps.get('p-FullAWSAccess')!.targets.delete(this.targetId(target));
    return this;
  }

  targetId(ref: string): string {
    if (ref === 'Root') return this.rootId;
    if (/^\d{12}$/.test(ref)) {
      if (!this.members.has(ref)) throw new Error(`target ${ref} is not an account of the organization`);
      return ref;
    }
    const ou = this.ous.get(ref);
    if (!ou) throw new Error(`target ${ref} is not 'Root', an OU path or a member account id`);
    return ou;
  }

  memberAccount(id: string): FakeAccount | undefined {
    return this.members.get(id)?.account;
  }

  /** AssumeRole sessions issued for an account so far. */
  sessionsFor(accountId: string): number {
    return [...this.sessionsByKey.values()].filter((s) => s.accountId === accountId).length;
  }

  // ---- wire records -------------------------------------------------------------------------------------------

  private get mgmtArnPrefix(): string {
    return `arn:${this.management.partition}:organizations::${this.managementId}`;
  }

  private accountRecord(m: Member) {
    const id = m.account.accountId;
    const status = m.opts.status ?? 'ACTIVE';
    return {
      Id: id,
      Arn: `${this.mgmtArnPrefix}:account/${this.id}/${id}`,
      Email: m.opts.email ?? `aws+${id}@example.com`,
      Name: m.opts.name ?? `account-${id}`,
      Status: status === 'PENDING_CLOSURE' ? 'PENDING_CLOSURE' : status,
      State: status,
      JoinedMethod: id === this.managementId ? 'INVITED' : 'CREATED',
      JoinedTimestamp: new Date(Date.UTC(2021, 0, 1)),
    };
  }

  private ouRecord(path: string, id: string) {
    return { Id: id, Arn: `${this.mgmtArnPrefix}:ou/${this.id}/${id}`, Name: path.split('/').pop()! };
  }

  private policySummary(p: Scp) {
    return {
      Id: p.id,
      Arn: p.awsManaged
        ? `arn:${this.management.partition}:organizations::aws:policy/service_control_policy/${p.id}`
        : `${this.mgmtArnPrefix}:policy/${this.id}/service_control_policy/${p.id}`,
      Name: p.name,
      Description: p.description,
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: p.awsManaged,
    };
  }

  private parentOf(accountId: string): string {
    const ou = this.members.get(accountId)?.opts.ou;
    return ou ? this.ous.get(ou)! : this.rootId;
  }

  private ouParent(path: string): string {
    const parent = path.split('/').slice(0, -1).join('/');
    return parent ? this.ous.get(parent)! : this.rootId;
  }

  private targetRecord(id: string) {
    if (id === this.rootId) return { TargetId: id, Arn: `${this.mgmtArnPrefix}:root/${this.id}/${id}`, Name: 'Root', Type: 'ROOT' };
    const member = this.members.get(id);
    if (member) return { TargetId: id, Arn: `${this.mgmtArnPrefix}:account/${this.id}/${id}`, Name: this.accountRecord(member).Name, Type: 'ACCOUNT' };
    const path = [...this.ous].find(([, v]) => v === id)![0];
    return { TargetId: id, Arn: `${this.mgmtArnPrefix}:ou/${this.id}/${id}`, Name: path.split('/').pop()!, Type: 'ORGANIZATIONAL_UNIT' };
  }

  // ---- Organizations --------------------------------------------------------------------------------------------

  private organizations(call: JsonCall): unknown {
    const { action, input } = call;
    const callerAccount = call.served.account.accountId;
    if (callerAccount !== this.managementId && action !== 'DescribeOrganization') {
      throw new AwsError('AccessDeniedException', 400, "You don't have permissions to access this resource.");
    }
    const invalidToken = () => new AwsError('InvalidInputException', 400, 'You specified an invalid value for nextToken.');
    const badMax = (n: number) => new AwsError('InvalidInputException', 400, `MaxResults ${n} is not within 1 to 20`);
    const paged = <T>(items: readonly T[], key: string) => {
      const p = page(action, items, input, 20, 20, invalidToken, badMax);
      return { [key]: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    };
    const parentId = () => {
      const id = String(input.ParentId ?? '');
      if (id !== this.rootId && ![...this.ous.values()].includes(id)) throw new AwsError('ParentNotFoundException', 400, `We can't find a root or OU with the ParentId that you specified.`);
      return id;
    };
    const scpEnabled = this.options.scpEnabled ?? true;
    switch (action) {
      case 'DescribeOrganization':
        return {
          Organization: {
            Id: this.id,
            Arn: `${this.mgmtArnPrefix}:organization/${this.id}`,
            FeatureSet: this.options.featureSet ?? 'ALL',
            MasterAccountArn: `${this.mgmtArnPrefix}:account/${this.id}/${this.managementId}`,
            MasterAccountId: this.managementId,
            MasterAccountEmail: `aws+${this.managementId}@example.com`,
            AvailablePolicyTypes: scpEnabled ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
          },
        };
      case 'ListRoots':
        return paged(
          [
            {
              Id: this.rootId,
              Arn: `${this.mgmtArnPrefix}:root/${this.id}/${this.rootId}`,
              Name: 'Root',
              PolicyTypes: scpEnabled ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
            },
          ],
          'Roots',
        );
      case 'ListOrganizationalUnitsForParent': {
        const parent = parentId();
        return paged([...this.ous].filter(([path]) => this.ouParent(path) === parent).map(([path, id]) => this.ouRecord(path, id)), 'OrganizationalUnits');
      }
      case 'ListAccountsForParent': {
        const parent = parentId();
        return paged([...this.members.values()].filter((m) => this.parentOf(m.account.accountId) === parent).map((m) => this.accountRecord(m)), 'Accounts');
      }
      case 'ListAccounts':
        return paged([...this.members.values()].map((m) => this.accountRecord(m)), 'Accounts');
      case 'ListParents': {
        const child = String(input.ChildId ?? '');
        if (this.members.has(child)) return { Parents: [{ Id: this.parentOf(child), Type: this.parentOf(child) === this.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
        const path = [...this.ous].find(([, id]) => id === child)?.[0];
        if (path === undefined) throw new AwsError('ChildNotFoundException', 400, "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
        const parent = this.ouParent(path);
        return { Parents: [{ Id: parent, Type: parent === this.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
      }
      case 'ListPolicies': {
        if (input.Filter !== 'SERVICE_CONTROL_POLICY') {
          if (typeof input.Filter !== 'string') throw new AwsError('InvalidInputException', 400, 'Filter is required.');
          return paged([], 'Policies');
        }
        return paged([...this.scps.values()].map((p) => this.policySummary(p)), 'Policies');
      }
      case 'DescribePolicy': {
        const p = this.scps.get(String(input.PolicyId ?? ''));
        if (!p) throw new AwsError('PolicyNotFoundException', 400, "We can't find a policy with the PolicyId that you specified.");
        return { Policy: { PolicySummary: this.policySummary(p), Content: p.content } };
      }
      case 'ListTargetsForPolicy': {
        const p = this.scps.get(String(input.PolicyId ?? ''));
        if (!p) throw new AwsError('PolicyNotFoundException', 400, "We can't find a policy with the PolicyId that you specified.");
        return paged([...p.targets].map((t) => this.targetRecord(t)), 'Targets');
      }
      default:
        throw new AwsError('UnknownOperationException', 400, `Organizations ${action} is not served by the local endpoint`);
    }
  }

  // ---- STS AssumeRole -------------------------------------------------------------------------------------------

  private assumeRole(call: QueryCall): string {
    const p = call.params;
    const roleArn = p.get('RoleArn') ?? '';
    const sessionName = p.get('RoleSessionName') ?? '';
    const duration = Number(p.get('DurationSeconds') ?? '3600');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new AwsError('ValidationError', 400, `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 3600) {
      throw new AwsError('ValidationError', 400, `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    }
    const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    const denied = () => new AwsError('AccessDenied', 403, `User: ${call.served.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    if (!m) throw new AwsError('ValidationError', 400, `${roleArn} is invalid`);
    const [, accountId, roleName] = m;
    this.assumeRoleCalls.set(accountId!, (this.assumeRoleCalls.get(accountId!) ?? 0) + 1);
    const member = this.members.get(accountId!);
    if (!member) throw denied();
    if (member.opts.assumeRoleError) {
      const e = member.opts.assumeRoleError;
      throw new AwsError(e.code, e.status, e.message ?? e.code);
    }
    if (member.opts.refuseAssumeRole) throw denied();
    if (this.options.auditRole && roleName !== this.options.auditRole) throw denied();
    if (this.options.externalId !== undefined && p.get('ExternalId') !== this.options.externalId) throw denied();
    const seq = (++this.keySeq).toString(36).toUpperCase().padStart(4, '0');
    const keyId = `ASIA${accountId}${seq}`;
    const lifetime = (this.options.sessionSeconds ?? duration) * 1000;
    const session: Session = {
      accountId: accountId!,
      roleName: roleName!,
      sessionName,
      token: Buffer.from(JSON.stringify({ k: keyId, a: accountId, r: roleName, s: sessionName })).toString('base64'),
      secret: stableId('', `secret/${keyId}`, 40),
      expires: Date.now() + lifetime,
    };
    this.sessionsByKey.set(keyId, session);
    const roleId = stableId('AROA', `arn:aws:iam::${accountId}:role/${roleName}`, 17);
    return (
      `<Credentials>${el('AccessKeyId', keyId)}${el('SecretAccessKey', session.secret)}${el('SessionToken', session.token)}${el('Expiration', isoZ(session.expires))}</Credentials>` +
      `<AssumedRoleUser>${el('AssumedRoleId', `${roleId}:${sessionName}`)}${el('Arn', `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`)}</AssumedRoleUser>`
    );
  }

  // ---- routing --------------------------------------------------------------------------------------------------

  private serve(identity: RequestIdentity): ServedAccount | AwsError | undefined {
    const session = this.sessionsByKey.get(identity.accessKeyId);
    if (!session) {
      if (identity.accessKeyId.startsWith('ASIA')) return new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
      this.callsByAccount.set(this.managementId, (this.callsByAccount.get(this.managementId) ?? 0) + 1);
      return undefined; // the endpoint's own account and caller
    }
    if (identity.sessionToken !== session.token) return new AwsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    if (Date.now() >= session.expires) return new AwsError('ExpiredToken', 400, 'The security token included in the request is expired');
    const member = this.members.get(session.accountId)!;
    this.callsByAccount.set(session.accountId, (this.callsByAccount.get(session.accountId) ?? 0) + 1);
    const roleId = stableId('AROA', `arn:aws:iam::${session.accountId}:role/${session.roleName}`, 17);
    return {
      account: member.account,
      caller: { arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`, userId: `${roleId}:${session.sessionName}` },
      report: member.report,
    };
  }

  extension(): EndpointExtension {
    return {
      jsonTargets: { AWSOrganizationsV20161128: 'organizations' },
      json: (call) => this.organizations(call),
      queryActions: new Set(['sts:AssumeRole']),
      query: (call) => this.assumeRole(call),
      serve: (identity) => this.serve(identity),
    };
  }
}
