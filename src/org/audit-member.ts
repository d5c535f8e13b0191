// One member account of an organization, audited: AssumeRole into the audit role, collect the snapshot, add the
// account's slice of the organization (SCP chain, org account ids), audit with ALL_CHECKS + ORG_CHECKS.
// Shared by the CLI's org run (src/org/run.ts, all accounts in one process) and the Lambda fan-out worker
// (src/lambda/org-worker.ts, one account per invocation). Writing the reports is the caller's business.
//
// An account-level failure (AssumeRole denied, throttling past the retries, the session belonging to another account,
// anything the collection or the audit throws) is returned as FAILED with its reason, never thrown: one account never
// stops the others.
import type { STSClient } from '@aws-sdk/client-sts';
import type { AgentSelector } from '../agents/select.js';
import { auditSnapshot, type AuditOptions } from '../audit.js';
import { assumeRoleProvider, roleArnFor } from '../aws/assume-role.js';
import { createClients, destroyClients, type AwsOptions } from '../aws/clients.js';
import { ORG_CHECKS } from '../checks/org/index.js';
import { ALL_CHECKS } from '../checks/index.js';
import type { Check, Thresholds } from '../checks/types.js';
import type { CloudTrailOptions } from '../collect/cloudtrail.js';
import type { CredentialReportOptions } from '../collect/credential-report.js';
import { errorCode } from '../collect/errors.js';
import { collectSnapshot } from '../collect/index.js';
import type { KnownAccounts } from '../known-accounts.js';
import type { AuditReport } from '../report/model.js';
import { finalizeSnapshot, type AccountSnapshot } from '../snapshot.js';
import type { Suppressions } from '../suppressions.js';
import { accountOrganization, organizationGaps, ouPath, type OrganizationModel, type OrgAccount } from './model.js';
import { policiesInForce } from './scp.js';

/** The checks of org mode: every account check plus the organization (SCP) checks. */
export const ORG_MODE_CHECKS: readonly Check[] = [...ALL_CHECKS, ...ORG_CHECKS];

export interface MemberAuditSettings {
  /** Client settings of the calling (management / delegated administrator) identity. */
  aws: Omit<AwsOptions, 'credentials'>;
  /** The caller's STS client, for AssumeRole. */
  sts: Pick<STSClient, 'send'>;
  assumeRole: string;
  externalId?: string;
  sessionName: string;
  refreshMarginMs?: number;
  iamConcurrency?: number;
  credentialReport?: CredentialReportOptions;
  cloudTrail?: CloudTrailOptions;
  thresholds: Thresholds;
  now: string;
  excludeChecks?: string[];
  suppressions?: Suppressions;
  /** From memberAuditContext(). */
  context: NonNullable<AuditOptions['context']>;
  progress?: (message: string) => void;
}

export interface MemberWhere {
  id: string;
  name: string;
  ouPath: string;
}

export type MemberAuditOutcome =
  | { status: 'AUDITED'; where: MemberWhere; report: AuditReport; snapshot: AccountSnapshot; scps: string[]; sessions: number }
  | { status: 'FAILED'; where: MemberWhere; reason: string; error: string };

/** The check context every account of one organization run shares. */
export function memberAuditContext(
  model: OrganizationModel,
  options: { productionOus: readonly string[]; knownAccounts?: KnownAccounts; agents?: AgentSelector },
): NonNullable<AuditOptions['context']> {
  return {
    ...(options.knownAccounts ? { knownAccounts: options.knownAccounts } : {}),
    ...(options.agents ? { agents: options.agents } : {}),
    organizationAccountIds: new Set(model.accounts.map((a) => a.id)),
    productionOuPatterns: [...options.productionOus],
  };
}

export function memberWhere(model: OrganizationModel, account: OrgAccount): MemberWhere {
  return { id: account.id, name: account.name, ouPath: ouPath(model, account.parentId) };
}

export async function auditMemberAccount(model: OrganizationModel, account: OrgAccount, settings: MemberAuditSettings): Promise<MemberAuditOutcome> {
  const say = (m: string) => settings.progress?.(`[${account.id}] ${m}`);
  const where = memberWhere(model, account);
  const partition = model.arn.split(':')[1] || 'aws';
  const roleArn = roleArnFor(partition, account.id, settings.assumeRole);
  const credentials = assumeRoleProvider({
    sts: settings.sts,
    roleArn,
    sessionName: settings.sessionName,
    ...(settings.externalId ? { externalId: settings.externalId } : {}),
    ...(settings.refreshMarginMs !== undefined ? { refreshMarginMs: settings.refreshMarginMs } : {}),
  });
  try {
    await credentials();
  } catch (e) {
    const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const reason = `sts:AssumeRole ${roleArn} failed: ${errorCode(e)}: ${(e as Error).message}${attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;
    say(reason);
    return { status: 'FAILED', where, reason, error: errorCode(e) };
  }
  const clients = createClients({ ...settings.aws, profile: undefined, credentials });
  try {
    let snapshot: AccountSnapshot = await collectSnapshot(clients, {
      iamConcurrency: settings.iamConcurrency,
      now: () => new Date(settings.now),
      ...(settings.credentialReport ? { credentialReport: settings.credentialReport } : {}),
      ...(settings.cloudTrail ? { cloudTrail: settings.cloudTrail } : {}),
      progress: say,
    });
    if (snapshot.accountId !== account.id) {
      throw new Error(`the session of ${roleArn} belongs to account ${snapshot.accountId}, not ${account.id}`);
    }
    const organization = accountOrganization(model, account, model.accounts.map((a) => a.id));
    snapshot = finalizeSnapshot({
      ...snapshot,
      ...(organization ? { organization } : {}),
      gaps: organizationGaps(model).length ? [...snapshot.gaps, ...organizationGaps(model)].sort((a, b) => (a.part < b.part ? -1 : a.part > b.part ? 1 : 0)) : snapshot.gaps,
    });
    const report = await auditSnapshot(snapshot, {
      thresholds: settings.thresholds,
      now: settings.now,
      excludeChecks: settings.excludeChecks,
      checks: ORG_MODE_CHECKS,
      context: settings.context,
      ...(settings.suppressions ? { suppressions: settings.suppressions } : {}),
    });
    const scps = organization ? policiesInForce(organization.scpChain).map((p) => p.name) : [];
    return { status: 'AUDITED', where, report, snapshot, scps, sessions: credentials.sessions };
  } catch (e) {
    const reason = `${errorCode(e)}: ${(e as Error).message}`;
    say(`failed: ${reason}`);
    return { status: 'FAILED', where, reason, error: errorCode(e) };
  } finally {
    destroyClients(clients);
  }
}
