import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/vocabulary.js';
import { ENV_VARIABLES, LambdaConfigError, lambdaAuditSettings, loadLambdaConfig, requireOrgConfig } from '../../../src/entry/lambda/config.js';

const base = { HARDENING_AUDIT_REPORT_BUCKET: 'acme-audit-reports' };

describe('loadLambdaConfig', () => {
  it('applies defaults; empty variables count as unset', () => {
    const c = loadLambdaConfig({ ...base, HARDENING_AUDIT_EMAIL_TO: '', HARDENING_AUDIT_ROLE_UNUSED_DAYS: '  ' });
    expect(c).toMatchObject({
      bucket: 'acme-audit-reports',
      prefix: 'hardening-audit',
      failOn: 'high',
      excludeChecks: [],
      thresholds: DEFAULT_THRESHOLDS,
      trendRuns: 30,
      iamConcurrency: 4,
      credentialReportTimeoutSeconds: 180,
      email: { to: [], when: 'always', attempts: 3, backoffMs: 2000 },
      aws: { maxAttempts: 8 },
    });
  });

  it('parses lists, numbers, booleans and addresses', () => {
    const c = loadLambdaConfig({
      ...base,
      HARDENING_AUDIT_REPORT_PREFIX: '/audits/nightly/',
      HARDENING_AUDIT_EMAIL_TO: 'a@example.com, b@example.com;c@example.com',
      HARDENING_AUDIT_EMAIL_FROM: 'Hardening Audit <audit@example.com>',
      HARDENING_AUDIT_EXCLUDE_CHECKS: 'iam.inline-policy,iam.role.unused',
      HARDENING_AUDIT_ACCESS_KEY_MAX_AGE_DAYS: '60',
      HARDENING_AUDIT_FAIL_ON: 'critical',
      HARDENING_AUDIT_S3_FORCE_PATH_STYLE: 'true',
      HARDENING_AUDIT_SMTP_URL: 'smtps://user:secret@smtp.example.com:465',
    });
    expect(c.prefix).toBe('audits/nightly');
    expect(c.email.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(c.email.from).toBe('Hardening Audit <audit@example.com>');
    expect(c.excludeChecks).toEqual(['iam.inline-policy', 'iam.role.unused']);
    expect(c.thresholds.accessKeyMaxAgeDays).toBe(60);
    expect(c.failOn).toBe('critical');
    expect(c.aws.forcePathStyle).toBe(true);
    expect(c.email.smtpUrl).toBe('smtps://user:secret@smtp.example.com:465');
  });

  it.each([
    [{}, 'HARDENING_AUDIT_REPORT_BUCKET is not set: the S3 bucket for the report archive'],
    [{ HARDENING_AUDIT_REPORT_BUCKET: 'Bad_Bucket' }, /^HARDENING_AUDIT_REPORT_BUCKET: expected an S3 bucket name/],
    [{ ...base, HARDENING_AUDIT_EMAIL_TO: 'a@example.com,not-an-address' }, 'HARDENING_AUDIT_EMAIL_TO (item 2): expected an email address'],
    [{ ...base, HARDENING_AUDIT_EMAIL_TO: 'a@example.com' }, 'HARDENING_AUDIT_EMAIL_FROM is not set: needed to send to HARDENING_AUDIT_EMAIL_TO'],
    [{ ...base, HARDENING_AUDIT_ROOT_USED_DAYS: '30d' }, 'HARDENING_AUDIT_ROOT_USED_DAYS: expected a whole number'],
    [{ ...base, HARDENING_AUDIT_PASSWORD_MIN_LENGTH: '200' }, 'HARDENING_AUDIT_PASSWORD_MIN_LENGTH: expected at most 128'],
    [{ ...base, HARDENING_AUDIT_EMAIL_WHEN: 'sometimes' }, 'HARDENING_AUDIT_EMAIL_WHEN: expected always or changes'],
    [{ ...base, HARDENING_AUDIT_ENDPOINT_URL: 'localhost:4566' }, 'HARDENING_AUDIT_ENDPOINT_URL: expected an http(s) URL'],
  ])('names the variable: %j', (env, message) => {
    expect(() => loadLambdaConfig(env)).toThrow(LambdaConfigError);
    expect(() => loadLambdaConfig(env)).toThrow(message);
  });

  it('agent discovery is on by default and off with HARDENING_AUDIT_AGENT_DISCOVERY=false', () => {
    expect(lambdaAuditSettings(loadLambdaConfig(base), undefined).agents.discover).toBe(true);
    expect(lambdaAuditSettings(loadLambdaConfig({ ...base, HARDENING_AUDIT_AGENT_DISCOVERY: 'false' }), undefined).agents.discover).toBe(false);
    expect(() => loadLambdaConfig({ ...base, HARDENING_AUDIT_AGENT_DISCOVERY: 'maybe' })).toThrow(/AGENT_DISCOVERY/);
  });

  it('never echoes a value (the SMTP URL carries a password)', () => {
    try {
      loadLambdaConfig({ ...base, HARDENING_AUDIT_SMTP_URL: 'http://user:hunter2@smtp.example.com' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('HARDENING_AUDIT_SMTP_URL: expected smtp://user:password@host:port or smtps://…');
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('org mode is off without ORG_ASSUME_ROLE; with it, the org settings are parsed', () => {
    const off = loadLambdaConfig({ ...base, HARDENING_AUDIT_ORG_ACCOUNTS: '111111111111' });
    expect(off.org).toBeUndefined();
    expect(() => requireOrgConfig(off)).toThrow('HARDENING_AUDIT_ORG_ASSUME_ROLE is not set');
    const on = loadLambdaConfig({
      ...base,
      HARDENING_AUDIT_ORG_ASSUME_ROLE: 'audit/HardeningAudit',
      HARDENING_AUDIT_ORG_EXTERNAL_ID: 'a1b2-c3d4',
      HARDENING_AUDIT_ORG_EXCLUDE_ACCOUNTS: '111111111111, 222222222222',
      HARDENING_AUDIT_ORG_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/hardening-audit-org',
    });
    expect(on.org).toEqual({
      assumeRole: 'audit/HardeningAudit',
      externalId: 'a1b2-c3d4',
      excludeAccounts: ['111111111111', '222222222222'],
      productionOus: ['Prod*', '*-prod'],
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/hardening-audit-org',
      deadlineMinutes: 300,
    });
    expect(requireOrgConfig(on, { queue: true }).queueUrl).toContain('sqs.');
    expect(() => requireOrgConfig({ ...on, org: { ...on.org!, queueUrl: undefined } }, { queue: true })).toThrow('HARDENING_AUDIT_ORG_QUEUE_URL is not set');
    expect(() => loadLambdaConfig({ ...base, HARDENING_AUDIT_ORG_ASSUME_ROLE: 'R', HARDENING_AUDIT_ORG_ACCOUNTS: '111111111111', HARDENING_AUDIT_ORG_EXCLUDE_ACCOUNTS: '111111111111' })).toThrow(
      'HARDENING_AUDIT_ORG_ACCOUNTS and HARDENING_AUDIT_ORG_EXCLUDE_ACCOUNTS both list 1 account(s)',
    );
    expect(() => loadLambdaConfig({ ...base, HARDENING_AUDIT_ORG_DEADLINE_MINUTES: '5' })).toThrow('HARDENING_AUDIT_ORG_DEADLINE_MINUTES: expected at least 15');
  });

  it('suppressions: <prefix>/suppressions.yaml by default (optional), or an explicit key (required)', () => {
    expect(loadLambdaConfig({ ...base, HARDENING_AUDIT_REPORT_PREFIX: 'audits/' }).suppressions).toEqual({ key: 'audits/suppressions.yaml', explicit: false });
    expect(loadLambdaConfig({ ...base, HARDENING_AUDIT_REPORT_PREFIX: '/' }).suppressions).toEqual({ key: 'suppressions.yaml', explicit: false });
    expect(loadLambdaConfig({ ...base, HARDENING_AUDIT_SUPPRESSIONS_KEY: 'config/accepted.json' }).suppressions).toEqual({ key: 'config/accepted.json', explicit: true });
    expect(() => loadLambdaConfig({ ...base, HARDENING_AUDIT_SUPPRESSIONS_KEY: '/abs.yaml' })).toThrow('HARDENING_AUDIT_SUPPRESSIONS_KEY: expected an S3 object key');
  });

  it('lists every variable it reads', () => {
    expect(ENV_VARIABLES).toContain('HARDENING_AUDIT_REPORT_BUCKET');
    expect(ENV_VARIABLES.every((v) => v.startsWith('HARDENING_AUDIT_'))).toBe(true);
  });
});
