// `hardening-audit explain`: can this principal do X, and which layer decides? Like
// `aws iam simulate-principal-policy`, but it names the deciding layer (identity policy, boundary, SCP) and statement.
import { statementOf } from '../agents/mcp.js';
import { principalLayers } from '../agents/principal-policies.js';
import { InputError } from '../errors.js';
import type { ActionCatalog } from '../policy/catalog.js';
import { CALLED_VIA_AWS_MCP, conditionUsesMcpKeys, mcpRequestContext, VIA_AWS_MCP_SERVICE, type RequestContext } from '../policy/conditions.js';
import { evaluateRequest, type Evaluation } from '../policy/evaluate.js';
import type { AccountSnapshot, Gap, PolicyDocument } from '../snapshot/snapshot.js';
import { resolveActions, type ResolvedActions } from './action-names.js';
import { describeGap, findPrincipal, gapsOfPrincipal, type FoundPrincipal } from './principal-lookup.js';

export { ExplainIncompleteError, findPrincipal } from './principal-lookup.js';

export interface ExplainRequest {
  /** A user or role ARN, an assumed-role session ARN, or a user/role name. */
  principal: string;
  actions: string[];
  resource?: string;
  context?: RequestContext;
  /** A session policy limiting the principal's session (sts:AssumeRole --policy). */
  sessionPolicy?: PolicyDocument;
  /** The resource's own policy (bucket, key, queue policy...), same account. */
  resourcePolicy?: PolicyDocument;
  /** The IAM action catalogue: unknown actions are refused, wildcards expanded (src/explain/action-names.ts). */
  catalog?: ActionCatalog;
  /** The call comes through this AWS-managed MCP server (its service principal): the MCP keys join the context. */
  viaMcp?: string;
}

export interface ExplainRow extends Evaluation {
  action: string;
  resource: string;
  /** The deciding Deny tests aws:ViaAWSMCPService or aws:CalledViaAWSMCP: it holds only for calls through MCP. */
  mcpKeyedDeny?: true;
}

export interface ExplainResult {
  principal: { arn: string; kind: 'user' | 'role'; name: string };
  /** Attached policies whose documents are not in the snapshot: the answers ignore them. */
  unresolved: string[];
  /** What could not be collected for this principal: the answers may lack its permissions or denies (exit 3). */
  gaps: Gap[];
  /** Wildcard actions given, and how many catalogued actions each was expanded to. */
  expanded: ResolvedActions['expanded'];
  /** The MCP server the call was evaluated as coming through (explain --via-mcp). */
  viaMcp?: string;
  rows: ExplainRow[];
}

/** The request context AWS itself adds for the principal: its account, name and tags. */
function principalContext(snapshot: AccountSnapshot, principal: FoundPrincipal): RequestContext {
  const ctx: RequestContext = { 'aws:PrincipalAccount': [snapshot.accountId], 'aws:PrincipalType': [principal.kind === 'user' ? 'User' : 'AssumedRole'] };
  if (principal.kind === 'user') ctx['aws:username'] = [principal.entity.name];
  for (const [k, v] of Object.entries(principal.entity.tags)) ctx[`aws:PrincipalTag/${k}`] = [v];
  if (snapshot.organization) ctx['aws:PrincipalOrgID'] = [snapshot.organization.id];
  return ctx;
}

/** Not a read: Write, Permissions management or Tagging; an action the catalogue does not know counts as a change. */
function isChange(action: string, catalog: ActionCatalog | undefined): boolean {
  const level = catalog?.accessLevel(action);
  return level !== 'Read' && level !== 'List';
}

export function explain(snapshot: AccountSnapshot, request: ExplainRequest): ExplainResult {
  if (request.actions.length === 0) throw new InputError('give at least one --action SERVICE:Action');
  const bad = request.actions.find((a) => !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(a));
  if (bad) throw new InputError(`--action ${bad}: expected SERVICE:Action, e.g. s3:DeleteBucket`);
  const resolved = request.catalog ? resolveActions(request.actions, request.catalog) : { actions: request.actions, expanded: [] };
  const principal = findPrincipal(snapshot, request.principal);
  const layers = principalLayers(snapshot, principal);
  const context = { ...principalContext(snapshot, principal), ...(request.viaMcp ? mcpRequestContext(request.viaMcp) : {}), ...(request.context ?? {}) };
  const resource = request.resource ?? '*';
  const rows = resolved.actions.map((action): ExplainRow => withMcpMark(layers, {
    action,
    resource,
    ...evaluateRequest({
      principalArn: principal.entity.arn,
      action,
      resource,
      // A change is asked about the customer's resources (AWS refuses it on its own, e.g. AWS managed policies).
      customerResourcesOnly: isChange(action, request.catalog),
      context,
      identity: layers.identity,
      ...(layers.boundary ? { boundary: layers.boundary } : {}),
      ...(layers.scpLevels ? { scpLevels: layers.scpLevels } : {}),
      ...(request.sessionPolicy ? { session: { layer: 'session' as const, name: 'session policy', document: request.sessionPolicy } } : {}),
      ...(request.resourcePolicy ? { resourcePolicy: { layer: 'resource' as const, name: 'resource policy', document: request.resourcePolicy } } : {}),
    }),
  }));
  return {
    principal: { arn: principal.entity.arn, kind: principal.kind, name: principal.entity.name },
    unresolved: layers.unresolved,
    gaps: gapsOfPrincipal(snapshot, principal),
    expanded: resolved.expanded,
    ...(request.viaMcp ? { viaMcp: request.viaMcp } : {}),
    rows,
  };
}

function withMcpMark(layers: ReturnType<typeof principalLayers>, row: ExplainRow): ExplainRow {
  const ref = row.decision === 'EXPLICITLY_DENIED' ? row.statements[0] : undefined;
  return ref && conditionUsesMcpKeys(statementOf(layers, ref, row)?.Condition) ? { ...row, mcpKeyedDeny: true } : row;
}

const DECISION_TEXT = { ALLOWED: 'ALLOWED', IMPLICITLY_DENIED: 'IMPLICITLY DENIED', EXPLICITLY_DENIED: 'EXPLICITLY DENIED' } as const;
const LAYER_TEXT = { scp: 'SCP', boundary: 'permissions boundary', session: 'session policy', identity: 'identity policy', resource: 'resource policy' } as const;

export function renderExplainText(result: ExplainResult): string {
  const lines = [`Principal: ${result.principal.arn}`];
  if (result.unresolved.length) lines.push(`Warning: attached but not in the snapshot, so not evaluated: ${result.unresolved.join(', ')}`);
  for (const g of result.gaps) lines.push(`Warning: incomplete, the answer may lack permissions or denies: ${describeGap(g)}`);
  for (const e of result.expanded) lines.push(`${e.pattern}: ${e.count} action${e.count === 1 ? '' : 's'} in the IAM action catalogue, each evaluated`);
  if (result.viaMcp) lines.push(`Called through the AWS-managed MCP server ${result.viaMcp} (${VIA_AWS_MCP_SERVICE}=true, ${CALLED_VIA_AWS_MCP}=${result.viaMcp})`);
  const r = result.rows.length === 1 ? result.rows[0] : undefined;
  if (r) {
    lines.push(`${DECISION_TEXT[r.decision]}: ${r.action} on ${r.resource}`, `  ${r.explanation}${r.mcpKeyedDeny ? ' (a Deny keyed on the MCP condition keys)' : ''}`);
    for (const l of r.layers) {
      const where = l.level ? ` (${l.level})` : '';
      const refs = l.statements.map((s) => `${s.policy}${s.sid ? `/${s.sid}` : ` #${s.index}`}`).join(', ');
      lines.push(`  ${LAYER_TEXT[l.layer]}${where}: ${l.verdict}${refs ? ` — ${refs}` : ''}`);
      for (const u of l.unmetConditions) lines.push(`    condition not met in ${u.ref.policy}${u.ref.sid ? `/${u.ref.sid}` : ` #${u.ref.index}`}: ${u.failed.operator} ${u.failed.key} ${JSON.stringify(u.failed.values)} (request: ${JSON.stringify(u.failed.actual ?? null)})`);
    }
    return `${lines.join('\n')}\n`;
  }
  const table = result.rows.map((r) => [r.action, DECISION_TEXT[r.decision], `${LAYER_TEXT[r.decidedBy]}${r.decidingLevel ? ` (${r.decidingLevel})` : ''}`, r.statements[0] ? `${r.statements[0].policy}${r.statements[0].sid ? `/${r.statements[0].sid}` : ` #${r.statements[0].index}`}${r.mcpKeyedDeny ? ' (MCP-keyed)' : ''}` : '-']);
  const header = ['ACTION', 'DECISION', 'DECIDED BY', 'STATEMENT'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]?.length ?? 0)));
  for (const row of [header, ...table]) lines.push(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return `${lines.join('\n')}\n`;
}

/** Parses repeated --context key=value (a key given twice becomes a multi-valued key). */
export function parseContextPairs(pairs: string[]): RequestContext {
  const ctx: RequestContext = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new InputError(`--context ${pair}: expected key=value, e.g. aws:MultiFactorAuthPresent=true`);
    const key = pair.slice(0, i);
    (ctx[key] ??= []).push(pair.slice(i + 1));
  }
  return ctx;
}
