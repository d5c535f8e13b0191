// AWS Account Management reads: the SECURITY alternate contact (Security Hub Account.1, CIS 2.3 of v7.0.0) and the
// account's enabled regions (where the regional reads, IAM Access Analyzer, must look). REST-JSON, global endpoint.
import { GetAlternateContactCommand, paginateListRegions, type AccountClient } from '@aws-sdk/client-account';
import type { AlternateContact } from '../snapshot/snapshot.js';
import { errorCode } from './errors.js';

/** A 2xx answer that lacks what AWS always sends: recorded as a gap (MalformedAnswer), never read as "none". */
export class MalformedAnswerError extends Error {
  override name = 'MalformedAnswer';
}

/** null when no security contact is registered (the API answers ResourceNotFoundException). */
export async function collectSecurityContact(account: AccountClient): Promise<AlternateContact | null> {
  try {
    const { AlternateContact: c } = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    if (!c) throw new MalformedAnswerError('the answer has no AlternateContact');
    return {
      ...(c.Name ? { name: c.Name } : {}),
      ...(c.Title ? { title: c.Title } : {}),
      ...(c.EmailAddress ? { emailAddress: c.EmailAddress } : {}),
      ...(c.PhoneNumber ? { phoneNumber: c.PhoneNumber } : {}),
    };
  } catch (e) {
    if (errorCode(e) === 'ResourceNotFoundException') return null;
    throw e;
  }
}

/** The regions enabled for the account (opted-in and enabled by default), sorted. */
export async function collectEnabledRegions(account: AccountClient): Promise<string[]> {
  const regions = new Set<string>();
  for await (const page of paginateListRegions({ client: account, pageSize: 50 }, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] })) {
    for (const r of page.Regions ?? []) {
      if (r.RegionName && (r.RegionOptStatus === 'ENABLED' || r.RegionOptStatus === 'ENABLED_BY_DEFAULT')) regions.add(r.RegionName);
    }
  }
  if (regions.size === 0) throw new MalformedAnswerError('the answer lists no enabled region (every account has some)');
  return [...regions].sort();
}
