// The nightly Lambda's settings, from environment variables (serverless.yml sets them from its params), validated
// with zod. Every error names the variable; values are never echoed (HARDENING_AUDIT_SMTP_URL holds a password).
// An empty variable counts as unset, so serverless.yml can pass `${param:x, ''}` for optional settings.
import { FRAMEWORK_IDS } from '../../compliance/frameworks.js';
import { z } from 'zod';
import { DEFAULT_MAX_ATTEMPTS } from '../../aws/clients.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, type Severity, type Thresholds } from '../../vocabulary.js';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from '../../deliver/email.js';
import { DEFAULT_PRODUCTION_OUS } from '../../org/scp.js';
import { DEFAULT_HTML_FINDINGS_PER_CHECK } from '../../report/html/html.js';
import { DEFAULT_TREND_RUNS } from '../../report/trend.js';
import { resolveAgentSelector } from '../../settings/config-file.js';
import { auditSettings, checkIds, type AuditSettings } from '../../pipeline/settings.js';
import { DEFAULT_FORMATS, parseFormatList, type ReportFormat } from '../../pipeline/renderers.js';
import type { Suppressions } from '../../settings/suppressions.js';
import { firstIssue } from '../../util/zod-issue.js';

export const ENV_PREFIX = 'HARDENING_AUDIT_';

export class LambdaConfigError extends Error {
  override name = 'LambdaConfigError';
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** `addr@example.com` or `Name <addr@example.com>`. */
const mailbox = z.string().refine((v) => z.email().safeParse(/<([^<>]+)>\s*$/.exec(v)?.[1] ?? v).success, 'expected an email address');
const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((v) => v.split(/[,;\s]+/).filter(Boolean))
    .pipe(z.array(item));

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const smtpUrl = z.string().refine((v) => /^smtps?:\/\/[^\s/]+/.test(v), 'expected smtp://user:password@host:port or smtps://…');
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)');
const prefix = z.string().regex(/^[^\s\\]*$/, 'expected an S3 key prefix without spaces or backslashes');
const objectKey = z.string().regex(/^[^\s\\/][^\s\\]*$/, 'expected an S3 object key (no leading slash, no spaces or backslashes)');
const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit account id');
const roleName = z.string().regex(/^[\w+=,.@/-]{1,512}$/, 'expected an IAM role name (optionally with a path), e.g. HardeningAudit');
// sts:AssumeRole's ExternalId: 2-1224 characters of [\w+=,.@:/-].
const externalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2-1224 characters of letters, digits and +=,.@:/-');
const ouGlob = z.string().regex(/^[^,;\s]+$/, 'expected an OU name glob');

// The archive's history (the diff, the trend) and the org worker read report.json: it is always written.
const formats = z.string().transform((v, ctx) => {
  try {
    const list = parseFormatList(v);
    if (!list.includes('json')) ctx.addIssue({ code: 'custom', message: 'expected json among the formats (the archive reads report.json for the diff and the trend)' });
    return list;
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/\.$/, '') });
    return z.NEVER;
  }
});

/** Variable (without the prefix) -> schema. Optional ones may be absent or empty. */
const VARIABLES = {
  REPORT_BUCKET: { schema: bucketName, required: true, help: 'the S3 bucket for the report archive' },
  REPORT_PREFIX: { schema: prefix, default: 'hardening-audit', help: 'key prefix in the bucket' },
  EMAIL_TO: { schema: list(mailbox), help: 'recipients, comma-separated; unset: no email' },
  EMAIL_FROM: { schema: mailbox, help: 'sender (an SES verified identity)' },
  EMAIL_WHEN: { schema: z.enum(['always', 'changes'], 'expected always or changes'), default: 'always', help: 'mail every run, or only when findings are new or resolved' },
  SMTP_URL: { schema: smtpUrl, help: 'send through SMTP instead of SES' },
  SES_REGION: { schema: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region, e.g. eu-west-1'), help: 'SES region' },
  SES_ENDPOINT_URL: { schema: url, help: 'SES endpoint override (tests)' },
  ENDPOINT_URL: { schema: url, help: 'endpoint override for IAM, STS and S3 (tests, emulators)' },
  S3_FORCE_PATH_STYLE: { schema: bool, help: 'path-style S3 URLs (default: on with ENDPOINT_URL)' },
  REGION: { schema: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region, e.g. eu-west-1'), help: 'region for the clients (default AWS_REGION)' },
  FORMATS: { schema: formats, default: DEFAULT_FORMATS.join(','), help: 'report formats archived per run, comma-separated (json required)' },
  FAIL_ON: { schema: z.enum([...SEVERITIES, 'none'], `expected one of ${[...SEVERITIES, 'none'].join(', ')}`), default: 'high', help: 'severity that makes the run exit code 1' },
  FRAMEWORKS: {
    schema: list(z.string().refine((id) => FRAMEWORK_IDS.includes(id), { message: `expected ${FRAMEWORK_IDS.join(', ')}` })),
    help: `compliance view: framework ids, comma-separated (${FRAMEWORK_IDS.join(', ')}); default all`,
  },
  EXCLUDE_CHECKS: { schema: list(z.string().regex(/^[a-z0-9.-]+$/, 'expected check ids like iam.inline-policy')), help: 'check ids to skip, comma-separated' },
  ACCESS_KEY_MAX_AGE_DAYS: { schema: wholeNumber(0, 3650), help: 'thresholds' },
  ACCESS_KEY_UNUSED_DAYS: { schema: wholeNumber(0, 3650), help: 'thresholds' },
  PASSWORD_UNUSED_DAYS: { schema: wholeNumber(0, 3650), help: 'thresholds' },
  ROLE_UNUSED_DAYS: { schema: wholeNumber(0, 3650), help: 'thresholds' },
  ROOT_USED_DAYS: { schema: wholeNumber(0, 3650), help: 'thresholds' },
  PASSWORD_MIN_LENGTH: { schema: wholeNumber(6, 128), help: 'thresholds' },
  PASSWORD_REUSE_PREVENTION: { schema: wholeNumber(1, 24), help: 'thresholds' },
  MAX_ATTEMPTS: { schema: wholeNumber(1, 20), default: String(DEFAULT_MAX_ATTEMPTS), help: 'attempts per AWS call' },
  IAM_CONCURRENCY: { schema: wholeNumber(1, 32), default: '4', help: 'concurrent IAM requests' },
  CREDENTIAL_REPORT_TIMEOUT: { schema: wholeNumber(1, 900), default: '180', help: 'seconds to wait for the credential report' },
  EMAIL_ATTEMPTS: { schema: wholeNumber(1, 10), default: '3', help: 'send attempts' },
  EMAIL_BACKOFF_MS: { schema: wholeNumber(0, 60_000), default: '2000', help: 'delay before the 2nd send attempt, doubling' },
  TREND_RUNS: { schema: wholeNumber(1, 366), default: String(DEFAULT_TREND_RUNS), help: 'runs in the trend chart' },
  HTML_FINDINGS_PER_CHECK: { schema: wholeNumber(0, 1_000_000), default: String(DEFAULT_HTML_FINDINGS_PER_CHECK), help: 'findings the HTML report lists per check; 0: all' },
  MAX_ATTACHMENT_BYTES: { schema: wholeNumber(0, 40 * 1024 * 1024), default: String(DEFAULT_MAX_ATTACHMENT_BYTES), help: 'attachments above this are left out' },
  AGENT_TAGS: { schema: list(z.string().regex(/^[^=]+=.*$/, 'expected KEY=VALUE, e.g. Purpose=ai-agent')), help: 'principals with these tags are AI agents (replaces the default Purpose=ai-agent, ai-agent=true)' },
  AGENT_NAMES: { schema: list(z.string().min(1)), help: 'user and role name globs of AI agents' },
  AGENT_ARNS: { schema: list(z.string().startsWith('arn:', 'expected an ARN')), help: 'ARNs of AI agent users and roles' },
  AGENT_DISCOVERY: { schema: bool, default: 'true', help: 'also select the roles Bedrock or Bedrock AgentCore may assume as AI agents' },
  SUPPRESSIONS_KEY: { schema: objectKey, help: 'S3 key of the suppressions file in the report bucket (default <prefix>/suppressions.yaml, optional there)' },
  // Org mode (src/entry/lambda/org-*.ts): on when ORG_ASSUME_ROLE is set.
  ORG_ASSUME_ROLE: { schema: roleName, help: 'org mode: the read-only audit role in every member account' },
  ORG_EXTERNAL_ID: { schema: externalId, help: 'org mode: the ExternalId the member roles require' },
  ORG_ACCOUNTS: { schema: list(accountId), help: 'org mode: only these account ids' },
  ORG_EXCLUDE_ACCOUNTS: { schema: list(accountId), help: 'org mode: skip these account ids' },
  ORG_PRODUCTION_OUS: { schema: list(ouGlob), help: 'org mode: OU name globs of production accounts' },
  ORG_QUEUE_URL: { schema: url, help: 'org mode: the SQS queue the scheduler sends one message per account to' },
  ORG_DEADLINE_MINUTES: { schema: wholeNumber(15, 2880), default: '300', help: 'org mode: minutes after the scheduler started when the sweep reports missing accounts as failed' },
} as const;

type VarName = keyof typeof VARIABLES;
export const ENV_VARIABLES = Object.keys(VARIABLES).map((k) => ENV_PREFIX + k);

export interface LambdaConfig {
  bucket: string;
  prefix: string;
  email: {
    to: string[];
    from?: string;
    when: 'always' | 'changes';
    smtpUrl?: string;
    sesRegion?: string;
    sesEndpointUrl?: string;
    attempts: number;
    backoffMs: number;
    maxAttachmentBytes: number;
  };
  aws: { region?: string; endpointUrl?: string; forcePathStyle?: boolean; maxAttempts: number };
  iamConcurrency: number;
  credentialReportTimeoutSeconds: number;
  failOn: Severity | 'none';
  /** Report formats archived per account run (json always among them). */
  formats: ReportFormat[];
  excludeChecks: string[];
  /** The compliance view's frameworks; absent: all shipped. */
  frameworks?: string[];
  thresholds: Thresholds;
  /** Which principals are AI agents, as the CLI's --agent-tag / --agent-name / --agent-arn. */
  agents: { tags: string[]; names: string[]; arns: string[]; discover: boolean };
  trendRuns: number;
  /** Findings the HTML reports list per check (src/report/html/html.ts); 0: all. */
  htmlFindingsPerCheck: number;
  /** Where the suppressions file is; `explicit`: set by HARDENING_AUDIT_SUPPRESSIONS_KEY, so it must exist. */
  suppressions: { key: string; explicit: boolean };
  /** Org mode settings; absent unless HARDENING_AUDIT_ORG_ASSUME_ROLE is set. */
  org?: OrgLambdaConfig;
}

export interface OrgLambdaConfig {
  assumeRole: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  productionOus: string[];
  queueUrl?: string;
  deadlineMinutes: number;
}

/** The org settings, or a LambdaConfigError naming what an org handler is missing. */
export function requireOrgConfig(config: LambdaConfig, needs: { queue?: boolean } = {}): OrgLambdaConfig {
  if (!config.org) throw new LambdaConfigError(`${ENV_PREFIX}ORG_ASSUME_ROLE is not set: org mode needs the name of the read-only audit role in the member accounts`);
  if (needs.queue && !config.org.queueUrl) throw new LambdaConfigError(`${ENV_PREFIX}ORG_QUEUE_URL is not set: the org scheduler needs the URL of the SQS queue of the workers`);
  return config.org;
}

export const DEFAULT_SUPPRESSIONS_FILE = 'suppressions.yaml';

export function loadLambdaConfig(env: Record<string, string | undefined> = process.env): LambdaConfig {
  const v: Partial<Record<VarName, unknown>> = {};
  for (const [name, spec] of Object.entries(VARIABLES) as Array<[VarName, (typeof VARIABLES)[VarName]]>) {
    const variable = ENV_PREFIX + name;
    const raw = env[variable]?.trim();
    const value = raw === undefined || raw === '' ? ('default' in spec ? spec.default : undefined) : raw;
    if (value === undefined) {
      if ('required' in spec && spec.required) throw new LambdaConfigError(`${variable} is not set: ${spec.help}`);
      continue;
    }
    const parsed = (spec.schema as z.ZodType).safeParse(value);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      const where = issue.path.length ? ` (item ${Number(issue.path[0]) + 1})` : '';
      throw new LambdaConfigError(`${variable}${where}: ${issue.message}`);
    }
    v[name] = parsed.data;
  }
  const to = (v.EMAIL_TO as string[] | undefined) ?? [];
  if (to.length && !v.EMAIL_FROM) throw new LambdaConfigError(`${ENV_PREFIX}EMAIL_FROM is not set: needed to send to ${ENV_PREFIX}EMAIL_TO`);

  const overlap = ((v.ORG_ACCOUNTS as string[] | undefined) ?? []).filter((id) => ((v.ORG_EXCLUDE_ACCOUNTS as string[] | undefined) ?? []).includes(id));
  if (overlap.length) throw new LambdaConfigError(`${ENV_PREFIX}ORG_ACCOUNTS and ${ENV_PREFIX}ORG_EXCLUDE_ACCOUNTS both list ${overlap.length} account(s)`);

  const threshold = (name: VarName, key: keyof Thresholds) => (v[name] as number | undefined) ?? DEFAULT_THRESHOLDS[key];
  const str = (name: VarName) => v[name] as string | undefined;
  const cleanPrefix = (v.REPORT_PREFIX as string).replace(/^\/+|\/+$/g, '');
  const strings = (name: VarName) => v[name] as string[] | undefined;
  return {
    bucket: v.REPORT_BUCKET as string,
    prefix: cleanPrefix,
    email: {
      to,
      from: str('EMAIL_FROM'),
      when: v.EMAIL_WHEN as 'always' | 'changes',
      smtpUrl: str('SMTP_URL'),
      sesRegion: str('SES_REGION'),
      sesEndpointUrl: str('SES_ENDPOINT_URL'),
      attempts: v.EMAIL_ATTEMPTS as number,
      backoffMs: v.EMAIL_BACKOFF_MS as number,
      maxAttachmentBytes: v.MAX_ATTACHMENT_BYTES as number,
    },
    aws: {
      region: str('REGION'),
      endpointUrl: str('ENDPOINT_URL'),
      forcePathStyle: v.S3_FORCE_PATH_STYLE as boolean | undefined,
      maxAttempts: v.MAX_ATTEMPTS as number,
    },
    iamConcurrency: v.IAM_CONCURRENCY as number,
    credentialReportTimeoutSeconds: v.CREDENTIAL_REPORT_TIMEOUT as number,
    failOn: v.FAIL_ON as Severity | 'none',
    formats: v.FORMATS as ReportFormat[],
    excludeChecks: (v.EXCLUDE_CHECKS as string[] | undefined) ?? [],
    ...(strings('FRAMEWORKS')?.length ? { frameworks: strings('FRAMEWORKS') } : {}),
    thresholds: {
      accessKeyMaxAgeDays: threshold('ACCESS_KEY_MAX_AGE_DAYS', 'accessKeyMaxAgeDays'),
      accessKeyUnusedDays: threshold('ACCESS_KEY_UNUSED_DAYS', 'accessKeyUnusedDays'),
      passwordUnusedDays: threshold('PASSWORD_UNUSED_DAYS', 'passwordUnusedDays'),
      roleUnusedDays: threshold('ROLE_UNUSED_DAYS', 'roleUnusedDays'),
      rootUsedDays: threshold('ROOT_USED_DAYS', 'rootUsedDays'),
      passwordMinLength: threshold('PASSWORD_MIN_LENGTH', 'passwordMinLength'),
      passwordReusePrevention: threshold('PASSWORD_REUSE_PREVENTION', 'passwordReusePrevention'),
    },
    agents: { tags: strings('AGENT_TAGS') ?? [], names: strings('AGENT_NAMES') ?? [], arns: strings('AGENT_ARNS') ?? [], discover: v.AGENT_DISCOVERY as boolean },
    trendRuns: v.TREND_RUNS as number,
    htmlFindingsPerCheck: v.HTML_FINDINGS_PER_CHECK as number,
    suppressions: str('SUPPRESSIONS_KEY')
      ? { key: str('SUPPRESSIONS_KEY') as string, explicit: true }
      : { key: `${cleanPrefix ? `${cleanPrefix}/` : ''}${DEFAULT_SUPPRESSIONS_FILE}`, explicit: false },
    ...(str('ORG_ASSUME_ROLE')
      ? {
          org: {
            assumeRole: str('ORG_ASSUME_ROLE') as string,
            ...(str('ORG_EXTERNAL_ID') ? { externalId: str('ORG_EXTERNAL_ID') } : {}),
            ...(strings('ORG_ACCOUNTS')?.length ? { accounts: strings('ORG_ACCOUNTS') } : {}),
            ...(strings('ORG_EXCLUDE_ACCOUNTS')?.length ? { excludeAccounts: strings('ORG_EXCLUDE_ACCOUNTS') } : {}),
            productionOus: strings('ORG_PRODUCTION_OUS')?.length ? (strings('ORG_PRODUCTION_OUS') as string[]) : [...DEFAULT_PRODUCTION_OUS],
            ...(str('ORG_QUEUE_URL') ? { queueUrl: str('ORG_QUEUE_URL') } : {}),
            deadlineMinutes: v.ORG_DEADLINE_MINUTES as number,
          },
        }
      : {}),
  };
}

/** The pipeline's settings from the Lambda's: the same defaults, known accounts and agent selector as the CLI. */
export function lambdaAuditSettings(config: LambdaConfig, suppressions: Suppressions | undefined, productionOus?: readonly string[]): AuditSettings {
  try {
    checkIds(config.excludeChecks, `${ENV_PREFIX}EXCLUDE_CHECKS`);
  } catch (e) {
    throw new LambdaConfigError((e as Error).message);
  }
  return auditSettings({
    thresholds: config.thresholds,
    failOn: config.failOn,
    formats: config.formats,
    excludeChecks: config.excludeChecks,
    suppressions,
    agents: resolveAgentSelector(undefined, config.agents),
    productionOus: productionOus ?? config.org?.productionOus,
    render: { htmlFindingsPerCheck: config.htmlFindingsPerCheck },
    trendRuns: config.trendRuns,
    frameworks: config.frameworks,
  });
}
