// The vocabulary of the set analysis (effective.ts): where a statement comes from, its compiled shape, and what an
// analysis of one principal returns.
import type { PolicyStatement } from '../snapshot/snapshot.js';
import type { ActionSet } from './action-set.js';
import type { PermissionProfile } from './permission-profile.js';
import type { Principal } from './reachable.js';

/** Where a statement comes from, for evidence and explanations. */
export interface GrantRef {
  /** Identity policies are 'inline' or 'managed'; the permissions boundary is 'boundary'. */
  policyType: 'inline' | 'managed' | 'boundary';
  policyName: string;
  policyArn?: string;
  /** Set when the policy reaches a user through a group. */
  viaGroup?: string;
  sid?: string;
  /** Position in the policy's Statement array. */
  index: number;
}

/** The parts of a statement the set analysis needs; shared by every statement with the same content. */
export interface StatementShape {
  /** Content id, unique per analyzer: same effect, actions, resource class and condition class. */
  id: number;
  effect: 'Allow' | 'Deny';
  actions: ActionSet;
  unknownActions: readonly string[];
  /** Resource covers every resource (Resource "*"-like; or, for an Allow, NotResource). */
  anyResource: boolean;
  /** Allow: the Condition restricts the caller (condition-scope.ts). Deny: the statement has any Condition. */
  conditional: boolean;
}

export interface CompiledStatement {
  ref: GrantRef;
  shape: StatementShape;
  statement: PolicyStatement;
}

export interface PrincipalAnalysis {
  principal: Principal;
  /** Identity statements (users: including their groups'), in policy order. */
  statements: CompiledStatement[];
  boundary?: { arn: string; name: string; resolved: boolean; statements: CompiledStatement[] };
  /** Attached managed policies (or the boundary) whose document is not in the snapshot. */
  unresolved: string[];
  profile: PermissionProfile;
}

export interface AnalyzerOptions {
  /** Actions (catalogue names) whose grant flags every profile records. */
  watch?: readonly string[];
  /** Actions left out of broadWrites (e.g. log and metric writes every workload needs on "*"). */
  writeExclusions?: readonly string[];
  /** Size of broadWrites.sample. */
  sampleSize?: number;
}
