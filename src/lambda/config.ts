// The nightly Lambda's settings, from environment variables (serverless.yml sets them from its params), validated
// with zod. Every error names the variable; values are never echoed (HARDENING_AUDIT_SMTP_URL holds a password).
// An empty variable counts as unset, so serverless.yml can pass `${param:x, ''}` for optional settings.
import { z } from 'zod';
import { DEFAULT_MAX_ATTEMPTS } from '../aws/clients.js';
import { DEFAULT_THRESHOLDS, SEVERITIES, type Severity, type Thresholds } from '../checks/types.js';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from '../deliver/email.js';
import { DEFAULT_TREND_RUNS } from '../report/trend.js';

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
  FAIL_ON: { schema: z.enum([...SEVERITIES, 'none'], `expected one of ${[...SEVERITIES, 'none'].join(', ')}`), default: 'high', help: 'severity that makes the run exit code 1' },
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
  MAX_ATTACHMENT_BYTES: { schema: wholeNumber(0, 40 * 1024 * 1024), default: String(DEFAULT_MAX_ATTACHMENT_BYTES), help: 'attachments above this are left out' },
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
  excludeChecks: string[];
  thresholds: Thresholds;
  trendRuns: number;
}

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
      const issue = parsed.error.issues[0];
      const where = issue.path.length ? ` (item ${Number(issue.path[0]) + 1})` : '';
      throw new LambdaConfigError(`${variable}${where}: ${issue.message}`);
    }
    v[name] = parsed.data;
  }
  const to = (v.EMAIL_TO as string[] | undefined) ?? [];
  if (to.length && !v.EMAIL_FROM) throw new LambdaConfigError(`${ENV_PREFIX}EMAIL_FROM is not set: needed to send to ${ENV_PREFIX}EMAIL_TO`);

  const threshold = (name: VarName, key: keyof Thresholds) => (v[name] as number | undefined) ?? DEFAULT_THRESHOLDS[key];
  const str = (name: VarName) => v[name] as string | undefined;
  return {
    bucket: v.REPORT_BUCKET as string,
    prefix: (v.REPORT_PREFIX as string).replace(/^\/+|\/+$/g, ''),
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
    excludeChecks: (v.EXCLUDE_CHECKS as string[] | undefined) ?? [],
    thresholds: {
      accessKeyMaxAgeDays: threshold('ACCESS_KEY_MAX_AGE_DAYS', 'accessKeyMaxAgeDays'),
      accessKeyUnusedDays: threshold('ACCESS_KEY_UNUSED_DAYS', 'accessKeyUnusedDays'),
      passwordUnusedDays: threshold('PASSWORD_UNUSED_DAYS', 'passwordUnusedDays'),
      roleUnusedDays: threshold('ROLE_UNUSED_DAYS', 'roleUnusedDays'),
      rootUsedDays: threshold('ROOT_USED_DAYS', 'rootUsedDays'),
      passwordMinLength: threshold('PASSWORD_MIN_LENGTH', 'passwordMinLength'),
      passwordReusePrevention: threshold('PASSWORD_REUSE_PREVENTION', 'passwordReusePrevention'),
    },
    trendRuns: v.TREND_RUNS as number,
  };
}
