// AWS Account Management over REST-JSON (signing name "account"), as in its API reference:
//   POST /getAlternateContact {AlternateContactType, AccountId?} → {AlternateContact: {AlternateContactType,
//     EmailAddress, Name, PhoneNumber, Title}}; none registered → 404 ResourceNotFoundException;
//   POST /listRegions {MaxResults 1-50, NextToken, RegionOptStatusContains} → {Regions: [{RegionName,
//     RegionOptStatus}], NextToken?}.
// Only SECURITY contacts are modelled (configureAccountReads); BILLING and OPERATIONS answer "not found".
import { accountReadsOf } from './account-reads.js';
import { AwsError } from './errors.js';
import { restPage, type RestCall, type RestService } from './rest-json.js';

const CONTACT_TYPES = new Set(['BILLING', 'OPERATIONS', 'SECURITY']);
const OPT_STATUSES = new Set(['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']);

function checkAccountId(call: RestCall): void {
  const id = call.input.AccountId;
  if (id !== undefined && id !== call.served.account.accountId) {
    // Another account's contacts need the organization's trusted access; the fake organization does not model it.
    throw new AwsError('AccessDeniedException', 403, `User: ${call.served.caller.arn} is not authorized to perform: account:${call.action} on resource: arn:aws:account::${call.served.account.accountId}:account/o-*/${String(id)}`);
  }
}

function getAlternateContact(call: RestCall): unknown {
  checkAccountId(call);
  const type = call.input.AlternateContactType;
  if (typeof type !== 'string' || !CONTACT_TYPES.has(type)) {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${String(type)}' at 'alternateContactType' failed to satisfy constraint: Member must satisfy enum value set: [SECURITY, OPERATIONS, BILLING]`);
  }
  const contact = type === 'SECURITY' ? accountReadsOf(call.served.account).securityContact : null;
  if (!contact) throw new AwsError('ResourceNotFoundException', 404, 'No contact of the inputted alternate contact type found.');
  return { AlternateContact: { AlternateContactType: type, EmailAddress: contact.email, Name: contact.name, PhoneNumber: contact.phone, Title: contact.title } };
}

function listRegions(call: RestCall): unknown {
  checkAccountId(call);
  const wanted = call.input.RegionOptStatusContains;
  if (wanted !== undefined && (!Array.isArray(wanted) || wanted.some((s) => !OPT_STATUSES.has(String(s))))) {
    throw new AwsError('ValidationException', 400, '1 validation error detected: Value at \'regionOptStatusContains\' failed to satisfy constraint: Member must satisfy enum value set');
  }
  const regions = accountReadsOf(call.served.account)
    .regions.map((r) => (typeof r === 'string' ? { RegionName: r, RegionOptStatus: 'ENABLED_BY_DEFAULT' } : { RegionName: r.name, RegionOptStatus: r.status ?? 'ENABLED_BY_DEFAULT' }))
    .filter((r) => wanted === undefined || (wanted as string[]).includes(r.RegionOptStatus))
    .sort((a, b) => (a.RegionName < b.RegionName ? -1 : 1));
  const { items, nextToken } = restPage('ListRegions', regions, call.input.MaxResults, call.input.NextToken, 20, 50);
  return { Regions: items, ...(nextToken ? { NextToken: nextToken } : {}) };
}

export const ACCOUNT_SERVICE: RestService = {
  signingName: 'account',
  throttlingCode: 'TooManyRequestsException',
  route: (method, path) => (method !== 'POST' ? undefined : path === '/getAlternateContact' ? 'GetAlternateContact' : path === '/listRegions' ? 'ListRegions' : undefined),
  handle: (call) => (call.action === 'GetAlternateContact' ? getAlternateContact(call) : listRegions(call)),
};
