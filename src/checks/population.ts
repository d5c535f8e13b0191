// What a check judges. The runner (run.ts) holds every check to it: an empty population is NOT_APPLICABLE, a member
// the check returned no verdict for is NOT_ASSESSED ("no evidence"), so no check can turn missing evidence into PASS.
import type { AccountSnapshot, SnapshotPart } from '../snapshot/snapshot.js';
import type { CheckContext } from './types.js';

export interface Population {
  /** Plural noun for messages: "no <noun> in this account" (e.g. "IAM users", "AI agent principals"). */
  noun: string;
  /** The NOT_APPLICABLE reason when it is empty, if "no <noun> in this account" does not fit. */
  whenEmpty?: string | ((snapshot: AccountSnapshot) => string);
  /**
   * ARNs of the resources the check judges. May throw when the data it is drawn from is absent without a gap (the
   * check is then NOT_ASSESSED, like a check whose run() throws): an unknown population is not an empty one.
   */
  members(snapshot: AccountSnapshot, context: CheckContext): readonly string[];
  /** Why a member can have no verdict, for its NOT_ASSESSED finding (e.g. "alice has no credential report row"). */
  noEvidence?(snapshot: AccountSnapshot, arn: string): string;
  /**
   * members() is fixed by the account, not drawn from the inventory (the root user, the account itself): an entity gap
   * of another resource (a user's missing report row) is then not this check's concern.
   */
  closed?: boolean;
  /**
   * Alternative evidence, read in this order (root MFA: the credential report row, else GetAccountSummary). These
   * parts are not in the check's `needs`: a gap in one of them does not stop the check, only a gap in all of them
   * does, and their gaps name the cause when a member has no verdict.
   */
  sources?: SnapshotPart[];
}
