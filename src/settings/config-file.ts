// Audit settings: defaults, then a config file (YAML or JSON), then command-line flags.
import { FRAMEWORK_IDS } from '../compliance/frameworks.js';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_AGENT_SELECTOR, parseAgentTag, type AgentSelector } from '../agents/select.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, type Severity, type Thresholds } from '../vocabulary.js';
import { InputError } from '../errors.js';
import { parseSuppressionEntries, type SuppressionEntry } from './suppressions.js';
import { firstIssueText } from '../util/zod-issue.js';

const days = z.number().int().min(0);
export const configFileSchema = z
  .object({
    thresholds: z
      .object({
        accessKeyMaxAgeDays: days,
        accessKeyUnusedDays: days,
        passwordUnusedDays: days,
        roleUnusedDays: days,
        rootUsedDays: days,
        passwordMinLength: z.number().int().min(6).max(128),
        passwordReusePrevention: z.number().int().min(1).max(24),
      })
      .partial()
      .strict()
      .optional(),
    failOn: z.enum([...SEVERITIES, 'none']).optional(),
    excludeChecks: z.array(z.string()).optional(),
    /** The compliance view's frameworks, as --framework (default: all shipped). */
    frameworks: z
      .array(z.string().refine((id) => FRAMEWORK_IDS.includes(id), { message: `expected one of ${FRAMEWORK_IDS.join(', ')}` }))
      .min(1)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'a framework is given more than once' })
      .optional(),
    /** Which principals are AI agents: tags as KEY=VALUE, name globs, ARNs. Tags given here replace the default ones. */
    agents: z
      .object({
        tags: z.array(z.string().regex(/^[^=]+=.*$/, 'expected KEY=VALUE')).optional(),
        names: z.array(z.string()).optional(),
        arns: z.array(z.string().startsWith('arn:', 'expected an ARN')).optional(),
        /** Select the roles an agent service (Bedrock, AgentCore) may assume (default true). */
        discovery: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Suppression entries, as in a --suppressions file (validated by src/settings/suppressions.ts, with line numbers). */
    suppressions: z.unknown().optional(),
  })
  .strict();

export type ConfigFile = Omit<z.infer<typeof configFileSchema>, 'suppressions'> & { suppressions?: SuppressionEntry[] };
export type FailOn = Severity | 'none';

export async function loadConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new InputError(`${path}: ${firstIssueText(parsed.error)}`);
  }
  const { suppressions, ...rest } = parsed.data;
  if (suppressions === undefined) return rest;
  return { ...rest, suppressions: parseSuppressionEntries(suppressions, { file: path, text, prefix: ['suppressions'] }) };
}

export function resolveThresholds(file: ConfigFile | undefined, flags: Partial<Thresholds>): Thresholds {
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_THRESHOLDS, ...(file?.thresholds ?? {}), ...defined };
}

/**
 * The agent selector from the config file and flags. Tags given anywhere replace the default tags (Purpose=ai-agent,
 * ai-agent=true); name globs and ARNs add to them.
 */
export function resolveAgentSelector(
  file: ConfigFile | undefined,
  flags: { tags?: string[]; names?: string[]; arns?: string[]; discover?: boolean },
): AgentSelector {
  const tags = [...(file?.agents?.tags ?? []), ...(flags.tags ?? [])];
  return {
    tags: tags.length ? tags.map(parseAgentTag) : DEFAULT_AGENT_SELECTOR.tags,
    names: [...(file?.agents?.names ?? []), ...(flags.names ?? [])],
    arns: [...(file?.agents?.arns ?? []), ...(flags.arns ?? [])],
    // Off when either says so: the flag (--no-agent-discovery) or the file (agents.discovery: false).
    discover: flags.discover !== false && file?.agents?.discovery !== false,
  };
}
