// The destructive set judged twice for one agent: as a direct call, and as a call forwarded by an AWS-managed MCP
// server (the MCP keys in the request context), so a Deny keyed on aws:ViaAWSMCPService / aws:CalledViaAWSMCP counts
// exactly where AWS applies it. And the statements that still deny aws-mcp:* actions, which AWS no longer enforces.
import { AWS_MCP_SERVER, conditionUsesMcpKeys, mcpRequestContext } from '../policy/conditions.js';
import { describe, type Decision, type Evaluation, type Layer, type PolicySource, type StatementRef } from '../policy/evaluate.js';
import type { Principal } from '../policy/reachable.js';
import type { AccountSnapshot, PolicyStatement } from '../snapshot/snapshot.js';
import { DESTRUCTIVE_ACTIONS } from './destructive-actions.js';
import { evaluateForPrincipal, principalLayers, type PrincipalLayers } from './principal-policies.js';

export interface McpActionVerdict {
  action: string;
  direct: Decision;
  viaMcp: Decision;
  /** How the MCP-forwarded call is decided: the layer (and SCP level), and the deciding statement in words. */
  decidedBy: Layer;
  decidingLevel?: string;
  by: string;
  /** The deciding Deny tests an MCP key: the guardrail that holds only for calls through an MCP server. */
  mcpKeyedDeny: boolean;
}

/** A Deny of aws-mcp:* actions: AWS documents that these actions no longer have any effect. */
export interface RetiredMcpDeny {
  layer: Layer;
  level?: string;
  policy: string;
  via?: string;
  sid?: string;
  index: number;
  actions: string[];
}

const RETIRED_PREFIX = 'aws-mcp:';

export function destructiveViaMcp(snapshot: AccountSnapshot, principal: Principal, server: string = AWS_MCP_SERVER): McpActionVerdict[] {
  const context = mcpRequestContext(server);
  const layers = principalLayers(snapshot, principal);
  return DESTRUCTIVE_ACTIONS.map((action) => {
    const direct = evaluateForPrincipal(snapshot, principal, action).decision;
    const viaMcp = evaluateForPrincipal(snapshot, principal, action, { context });
    const ref = viaMcp.decision === 'EXPLICITLY_DENIED' ? viaMcp.statements[0] : undefined;
    return {
      action,
      direct,
      viaMcp: viaMcp.decision,
      decidedBy: viaMcp.decidedBy,
      ...(viaMcp.decidingLevel ? { decidingLevel: viaMcp.decidingLevel } : {}),
      by: viaMcp.explanation,
      mcpKeyedDeny: ref !== undefined && conditionUsesMcpKeys(statementOf(layers, ref, viaMcp)?.Condition),
    };
  });
}

/** Every Deny statement of the principal's layers that names an aws-mcp: action (NotAction is not a reliance on one). */
export function retiredMcpDenies(snapshot: AccountSnapshot, principal: Principal): RetiredMcpDeny[] {
  const out: RetiredMcpDeny[] = [];
  const scan = (source: PolicySource, level?: string) =>
    source.document.Statement.forEach((st, index) => {
      const actions = (st.Action ?? []).filter((a) => a.toLowerCase().startsWith(RETIRED_PREFIX));
      if (st.Effect !== 'Deny' || actions.length === 0) return;
      out.push({ layer: source.layer, ...(level ? { level } : {}), policy: source.name, ...(source.via ? { via: source.via } : {}), ...(st.Sid ? { sid: st.Sid } : {}), index, actions });
    });
  const layers = principalLayers(snapshot, principal);
  for (const level of layers.scpLevels ?? []) for (const p of level.policies) scan(p, level.level);
  if (layers.boundary) scan(layers.boundary);
  for (const p of layers.identity) scan(p);
  return out;
}

export function describeRetired(d: RetiredMcpDeny): string {
  const ref: StatementRef = { layer: d.layer, policy: d.policy, ...(d.via ? { via: d.via } : {}), ...(d.sid ? { sid: d.sid } : {}), index: d.index, effect: 'Deny' };
  return `${describe(ref)} denies ${d.actions.join(', ')}`;
}

/** The statement a StatementRef of an evaluation points at, found in the layers the evaluation was given. */
export function statementOf(layers: PrincipalLayers, ref: StatementRef, evaluation?: Pick<Evaluation, 'decidingLevel'>): PolicyStatement | undefined {
  const sources: PolicySource[] =
    ref.layer === 'scp'
      ? (layers.scpLevels ?? []).filter((l) => !evaluation?.decidingLevel || l.level === evaluation.decidingLevel).flatMap((l) => l.policies)
      : ref.layer === 'boundary'
        ? layers.boundary ? [layers.boundary] : []
        : ref.layer === 'identity'
          ? layers.identity
          : [];
  const source = sources.find((s) => s.name === ref.policy && s.via === ref.via);
  return source?.document.Statement[ref.index];
}
