// Lints the AWS config and credentials files (and environment) that an AI agent process would see. It reads the
// files with the SDK's own parser, so profiles mean exactly what they mean to the agent's SDK, and it reports
// profile names and key-id prefixes only — never a secret, a session token or a whole access key id.
import { loadSharedConfigFiles } from '@smithy/core/config';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Severity } from '../vocabulary.js';
import { InputError } from '../errors.js';
import { wildcardRegExp } from '../policy/catalog.js';

export interface AgentEnvFinding {
  id: string;
  severity: Severity;
  /** Profile name, or "environment" for variables the process inherits. */
  profile: string;
  /** Which file (or "environment") the finding comes from. */
  source: string;
  message: string;
}

export interface AgentEnvResult {
  configFile: string;
  credentialsFile: string;
  /** The default files that were looked for but do not exist: nothing was read from them. */
  missingFiles: string[];
  profiles: string[];
  findings: AgentEnvFinding[];
}

export interface AgentEnvOptions {
  configFile?: string;
  credentialsFile?: string;
  /** Globs of the profiles an agent is expected to have; anything else is reported. */
  expectedProfiles?: string[];
  /** The environment the agent runs with (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Longest acceptable assumed-role session, seconds. */
  maxSessionSeconds?: number;
}

type Profile = Record<string, string | undefined>;

/** "AKIA…" — enough to tell a long-lived key (AKIA) from a temporary one (ASIA), nothing more. */
const keyKind = (id: string | undefined) => (id ? `${id.slice(0, 4)}…` : 'unknown');

/**
 * What the key id itself says: AKIA… is an IAM user's long-lived key, ASIA… a temporary (STS) one, whatever sits
 * beside it — a session token does not make an AKIA key temporary. Another prefix (an AWS-compatible store's keys)
 * says nothing, so the presence of a session token decides, as before.
 */
function keyLifetime(id: string, sessionToken: string | undefined): 'long-lived' | 'temporary' {
  if (/^AKIA/.test(id)) return 'long-lived';
  if (/^ASIA/.test(id)) return 'temporary';
  return sessionToken ? 'temporary' : 'long-lived';
}
const isLongLived = (p: Profile) => Boolean(p.aws_access_key_id) && keyLifetime(p.aws_access_key_id as string, p.aws_session_token) === 'long-lived';
/** A session token beside a long-lived key belongs to no session of that key: say so, it changes nothing. */
const strayToken = (id: string, token: string | undefined, name: string) =>
  token && /^AKIA/.test(id) ? `; the ${name} beside it does not make it temporary (only ASIA… keys are temporary credentials) and belongs to no session of this key` : '';

export async function checkAgentEnv(options: AgentEnvOptions = {}): Promise<AgentEnvResult> {
  const env = options.env ?? process.env;
  const configFile = options.configFile ?? env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  const credentialsFile = options.credentialsFile ?? env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  // An explicitly named file must exist; the default locations may legitimately be absent.
  if (options.configFile && !existsSync(options.configFile)) throw new InputError(`${options.configFile}: no such AWS config file`);
  if (options.credentialsFile && !existsSync(options.credentialsFile)) throw new InputError(`${options.credentialsFile}: no such AWS credentials file`);

  const missingFiles = [configFile, credentialsFile].filter((f) => !existsSync(f));
  const files = await loadSharedConfigFiles({ filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
  const config = Object.fromEntries(Object.entries(files.configFile).filter(([name]) => !name.includes('.'))) as Record<string, Profile>;
  const credentials = files.credentialsFile as Record<string, Profile>;
  const names = [...new Set([...Object.keys(config), ...Object.keys(credentials)])].sort();
  const merged = (name: string): Profile => ({ ...(config[name] ?? {}), ...(credentials[name] ?? {}) });
  const sourceOf = (name: string) => (credentials[name]?.aws_access_key_id ? credentialsFile : configFile);
  const findings: AgentEnvFinding[] = [];
  const add = (f: AgentEnvFinding) => findings.push(f);
  const maxSession = options.maxSessionSeconds ?? 3600;

  for (const name of names) {
    const p = merged(name);
    if (p.aws_access_key_id) {
      const stray = strayToken(p.aws_access_key_id, p.aws_session_token, 'aws_session_token');
      const tokenless = p.aws_session_token ? '' : '; it has no aws_session_token, without which AWS rejects a temporary key';
      add(
        isLongLived(p)
          ? { id: 'agent-env.static-keys', severity: 'high', profile: name, source: sourceOf(name), message: `long-lived access key (${keyKind(p.aws_access_key_id)}) stored in the file${stray}: give the agent an assumed role or SSO instead` }
          : { id: 'agent-env.stored-session', severity: 'low', profile: name, source: sourceOf(name), message: `temporary session credentials (${keyKind(p.aws_access_key_id)}) stored in the file${tokenless}: they expire, and whoever refreshes them holds the long-lived secret` },
      );
    }
    const chain = staticSourceChain(name, merged);
    if (p.role_arn && chain) {
      add({ id: 'agent-env.chains-to-static-keys', severity: 'high', profile: name, source: configFile, message: `assumes ${p.role_arn} with credentials from ${chain.join(' -> ')}, which holds a long-lived access key` });
    }
    if (p.credential_process) {
      add({ id: 'agent-env.credential-process', severity: 'medium', profile: name, source: configFile, message: 'credentials come from an external command (credential_process): make sure it returns short-lived credentials and cannot be changed by the agent' });
    }
    const duration = Number(p.duration_seconds);
    if (p.role_arn && Number.isFinite(duration) && duration > maxSession) {
      add({ id: 'agent-env.long-session', severity: 'medium', profile: name, source: configFile, message: `asks for ${duration}-second role sessions (more than ${maxSession}): keep agent sessions short` });
    }
    if (!p.region && !env.AWS_REGION && !env.AWS_DEFAULT_REGION) {
      add({ id: 'agent-env.missing-region', severity: 'low', profile: name, source: configFile, message: 'no region: the agent will guess one or fail; set region so its calls land where you expect' });
    }
    if (options.expectedProfiles?.length && !options.expectedProfiles.some((g) => wildcardRegExp(g).test(name))) {
      add({ id: 'agent-env.unexpected-profile', severity: 'medium', profile: name, source: sourceOf(name), message: `not one of the expected agent profiles (${options.expectedProfiles.join(', ')}): the agent can use it` });
    }
  }

  if (env.AWS_ACCESS_KEY_ID) {
    const id = env.AWS_ACCESS_KEY_ID;
    const token = env.AWS_SESSION_TOKEN || undefined;
    const temporary = keyLifetime(id, token) === 'temporary';
    add({
      id: temporary ? 'agent-env.env-session' : 'agent-env.env-static-keys',
      severity: temporary ? (token ? 'info' : 'low') : 'high',
      profile: 'environment',
      source: 'environment',
      message: temporary
        ? token
          ? `AWS_ACCESS_KEY_ID (${keyKind(id)}) with a session token: temporary credentials in the environment`
          : `AWS_ACCESS_KEY_ID (${keyKind(id)}) is a temporary key without AWS_SESSION_TOKEN: AWS rejects it, the agent's calls will fail`
        : `AWS_ACCESS_KEY_ID (${keyKind(id)}) ${token ? `is a long-lived key${strayToken(id, token, 'AWS_SESSION_TOKEN')}` : 'without a session token: a long-lived key'} in the agent's environment`,
    });
  }
  if (env.AWS_PROFILE && !names.includes(env.AWS_PROFILE)) {
    add({ id: 'agent-env.unknown-profile', severity: 'low', profile: env.AWS_PROFILE, source: 'environment', message: 'AWS_PROFILE names a profile that is in neither file' });
  }
  return { configFile, credentialsFile, missingFiles, profiles: names, findings };
}

/** The source_profile chain of a profile down to one with a long-lived key, or undefined. */
function staticSourceChain(name: string, merged: (n: string) => Profile): string[] | undefined {
  const seen = new Set<string>([name]);
  let current = merged(name).source_profile;
  const chain: string[] = [];
  while (current && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    const p = merged(current);
    if (isLongLived(p)) return chain;
    current = p.source_profile;
  }
  return undefined;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function renderAgentEnvText(result: AgentEnvResult): string {
  const missing = (f: string) => (result.missingFiles.includes(f) ? ' (not found: nothing read)' : '');
  const lines = [`AWS config: ${result.configFile}${missing(result.configFile)}`, `AWS credentials: ${result.credentialsFile}${missing(result.credentialsFile)}`, `Profiles: ${result.profiles.join(', ') || '(none)'}`];
  const sorted = [...result.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.profile < b.profile ? -1 : 1));
  const nothingRead = result.missingFiles.length === 2 && !result.findings.some((f) => f.source === 'environment');
  if (nothingRead) lines.push(`Nothing was read: looked for ${result.configFile} and ${result.credentialsFile}, neither exists, and the environment has no AWS keys. No findings, because there was nothing to check (give --config / --credentials to check other files).`);
  else if (!sorted.length) lines.push('No findings.');
  for (const f of sorted) lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.profile.padEnd(20)} ${f.id}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
