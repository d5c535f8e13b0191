import type { Check, CheckContext, CheckResult } from '../../src/checks/types.js';
import type { AccountSnapshot } from '../../src/snapshot/snapshot.js';

export function run(check: Check, snap: AccountSnapshot, ctx: CheckContext): CheckResult[] {
  return check.run(snap, ctx);
}

export const fails = (results: CheckResult[]) => results.filter((r) => r.status === 'FAIL');
export const passes = (results: CheckResult[]) => results.filter((r) => r.status === 'PASS');

/** The single result for a resource (and detail), failing the test if there is not exactly one. */
export function resultFor(results: CheckResult[], arnSuffix: string, detail?: string): CheckResult {
  const found = results.filter((r) => r.resourceArn.endsWith(arnSuffix) && (detail === undefined || r.detail === detail));
  if (found.length !== 1) throw new Error(`expected one result for ${arnSuffix}${detail ? ` (${detail})` : ''}, got ${found.length}`);
  return found[0]!;
}
