// The report's "AI agents" section: one row per agent principal, each agent criterion PASS / FAIL / NOT_ASSESSED
// (or N/A where it does not apply to the principal's kind), and a blast-radius figure: how many Write and
// Permissions-management actions it can perform, after its boundary and (when known) SCPs.
import type { CheckOutcome } from '../checks/run.js';
import { agentBedrockApiKeys } from '../checks/agent/bedrock-api-keys.js';
import { agentBroadManagedPolicies } from '../checks/agent/broad-managed-policies.js';
import { agentCanChangeIam } from '../checks/agent/can-change-iam.js';
import { agentDestructiveActions } from '../checks/agent/destructive-actions-denied.js';
import { agentLongLivedKeys } from '../checks/agent/long-lived-keys.js';
import { agentMcpDestructiveDenied } from '../checks/agent/mcp-destructive-denied.js';
import { agentPermissionsBoundary } from '../checks/agent/permissions-boundary.js';
import { agentSecretsReadable } from '../checks/agent/secrets-readable.js';
import { agentSessionDuration } from '../checks/agent/session-duration.js';
import { agentTrustExternalId } from '../checks/agent/trust-external-id.js';
import { agentTrustMfa } from '../checks/agent/trust-requires-mfa.js';
import { agentUserAssumeOnly } from '../checks/agent/user-assume-role-only.js';
import type { Check, CheckContext } from '../checks/types.js';
import type { Finding } from '../vocabulary.js';
import { agentsOf } from '../checks/util/agents.js';
import type { ActionCatalog } from '../policy/catalog.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';
import { destructiveViaMcp } from './mcp.js';
import { evaluateForPrincipal, principalLayers } from './principal-policies.js';

export type CriterionStatus = 'PASS' | 'FAIL' | 'NOT_ASSESSED' | 'N/A';

const criterion = (check: Check, label: string, kinds: readonly ('user' | 'role')[]) => ({ checkId: check.id, label, kinds });

/** The agent criteria in report order, and the principal kinds each applies to; ids come from the check objects. */
export const AGENT_CRITERIA: readonly { checkId: string; label: string; kinds: readonly ('user' | 'role')[] }[] = [
  criterion(agentPermissionsBoundary, 'Boundary', ['user', 'role']),
  criterion(agentDestructiveActions, 'Destructive denied', ['user', 'role']),
  criterion(agentMcpDestructiveDenied, 'Denied via MCP', ['user', 'role']),
  criterion(agentSecretsReadable, 'Secrets scoped', ['user', 'role']),
  criterion(agentCanChangeIam, 'No IAM change', ['user', 'role']),
  criterion(agentBroadManagedPolicies, 'No broad policy', ['user', 'role']),
  criterion(agentTrustMfa, 'MFA in trust', ['role']),
  criterion(agentTrustExternalId, 'ExternalId', ['role']),
  criterion(agentSessionDuration, 'Sessions ≤ 1 h', ['role']),
  criterion(agentLongLivedKeys, 'No static key', ['user']),
  criterion(agentUserAssumeOnly, 'Assume only', ['user']),
  criterion(agentBedrockApiKeys, 'No Bedrock key', ['user']),
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
  /** The destructive actions (DESTRUCTIVE_ACTIONS) it is allowed as a direct call, and through an AWS MCP server. */
  destructiveAllowed: { direct: string[]; viaMcp: string[] };
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
    const destructive = destructiveViaMcp(snapshot, principal);
    return {
      arn: entity.arn,
      name: entity.name,
      kind,
      selectedBy,
      ...(entity.permissionsBoundary ? { permissionsBoundary: entity.permissionsBoundary.arn } : {}),
      criteria,
      blastRadius: { write, permissionsManagement, unresolvedPolicies: principalLayers(snapshot, principal).unresolved },
      destructiveAllowed: {
        direct: destructive.filter((v) => v.direct === 'ALLOWED').map((v) => v.action),
        viaMcp: destructive.filter((v) => v.viaMcp === 'ALLOWED').map((v) => v.action),
      },
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
