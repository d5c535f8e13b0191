// One member account of an organization, collected: AssumeRole into the audit role, collect the snapshot, add the
// account's slice of the organization (SCP chain, org account ids). The pipeline's orgMember source
// (src/pipeline/sources.ts) wraps it; the org CLI (src/org/run.ts) and the Lambda fan-out worker
// (src/entry/lambda/org-worker.ts) record a member whose audit throws as FAILED, so one account never stops the others.
import type { STSClient } from '@aws-sdk/client-sts';
import { assumeRoleProvider, roleArnFor } from '../aws/assume-role.js';
import { createClients, destroyClients, type AwsOptions } from '../aws/clients.js';
import { classifyAwsError, redactSecrets } from '../collect/classify.js';
import type { CredentialSource } from '../collect/errors.js';
import { collectSnapshot, type CollectOptions } from '../collect/index.js';
import { finalizeSnapshot, type AccountSnapshot } from '../snapshot/snapshot.js';
import { accountOrganization, organizationGaps, ouPath, type OrganizationModel, type OrgAccount } from './model.js';
import { policiesInForce } from './scp.js';

export interface MemberCollectSettings {
  /** Client settings of the calling (management / delegated administrator) identity. */
  aws: Omit<AwsOptions, 'credentials'>;
  /** The caller's STS client, for AssumeRole. */
  sts: Pick<STSClient, 'send'>;
  assumeRole: string;
  externalId?: string;
  sessionName: string;
  refreshMarginMs?: number;
  collect: Omit<CollectOptions, 'now' | 'progress' | 'profile' | 'credentialSource'>;
  /** The run's time (ISO): ages are judged as of it. */
  now: string;
  progress?: (message: string) => void;
}

/** sts:AssumeRole into a member account failed: the account is recorded as FAILED with this reason. */
export class MemberAccountError extends Error {
  override name = 'MemberAccountError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface MemberWhere {
  id: string;
  name: string;
  ouPath: string;
}

export function memberWhere(model: OrganizationModel, account: OrgAccount): MemberWhere {
  return { id: account.id, name: account.name, ouPath: ouPath(model, account.parentId) };
}

/**
 * The member account's snapshot: AssumeRole into the audit role, collect, add the account's slice of the organization
 * (SCP chain, org account ids). Throws MemberAccountError when the role cannot be assumed; anything else thrown is
 * the collection's own failure.
 */
export async function collectMemberSnapshot(
  model: OrganizationModel,
  account: OrgAccount,
  settings: MemberCollectSettings,
): Promise<{ snapshot: AccountSnapshot; scps: string[]; sessions: number }> {
  const say = (m: string) => settings.progress?.(`[${account.id}] ${m}`);
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
    const failure = assumeRoleFailure(roleArn, e, settings.externalId !== undefined);
    say(failure.reason);
    throw new MemberAccountError(failure.reason, failure.code);
  }
  const clients = createClients({ ...settings.aws, profile: undefined, credentials });
  try {
    const snapshot = await collectSnapshot(clients, {
      ...settings.collect,
      credentialSource: memberCredentialSource(roleArn, account.id),
      now: () => new Date(settings.now),
      progress: say,
    });
    if (snapshot.accountId !== account.id) {
      throw new Error(`the session of ${roleArn} belongs to account ${snapshot.accountId}, not ${account.id}`);
    }
    const organization = accountOrganization(model, account, model.accounts.map((a) => a.id));
    const scps = organization ? policiesInForce(organization.scpChain).map((p) => p.name) : [];
    return {
      snapshot: finalizeSnapshot({
        ...snapshot,
        ...(organization ? { organization } : {}),
        gaps: organizationGaps(model).length ? [...snapshot.gaps, ...organizationGaps(model)].sort((a, b) => (a.part < b.part ? -1 : a.part > b.part ? 1 : 0)) : snapshot.gaps,
      }),
      scps,
      sessions: credentials.sessions,
    };
  } finally {
    destroyClients(clients);
  }
}

/**
 * The member's clients hold the audit role's session, not the caller's profile or chain: a denial or a rejected
 * session names that role, and the advice is about the role's session.
 */
export function memberCredentialSource(roleArn: string, accountId: string): CredentialSource {
  return {
    label: `role ${roleArn} (assumed from the organization's management or delegated administrator account)`,
    advice:
      `The audit role's session was refused: check that the role's sessions were not revoked (a Deny on aws:TokenIssueTime), ` +
      `that the region is enabled in account ${accountId} and that this machine's clock is right, then run the audit again.`,
  };
}

/**
 * Why sts:AssumeRole into a member failed, named by its cause (src/collect/classify.ts): denied (trust policy,
 * ExternalId, the caller's permission or an SCP), throttled past the retries, an answer not in the AWS format (a proxy's
 * HTML page), the network, or the caller's own credentials rejected. The AWS error code stays the record's `error`
 * (the kind where AWS gave none: MalformedAnswer, ECONNREFUSED ...).
 */
export function assumeRoleFailure(roleArn: string, e: unknown, withExternalId: boolean): { reason: string; code: string } {
  const api = 'sts:AssumeRole';
  // A 200 answer that parsed to nothing (a captive portal's or proxy's HTML page, an endpoint that is not STS): the
  // provider finds no credentials in it. Not a credential problem of the caller.
  if ((e as Error | undefined)?.message === `sts:AssumeRole ${roleArn} returned no credentials`) {
    return {
      reason: `sts:AssumeRole ${roleArn} failed: MalformedAnswer: the answer carried no credentials, so it was not an AWS AssumeRole answer. A proxy or gateway may be answering instead of AWS: check HTTPS_PROXY, --endpoint-url and the network path.`,
      code: 'MalformedAnswer',
    };
  }
  const c = classifyAwsError(e, { api, credentialSource: 'the calling identity (--profile or the default credential chain)' });
  const attempts = (e as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  const prefix = `sts:AssumeRole ${roleArn} failed: ${c.code}`;
  let cause: string;
  let advice = c.advice;
  switch (c.kind) {
    case 'AccessDenied': {
      const aws = redactSecrets(((e as Error | undefined)?.message ?? '').split('\n')[0] ?? '').trim();
      cause = aws ? `access denied (${aws})` : 'access denied';
      advice = `Check that the role exists in the account, that its trust policy allows the calling identity${withExternalId ? ' with this --external-id' : ''}, and that no SCP or policy of the caller denies sts:AssumeRole.`;
      break;
    }
    case 'Other':
      cause = c.message.replace(`${api} failed: `, '');
      break;
    default:
      // "sts:AssumeRole was throttled after 2 attempts (Throttling)" -> "throttled after 2 attempts (Throttling)"
      cause = c.message.replace(/^sts:AssumeRole:? (?:was )?/, '');
  }
  cause = cause.replace(/\.+$/, '');
  if (attempts && attempts > 1 && !/after \d+ attempts/.test(cause)) cause += ` (after ${attempts} attempts)`;
  return { reason: `${prefix}: ${cause}. ${advice}`, code: c.code };
}
