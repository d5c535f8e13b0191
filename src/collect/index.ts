// Collects an AccountSnapshot from a live account: the fewest calls, concurrently, every failure a gap.
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput, type STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import { FatalAwsError, InputError } from '../errors.js';
import { credentialReportCoverageGaps, foreignCredentialReportRow } from '../load/credential-report-coverage.js';
import { emptySnapshot, finalizeSnapshot, type AccountSnapshot, type SnapshotPart } from '../snapshot/snapshot.js';
import { DEFAULT_AGENT_SELECTOR, selectAgents, type AgentSelector } from '../agents/select.js';
import { collectSecurityContact } from './account.js';
import { collectAccessAnalyzerParts, type AccessAnalyzerOptions } from './access-analyzer.js';
import { collectAgentActivity, type AgentActivityOptions } from './agent-activity.js';
import { collectBedrockApiKeys } from './bedrock-api-keys.js';
import { malformedAnswer } from './classify.js';
import { collectCloudTrailParts, type CloudTrailOptions } from './cloudtrail.js';
import { collectCredentialReport, type CredentialReportOptions } from './credential-report.js';
import { describeAwsError, describeCredentialError, gapFrom, isCredentialError, type CredentialSource } from './errors.js';
import {
  collectAccountSummary,
  collectAuthorizationDetails,
  collectOpenIdConnectProviders,
  collectPasswordPolicy,
  collectSamlProviders,
  collectServerCertificates,
  collectRoleSessionDurations,
  collectVirtualMfaDevices,
} from './iam.js';

export interface CollectOptions {
  profile?: string;
  /** The clients' credentials when they are not the profile's or the default chain's (an org member's assumed role). */
  credentialSource?: CredentialSource;
  /** Concurrent IAM requests (IAM throttles per account; a few at a time is the sweet spot). */
  iamConcurrency?: number;
  credentialReport?: CredentialReportOptions;
  /** CloudTrail trails and root activity (collected whenever the client set has a CloudTrail client). */
  cloudTrail?: CloudTrailOptions;
  /** Which principals are AI agents, for their CloudTrail activity (default: the default agent tags). */
  agents?: AgentSelector;
  agentActivity?: AgentActivityOptions;
  /** IAM Access Analyzer (collected whenever the client set has Account and Access Analyzer clients). */
  accessAnalyzer?: AccessAnalyzerOptions;
  now?: () => Date;
  progress?: (message: string) => void;
  /** Called once per warning of the ingestion (unknown fields or columns, conflicting duplicates): for stderr. */
  onWarning?: (message: string) => void;
}

/** The host the STS client talks to (the --endpoint-url override, else the resolved AWS endpoint), for messages. */
async function stsHost(sts: STSClient): Promise<string> {
  try {
    const custom = await sts.config.endpoint?.();
    if (custom) return `${custom.hostname}${custom.port ? `:${custom.port}` : ''}`;
    const resolved = sts.config.endpointProvider({ Region: await sts.config.region(), UseFIPS: await sts.config.useFipsEndpoint(), UseDualStack: await sts.config.useDualstackEndpoint() });
    return resolved.url.host;
  } catch {
    return 'the STS endpoint';
  }
}

/** What is wrong with a GetCallerIdentity answer that AWS would never give, or undefined when it is one. */
function notAnStsAnswer(identity: GetCallerIdentityCommandOutput): string | undefined {
  const status = identity.$metadata?.httpStatusCode;
  if (!identity.Account) {
    const fields = [identity.UserId, identity.Arn].some(Boolean) ? 'no Account' : 'no Account, UserId or Arn';
    return `it has ${fields}${status ? ` (HTTP ${status})` : ''}, so the body is not an STS GetCallerIdentity answer`;
  }
  if (!/^\d{12}$/.test(identity.Account)) return `its Account ${JSON.stringify(identity.Account.slice(0, 40))} is not a 12-digit AWS account id`;
  return undefined;
}

export async function collectSnapshot(clients: AwsClients, options: CollectOptions = {}): Promise<AccountSnapshot> {
  const progress = options.progress ?? (() => {});
  const now = options.now ?? (() => new Date());
  const source = options.credentialSource;
  const credentialError = (e: unknown) => new FatalAwsError(describeCredentialError(e, options.profile, undefined, source));
  let identity: GetCallerIdentityCommandOutput;
  try {
    identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    if (isCredentialError(e)) throw credentialError(e);
    throw new FatalAwsError(`cannot tell which account to audit: ${describeAwsError('sts:GetCallerIdentity', e, options.profile, source)}`);
  }
  const malformed = notAnStsAnswer(identity);
  if (malformed) {
    const c = malformedAnswer('sts:GetCallerIdentity', await stsHost(clients.sts), malformed);
    throw new FatalAwsError(`cannot tell which account to audit: ${c.message}. ${c.advice}`);
  }
  const snapshot = emptySnapshot(identity.Account!, 'live', now().toISOString());
  if (identity.Arn) {
    snapshot.callerArn = identity.Arn;
    snapshot.partition = identity.Arn.split(':')[1] ?? 'aws';
  }
  progress(`auditing account ${identity.Account} as ${identity.Arn ?? 'unknown caller'}`);

  const limit = pLimit(options.iamConcurrency ?? 4);
  let sessionDurations: Map<string, number> | undefined;
  // Reads of other services than IAM do not take IAM's concurrency slots.
  const direct = <T>(fn: () => Promise<T>) => fn();
  const attempt = async <T>(parts: SnapshotPart[], api: string, fn: () => Promise<T>, store: (value: T) => void, run: (fn: () => Promise<T>) => Promise<T> = limit) => {
    try {
      store(await run(fn));
    } catch (e) {
      if (isCredentialError(e)) throw credentialError(e);
      if (e instanceof FatalAwsError) throw e;
      // Another account's entities in this account's answer: nothing of it can be trusted.
      if (e instanceof InputError) throw new FatalAwsError(e.message);
      for (const part of parts) snapshot.gaps.push(gapFrom(part, api, e, source));
      progress(`could not collect ${parts.join(', ')}: ${api} failed (${(e as Error).name})`);
    }
  };

  await Promise.all([
    attempt(
      ['users', 'groups', 'roles', 'policies'],
      'iam:GetAccountAuthorizationDetails',
      () => collectAuthorizationDetails(clients.iam, (n) => progress(`authorization details: page ${n}`), { accountId: snapshot.accountId, partition: snapshot.partition }),
      (d) => {
        Object.assign(snapshot, { users: d.users, groups: d.groups, roles: d.roles, policies: d.policies });
        snapshot.gaps.push(...d.gaps);
        for (const w of d.warnings) options.onWarning?.(w);
        progress(`${d.users.length} users, ${d.groups.length} groups, ${d.roles.length} roles, ${d.policies.length} managed policies`);
      },
    ),
    attempt(['credentialReport'], 'iam:GetCredentialReport', () => collectCredentialReport(clients.iam, options.credentialReport), (r) => {
      const foreign = foreignCredentialReportRow(r.rows, snapshot.accountId);
      if (foreign) throw new FatalAwsError(`iam:GetCredentialReport: ${foreign}`);
      snapshot.credentialReport = { generatedTime: r.generatedTime, rows: r.rows };
      snapshot.gaps.push(...r.gaps);
      for (const w of r.warnings) options.onWarning?.(w);
      progress(`credential report generated at ${r.generatedTime}: ${r.rows.length} rows`);
    }),
    attempt(['passwordPolicy'], 'iam:GetAccountPasswordPolicy', () => collectPasswordPolicy(clients.iam), (p) => {
      snapshot.passwordPolicy = p;
    }),
    attempt(['accountSummary'], 'iam:GetAccountSummary', () => collectAccountSummary(clients.iam), (s) => {
      snapshot.accountSummary = s;
    }),
    attempt(['virtualMfaDevices'], 'iam:ListVirtualMFADevices', () => collectVirtualMfaDevices(clients.iam), (v) => {
      snapshot.virtualMfaDevices = v;
    }),
    attempt(['roleSessionDurations'], 'iam:ListRoles', () => collectRoleSessionDurations(clients.iam), (d) => {
      sessionDurations = d;
    }),
    attempt(['serverCertificates'], 'iam:ListServerCertificates', () => collectServerCertificates(clients.iam), (c) => {
      snapshot.serverCertificates = c;
    }),
    attempt(['samlProviders'], 'iam:ListSAMLProviders', () => collectSamlProviders(clients.iam), (p) => {
      snapshot.samlProviders = p;
    }),
    attempt(['openIdConnectProviders'], 'iam:ListOpenIDConnectProviders', () => collectOpenIdConnectProviders(clients.iam), (p) => {
      snapshot.openIdConnectProviders = p;
    }),
    attempt(['bedrockApiKeys'], 'iam:ListServiceSpecificCredentials', () => collectBedrockApiKeys(clients.iam), (k) => {
      snapshot.bedrockApiKeys = k;
    }),
    ...(clients.account ? [attempt(['securityContact'], 'account:GetAlternateContact', () => collectSecurityContact(clients.account!), (c) => {
      snapshot.securityContact = c;
    }, direct)] : []),
    ...(clients.account && clients.accessAnalyzer
      ? [collectAccessAnalyzerParts(clients.account, clients.accessAnalyzer, snapshot, { ...options.accessAnalyzer, profile: options.profile, ...(source ? { credentialSource: source } : {}), progress })]
      : []),
    ...(clients.cloudtrail
      ? [collectCloudTrailParts(clients.cloudtrail, snapshot, { ...options.cloudTrail, now: now(), profile: options.profile, ...(source ? { credentialSource: source } : {}), progress })]
      : []),
  ]);
  // The agents are known once the authorization details are in; their activity needs CloudTrail.
  const agents = clients.cloudtrail && !snapshot.gaps.some((g) => (g.part === 'users' || g.part === 'roles') && g.resource === undefined)
    ? selectAgents(snapshot, options.agents ?? DEFAULT_AGENT_SELECTOR)
    : [];
  if (clients.cloudtrail && agents.length) {
    try {
      snapshot.agentActivity = await collectAgentActivity(clients.cloudtrail, agents.map((a) => a.entity.arn), now(), options.agentActivity);
      progress(`agent activity: ${snapshot.agentActivity.eventsRead} events of the last 24 hours read`);
    } catch (e) {
      if (isCredentialError(e)) throw credentialError(e);
      snapshot.gaps.push(gapFrom('agentActivity', 'cloudtrail:LookupEvents', e, source));
    }
  }
  // Applied after both lists are in, whichever finished first.
  if (sessionDurations) {
    for (const role of snapshot.roles) {
      const seconds = sessionDurations.get(role.arn);
      if (seconds !== undefined) role.maxSessionDuration = seconds;
    }
  }
  snapshot.gaps.push(...credentialReportCoverageGaps(snapshot, 'iam:GetCredentialReport'));
  snapshot.gaps.sort((a, b) => (a.part < b.part ? -1 : a.part > b.part ? 1 : 0));
  return finalizeSnapshot(snapshot);
}
