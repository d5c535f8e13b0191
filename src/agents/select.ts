// Which principals are AI agents is configuration: tags, name globs, explicit ARNs. Principals whose names merely
// look like agents are candidates, listed at info severity, never silently judged as agents.
import { wildcardRegExp } from '../policy/catalog.js';
import type { AccountSnapshot, IamRole, IamUser } from '../snapshot/snapshot.js';

export interface AgentSelector {
  /** A principal carrying any of these tags (key exact, value case-insensitive) is an agent. */
  tags: { key: string; value: string }[];
  /** Name globs (`*`, `?`), matched against user and role names. */
  names: string[];
  /** Exact ARNs. */
  arns: string[];
  /**
   * Also select, without configuration, the roles AWS runs agents as: those whose trust policy lets an agent service
   * assume them (AGENT_SERVICES), and the IAM users holding an active Bedrock API key. Default on;
   * --no-agent-discovery turns it off.
   */
  discover?: boolean;
}

/** Service principals that run AI agents with the role they assume: Bedrock Agents, Bedrock AgentCore. */
export const AGENT_SERVICES = ['bedrock.amazonaws.com', 'bedrock-agentcore.amazonaws.com'] as const;

export const DEFAULT_AGENT_SELECTOR: AgentSelector = {
  tags: [
    { key: 'Purpose', value: 'ai-agent' },
    { key: 'ai-agent', value: 'true' },
  ],
  names: [],
  arns: [],
  discover: true,
};

/** Names that suggest an agent: reported as candidates when not selected. */
export const AGENT_NAME_HINT = /agent|kiro|copilot|\bbot\b|[-_]bot|bot[-_]|llm|gpt|claude|cursor|codex|devin|aider|gemini|mcp|amazon-?q\b|q-?developer|windsurf|cline/i;

export type AgentPrincipal =
  | { kind: 'user'; entity: IamUser; selectedBy: string }
  | { kind: 'role'; entity: IamRole; selectedBy: string };

function selectedBy(entity: IamUser | IamRole, selector: AgentSelector, keyHolders: ReadonlySet<string>): string | undefined {
  if (selector.arns.includes(entity.arn)) return `ARN ${entity.arn}`;
  for (const t of selector.tags) {
    const value = entity.tags[t.key];
    if (value !== undefined && value.toLowerCase() === t.value.toLowerCase()) return `tag ${t.key}=${value}`;
  }
  const glob = selector.names.find((g) => wildcardRegExp(g).test(entity.name));
  if (glob) return `name matches ${glob}`;
  if (selector.discover !== false && 'assumeRolePolicy' in entity) {
    const service = agentServiceTrusted(entity);
    if (service) return `trust admits ${service}`;
  }
  if (selector.discover !== false && !('assumeRolePolicy' in entity) && keyHolders.has(entity.name)) return 'Bedrock API key';
  return undefined;
}

/** Names of the users with an active Bedrock API key. */
function bedrockKeyHolders(snapshot: AccountSnapshot): Set<string> {
  return new Set((snapshot.bedrockApiKeys ?? []).filter((k) => k.status === 'Active').map((k) => k.userName));
}

/** The agent service an Allow of the role's trust policy names (Principal.Service), if any. */
function agentServiceTrusted(role: IamRole): string | undefined {
  for (const st of role.assumeRolePolicy.Statement) {
    if (st.Effect !== 'Allow') continue;
    const services = st.Principal?.Service ?? [];
    const found = AGENT_SERVICES.find((svc) => services.includes(svc));
    if (found) return found;
  }
  return undefined;
}

const isServiceLinked = (entity: IamUser | IamRole) => entity.path.startsWith('/aws-service-role/');

export function selectAgents(snapshot: AccountSnapshot, selector: AgentSelector = DEFAULT_AGENT_SELECTOR): AgentPrincipal[] {
  const out: AgentPrincipal[] = [];
  const keyHolders = bedrockKeyHolders(snapshot);
  for (const entity of snapshot.users) {
    const by = selectedBy(entity, selector, keyHolders);
    if (by) out.push({ kind: 'user', entity, selectedBy: by });
  }
  for (const entity of snapshot.roles) {
    const by = isServiceLinked(entity) ? undefined : selectedBy(entity, selector, keyHolders);
    if (by) out.push({ kind: 'role', entity, selectedBy: by });
  }
  return out;
}

/** Users and roles whose names look like agents but that no selector picks. */
export function agentCandidates(snapshot: AccountSnapshot, selector: AgentSelector = DEFAULT_AGENT_SELECTOR): (IamUser | IamRole)[] {
  const keyHolders = bedrockKeyHolders(snapshot);
  return [...snapshot.users, ...snapshot.roles].filter(
    (e) => !isServiceLinked(e) && AGENT_NAME_HINT.test(e.name) && !selectedBy(e, selector, keyHolders),
  );
}

/** Parses "Key=Value" as given on the command line. */
export function parseAgentTag(text: string): { key: string; value: string } {
  const i = text.indexOf('=');
  if (i <= 0) throw new Error(`expected KEY=VALUE, got "${text}"`);
  return { key: text.slice(0, i), value: text.slice(i + 1) };
}
