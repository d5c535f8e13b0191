// The report's "AI agents" section: one row per agent principal, each agent criterion PASS / FAIL / NOT_ASSESSED
// (or N/A where it does not apply to the principal's kind), and a blast-radius figure: how many Write and
// Permissions-management actions it can perform, after its boundary and (when known) SCPs.
import type { CheckOutcome } from '../checks/run.js';
import type { CheckContext, Finding } from '../checks/types.js';
import { agentsOf } from '../checks/util/agents.js';
import type { ActionCatalog } from '../policy/catalog.js';
import type { AccountSnapshot } from '../snapshot.js';
import { evaluateForPrincipal, principalLayers } from './principal-policies.js';

export type CriterionStatus = 'PASS' | 'FAIL' | 'NOT_ASSESSED' | 'N/A';

/** The agent criteria in report order, and the principal kinds each applies to. */
export const AGENT_CRITERIA: readonly { checkId: string; label: string; kinds: readonly ('user' | 'role')[] }[] = [
  { checkId: 'agent.permissions-boundary', label: 'Boundary', kinds: ['user', 'role'] },
  { checkId: 'agent.destructive-actions-denied', label: 'Destructive denied', kinds: ['user', 'role'] },
  { checkId: 'agent.secrets-readable', label: 'Secrets scoped', kinds: ['user', 'role'] },
  { checkId: 'agent.can-change-iam', label: 'No IAM change', kinds: ['user', 'role'] },
  { checkId: 'agent.broad-managed-policies', label: 'No broad policy', kinds: ['user', 'role'] },
  { checkId: 'agent.trust-requires-mfa', label: 'MFA in trust', kinds: ['role'] },
  { checkId: 'agent.trust-external-id', label: 'ExternalId', kinds: ['role'] },
  { checkId: 'agent.session-duration', label: 'Sessions ≤ 1 h', kinds: ['role'] },
  { checkId: 'agent.long-lived-keys', label: 'No static key', kinds: ['user'] },
  { checkId: 'agent.user-assume-role-only', label: 'Assume only', kinds: ['user'] },
];

export interface AgentRow {
  arn: string;
  name: string;
  kind: 'user' | 'role';
  selectedBy: string;
  permissionsBoundary?: string;
  criteria: Record<string, CriterionStatus>;
  /** Catalogued Write and Permissions-management actions the principal is allowed on some resource. */
  blastRadius: { write: number; permissionsManagement: number; unresolvedPolicies: string[] };
  /** Its CloudTrail events of the last 24 hours; absent when not collected (offline input, or a gap). */
  activity?: { since: string; readEvents: number; writeEvents: number; writes: { eventTime: string; eventName: string; eventSource: string }[]; truncated: boolean };
}

const MAX_LISTED_WRITES = 25;

export function agentPosture(
  snapshot: AccountSnapshot,
  context: CheckContext,
  outcomes: readonly CheckOutcome[],
  findings: readonly Finding[],
): AgentRow[] {
  const agents = agentsOf(snapshot, context);
  if (agents.length === 0) return [];
  const criterionChecks = new Set(AGENT_CRITERIA.map((c) => c.checkId));
  const byCheck = new Map(outcomes.map((o) => [o.id, o]));
  const findingFor = new Map(findings.filter((f) => criterionChecks.has(f.checkId)).map((f) => [`${f.checkId}\u0000${f.resourceArn}`, f]));
  const writes = writeActions(context.catalog);
  return agents.map(({ principal, selectedBy }) => {
    const { kind, entity } = principal;
    const criteria: Record<string, CriterionStatus> = {};
    for (const c of AGENT_CRITERIA) {
      const outcome = byCheck.get(c.checkId);
      const finding = findingFor.get(`${c.checkId}\u0000${entity.arn}`);
      if (!c.kinds.includes(kind)) criteria[c.checkId] = 'N/A';
      // Not run (excluded) or not assessed as a whole (its inputs are in a gap): never a PASS.
      else if (!outcome || (outcome.status === 'NOT_ASSESSED' && outcome.evaluated === 0)) criteria[c.checkId] = 'NOT_ASSESSED';
      else if (finding) criteria[c.checkId] = finding.status === 'FAIL' ? 'FAIL' : 'NOT_ASSESSED';
      else criteria[c.checkId] = 'PASS';
    }
    let write = 0;
    let permissionsManagement = 0;
    for (const a of writes) {
      if (evaluateForPrincipal(snapshot, principal, a.name).decision !== 'ALLOWED') continue;
      if (a.accessLevel === 'Write') write++;
      else permissionsManagement++;
    }
    return {
      arn: entity.arn,
      name: entity.name,
      kind,
      selectedBy,
      ...(entity.permissionsBoundary ? { permissionsBoundary: entity.permissionsBoundary.arn } : {}),
      criteria,
      blastRadius: { write, permissionsManagement, unresolvedPolicies: principalLayers(snapshot, principal).unresolved },
      ...activityOf(snapshot, entity.arn),
    };
  });
}

function writeActions(catalog: ActionCatalog) {
  return catalog.expand('*').filter((a) => a.accessLevel === 'Write' || a.accessLevel === 'Permissions management');
}

function activityOf(snapshot: AccountSnapshot, arn: string): Pick<AgentRow, 'activity'> {
  const part = snapshot.agentActivity;
  const mine = part?.agents.find((a) => a.arn === arn);
  if (!part || !mine) return {};
  return {
    activity: {
      since: part.since,
      readEvents: mine.readEvents,
      writeEvents: mine.writeEvents,
      writes: mine.writes.slice(0, MAX_LISTED_WRITES).map((w) => ({ eventTime: w.eventTime, eventName: w.eventName, eventSource: w.eventSource })),
      truncated: part.truncated || mine.writes.length > MAX_LISTED_WRITES,
    },
  };
}
