// Every identity policy a principal (user, group, role) is subject to: its inline policies, its attached managed
// policies (documents resolved from snapshot.policies by ARN) and, for users, those of the groups it belongs to.
import { isAwsManagedPolicyArn } from './arn.js';
import type { AccountSnapshot, IamGroup, IamRole, IamUser, ManagedPolicy, PolicyDocument, PolicyStatement } from '../snapshot/snapshot.js';

export type PrincipalKind = 'user' | 'group' | 'role';

export type Principal =
  | { kind: 'user'; entity: IamUser }
  | { kind: 'group'; entity: IamGroup }
  | { kind: 'role'; entity: IamRole };

export interface ReachablePolicy {
  /** 'inline' or 'managed'. */
  type: 'inline' | 'managed';
  name: string;
  /** Managed policies only. */
  arn?: string;
  /** Managed policies only: true for AWS managed (arn:...:iam::aws:policy/...). */
  awsManaged?: boolean;
  /** The managed policy record when snapshot.policies has it. */
  managed?: ManagedPolicy;
  /** undefined when a managed policy is attached but its document is not in the snapshot. */
  document: PolicyDocument | undefined;
  /** Set when the policy reaches a user through a group. */
  viaGroup?: string;
}

export interface ReachableStatement {
  policy: ReachablePolicy;
  statement: PolicyStatement;
  /** Position in the policy's Statement array. */
  index: number;
}

/** Every principal of the snapshot, users, then groups, then roles (each in snapshot order). */
export function allPrincipals(snapshot: AccountSnapshot): Principal[] {
  return [
    ...snapshot.users.map((entity) => ({ kind: 'user' as const, entity })),
    ...snapshot.groups.map((entity) => ({ kind: 'group' as const, entity })),
    ...snapshot.roles.map((entity) => ({ kind: 'role' as const, entity })),
  ];
}

export function policyIndex(snapshot: AccountSnapshot): Map<string, ManagedPolicy> {
  return new Map(snapshot.policies.map((p) => [p.arn, p]));
}

function ownPolicies(
  entity: IamUser | IamGroup | IamRole,
  policies: Map<string, ManagedPolicy>,
  viaGroup?: string,
): ReachablePolicy[] {
  const via = viaGroup !== undefined ? { viaGroup } : {};
  return [
    ...entity.inlinePolicies.map((p): ReachablePolicy => ({ type: 'inline', name: p.name, document: p.document, ...via })),
    ...entity.attachedManagedPolicies.map((a): ReachablePolicy => {
      const managed = policies.get(a.arn);
      return {
        type: 'managed',
        name: a.name,
        arn: a.arn,
        awsManaged: managed ? managed.awsManaged : isAwsManagedPolicyArn(a.arn),
        ...(managed ? { managed } : {}),
        document: managed?.document,
        ...via,
      };
    }),
  ];
}

/**
 * The policies a principal is subject to. With `viaGroups` (default true) a user's groups' policies are included,
 * marked with `viaGroup`. Groups named by a user but absent from the snapshot are skipped.
 */
export function reachablePolicies(
  snapshot: AccountSnapshot,
  principal: Principal,
  options: { viaGroups?: boolean; index?: Map<string, ManagedPolicy> } = {},
): ReachablePolicy[] {
  const index = options.index ?? policyIndex(snapshot);
  const own = ownPolicies(principal.entity, index);
  if (principal.kind !== 'user' || options.viaGroups === false) return own;
  const groups = new Map(snapshot.groups.map((g) => [g.name, g]));
  const inherited = principal.entity.groups.flatMap((name) => {
    const group = groups.get(name);
    return group ? ownPolicies(group, index, name) : [];
  });
  return [...own, ...inherited];
}

/** Every statement of every policy the principal is subject to (policies without a resolved document are skipped). */
export function* reachableStatements(
  snapshot: AccountSnapshot,
  principal: Principal,
  options: { viaGroups?: boolean; index?: Map<string, ManagedPolicy> } = {},
): Generator<ReachableStatement> {
  for (const policy of reachablePolicies(snapshot, principal, options)) {
    if (!policy.document) continue;
    for (const [index, statement] of policy.document.Statement.entries()) yield { policy, statement, index };
  }
}
