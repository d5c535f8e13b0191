// How a statement's Resource and Condition classify it for the set analysis (effective.ts): does it cover every
// resource, and does its Condition restrict the caller.
import type { PolicyStatement } from '../snapshot/snapshot.js';
import { isAwsOwnedArn } from './arn.js';
import { conditionScope } from './condition-scope.js';

/**
 * A Resource entry that covers every resource: "*", or an ARN pattern whose resource part is only wildcards
 * ("arn:aws:s3:::*", "arn:aws:sqs:*:*:*", every object of every bucket), or for IAM every resource of a type
 * ("arn:aws:iam::*:role/*"). Region and account parts are not looked at: every resource of one account or region
 * still counts as "*" here, except AWS's own account ("arn:aws:iam::aws:policy/*", every AWS managed policy): no
 * customer can change those, so an Allow there does not reach the customer's resources and a Deny there does not
 * protect them.
 */
export function isEveryResource(resource: string): boolean {
  if (resource === '*') return true;
  if (isAwsOwnedArn(resource)) return false;
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(resource);
  if (!m) return false;
  const [, service, rest] = m as unknown as [string, string, string];
  return /^[*/]+$/.test(rest) || (service === 'iam' && /^[a-z-]+\/\*$/.test(rest));
}

const SELF_VARIABLE = /\$\{aws:(username|userid)\}/i;

/** Every Resource entry names the caller itself (${aws:username} / ${aws:userid}): a self-service grant. */
export function isSelfScoped(st: PolicyStatement): boolean {
  return st.Resource !== undefined && st.Resource.length > 0 && st.Resource.every((r) => SELF_VARIABLE.test(r));
}

/** The resource and condition class of a statement (StatementShape.anyResource and .conditional). */
export function statementClass(st: PolicyStatement): { anyResource: boolean; conditional: boolean } {
  if (st.Effect === 'Deny') {
    // A Deny is credited only when it surely applies: no Condition at all, Resource covering "*".
    return {
      anyResource: (st.Resource ?? []).some(isEveryResource),
      conditional: st.Condition !== undefined && Object.values(st.Condition).some((block) => Object.keys(block).length > 0),
    };
  }
  const scope = st.Condition ? conditionScope(st.Condition) : 'none';
  // A condition on resource tags only (ABAC) selects resources: the statement is scoped, not conditional.
  return {
    anyResource: scope !== 'resources' && ((st.Resource ?? []).some(isEveryResource) || st.NotResource !== undefined),
    conditional: scope === 'caller',
  };
}
