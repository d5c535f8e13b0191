// Which resources still exist in the account audited now: the diff asks it about findings of checks that are
// NOT_APPLICABLE today (nothing to judge), to tell "the resource is gone" (resolved) from "the check stopped seeing
// it" (unverified). See src/report/diff.ts.
//
// Conservative on purpose, since a wrong "gone" would call an unfixed finding resolved: a resource exists when its ARN
// is the account's root or appears anywhere in the snapshot (an entity, a policy document, a trust policy, the
// credential report, the organization part); and when any part of the snapshot could not be collected (a whole-part
// gap), nothing is known to be gone.
import type { AccountSnapshot } from '../snapshot/snapshot.js';

export function resourceExistsIn(snapshot: AccountSnapshot): (arn: string) => boolean {
  if (snapshot.gaps.some((g) => g.resource === undefined)) return () => true;
  let arns: Set<string> | undefined;
  return (arn) => {
    arns ??= collectArns(snapshot);
    return arns.has(arn);
  };
}

function collectArns(snapshot: AccountSnapshot): Set<string> {
  const arns = new Set<string>([`arn:${snapshot.partition}:iam::${snapshot.accountId}:root`]);
  const stack: unknown[] = [snapshot];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.startsWith('arn:')) arns.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
    } else if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) stack.push(v);
    }
  }
  return arns;
}
