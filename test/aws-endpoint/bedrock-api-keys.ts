// iam:ListServiceSpecificCredentials over the query protocol, as in the IAM API reference: ServiceName filters,
// UserName names one user (NoSuchEntity when unknown), AllUsers=true lists every user's (not together with UserName),
// neither means the calling user; Marker/MaxItems pagination; ServiceSpecificCredentials members of
// ServiceSpecificCredentialMetadata. The secret is never part of a list answer.
//
//   configureServiceCredentials(acct, [{ user: 'bedrock-app', service: 'bedrock.amazonaws.com', created: '2026-01-01T00:00:00Z' }]);
import type { FakeAccount } from './account.js';
import { AwsError, validationError } from './errors.js';
import type { EndpointExtension, QueryCall } from './extensions.js';
import { pageArgs, truncation } from './iam.js';
import { stableId } from './prng.js';
import { el, isoZ, members } from './xml.js';

export interface ServiceCredentialInput {
  user: string;
  /** Default bedrock.amazonaws.com. */
  service?: string;
  created: string;
  /** Default Active. */
  status?: 'Active' | 'Inactive' | 'Expired';
  expires?: string;
}

const credentials = new WeakMap<FakeAccount, ServiceCredentialInput[]>();

/** Sets (replaces) the account's service-specific credentials; an account never configured has none. */
export function configureServiceCredentials(account: FakeAccount, list: ServiceCredentialInput[]): FakeAccount {
  credentials.set(account, structuredClone(list));
  return account;
}

function listServiceSpecificCredentials(call: QueryCall, maxPageSize: number | undefined): string {
  const { account, caller } = call.served;
  const userName = call.params.get('UserName') || undefined;
  const allUsers = call.params.get('AllUsers') === 'true';
  if (allUsers && userName) throw validationError('AllUsers cannot be specified together with UserName');
  const service = call.params.get('ServiceName') || undefined;
  const callerUser = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)?.[1];
  const who = allUsers ? undefined : (userName ?? callerUser);
  if (!allUsers && (who === undefined || !account.userNames.includes(who))) {
    throw new AwsError('NoSuchEntity', 404, `The user with name ${who ?? '(the caller)'} cannot be found.`);
  }
  const list = (credentials.get(account) ?? [])
    .map((c) => ({ ...c, service: c.service ?? 'bedrock.amazonaws.com' }))
    .filter((c) => (who === undefined || c.user === who) && (service === undefined || c.service === service))
    .sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  const key = `${allUsers ? '*' : who}:${service ?? ''}`;
  const { offset, limit } = pageArgs({ params: call.params, maxPageSize }, 'ListServiceSpecificCredentials', key);
  const items = list.slice(offset, offset + limit).map((c) => {
    const id = stableId('ACCA', `${account.accountId}:${c.user}:${c.service}:${c.created}`, 17);
    const bedrock = c.service === 'bedrock.amazonaws.com';
    return (
      el('UserName', c.user) +
      el('Status', c.status ?? 'Active') +
      (bedrock ? '' : el('ServiceUserName', `${c.user}-at-${account.accountId}`)) +
      (bedrock ? el('ServiceCredentialAlias', `${c.user}+1-at-${account.accountId}`) : '') +
      el('CreateDate', isoZ(Date.parse(c.created))) +
      (c.expires ? el('ExpirationDate', isoZ(Date.parse(c.expires))) : '') +
      el('ServiceSpecificCredentialId', id) +
      el('ServiceName', c.service)
    );
  });
  return members('ServiceSpecificCredentials', items) + truncation('ListServiceSpecificCredentials', key, offset, limit, list.length);
}

/** `maxPageSize`: the endpoint's cap on items per page (EndpointOptions.maxPageSize). */
export function serviceCredentialsExtension(maxPageSize?: number): EndpointExtension {
  return {
    queryActions: new Set(['iam:ListServiceSpecificCredentials']),
    query: (call) => listServiceSpecificCredentials(call, maxPageSize),
  };
}
