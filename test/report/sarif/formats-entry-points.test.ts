// The finding formats through the entry points: the CLI writes them, the Lambda settings accept them, org mode refuses them.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/entry/cli/main.js';
import { LambdaConfigError, lambdaAuditSettings, loadLambdaConfig } from '../../../src/entry/lambda/config.js';
import { InputError } from '../../../src/errors.js';
import { ACCOUNT_RENDERERS, checkOrgFormats, DEFAULT_FORMATS, ORG_RENDERERS, parseFormatList, renderAll } from '../../../src/pipeline/renderers.js';
import { S3ReportStore } from '../../../src/pipeline/report-store.js';
import { createS3Client, ReportArchive, RUN_FILES } from '../../../src/pipeline/report-store-s3.js';
import { runSummary } from '../../../src/report/trend.js';
import { FakeAccount, startAwsEndpoint } from '../../aws-endpoint/index.js';
import { suppressedReport } from '../../fixtures/report.js';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { asffRequestValidator, ocsfValidator, sarifValidator } from '../../fixtures/schemas/validators.js';

useFakeAwsEnvironment();
const SNAPSHOT = join(import.meta.dirname, '../../../examples/sample-account.snapshot.json');

describe('--format sarif,ocsf,asff', () => {
  it('the CLI writes the three files, each valid against its schema and listing the same findings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ha-formats-'));
    const code = await main(['node', 'hardening-audit', '--snapshot', SNAPSHOT, '--out', out, '--fail-on', 'none', '--quiet', '--format', 'sarif,ocsf,asff']);
    expect(code === 0 || code === 3).toBe(true);
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/^\d{12}-\d{4}-\d{2}-\d{2}/, ''))).toEqual(['.asff.json', '.ocsf.json', '.sarif']);
    const read = (suffix: string) => JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith(suffix))!), 'utf8'));
    const sarif = read('.sarif');
    const ocsf = read('.ocsf.json');
    const asff = read('.asff.json');
    expect(sarifValidator()(sarif)).toBe(true);
    const validOcsf = ocsfValidator();
    expect(ocsf.every((e: unknown) => validOcsf(e))).toBe(true);
    const validAsff = asffRequestValidator();
    for (let i = 0; i < asff.length; i += 100) expect(validAsff({ Findings: asff.slice(i, i + 100) })).toBe(true);
    const ids = sarif.runs[0].results.map((r: { properties: { findingId: string } }) => r.properties.findingId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ocsf.map((e: { finding_info: { uid: string } }) => e.finding_info.uid)).toEqual(ids);
    expect(asff.map((a: { Id: string }) => a.Id.split('/').pop())).toEqual(ids);
  });

  it('the default stays json,html,csv', () => {
    expect(DEFAULT_FORMATS).toEqual(['json', 'html', 'csv']);
    expect(parseFormatList('json,sarif')).toEqual(['json', 'sarif']);
    expect(() => parseFormatList('sarif,xml')).toThrow(/unknown format xml/);
  });
});

describe('the Lambda', () => {
  const env = { HARDENING_AUDIT_REPORT_BUCKET: 'audit-reports' };
  it('HARDENING_AUDIT_FORMATS: json,html,csv by default, the finding formats on request, json required', () => {
    expect(loadLambdaConfig(env).formats).toEqual(['json', 'html', 'csv']);
    const config = loadLambdaConfig({ ...env, HARDENING_AUDIT_FORMATS: 'json,sarif,ocsf,asff' });
    expect(lambdaAuditSettings(config, undefined).formats).toEqual(['json', 'sarif', 'ocsf', 'asff']);
    expect(() => loadLambdaConfig({ ...env, HARDENING_AUDIT_FORMATS: 'sarif' })).toThrow(LambdaConfigError);
    expect(() => loadLambdaConfig({ ...env, HARDENING_AUDIT_FORMATS: 'json,pdf' })).toThrow(/HARDENING_AUDIT_FORMATS: unknown format pdf/);
  });

  it('the S3 archive stores the finding formats beside report.json, with their content types', async () => {
    const ep = await startAwsEndpoint(new FakeAccount('123456789012'));
    try {
      ep.s3.createBucket('reports');
      const client = createS3Client({ endpointUrl: ep.url, region: 'us-east-1', credentials: ep.clientConfig.credentials, maxAttempts: 1 });
      const store = new S3ReportStore(new ReportArchive(client, 'reports', 'nightly'));
      const report = suppressedReport();
      const rendered = renderAll(ACCOUNT_RENDERERS, report, ['json', 'sarif', 'ocsf', 'asff']);
      const stored = await store.putRun(report.account.id, '2025-11-24', rendered, runSummary(report));
      const base = 'nightly/123456789012/2025-11-24/';
      expect(stored.written).toEqual(['report.json', 'report.sarif', 'report.ocsf.json', 'report.asff.json', 'summary.json'].map((f) => `s3://reports/${base}${f}`));
      expect(ep.s3.get('reports', `${base}report.sarif`)?.contentType).toBe('application/sarif+json; charset=utf-8');
      expect(ep.s3.getText('reports', `${base}report.asff.json`)).toBe(rendered.asff!.text());
      expect(RUN_FILES).toMatchObject({ sarif: 'report.sarif', ocsf: 'report.ocsf.json', asff: 'report.asff.json' });
      client.destroy();
    } finally {
      await ep.close();
    }
  });
});

describe('org mode', () => {
  it('refuses the finding formats, naming the option; json, html and csv pass', () => {
    expect(() => checkOrgFormats(['json', 'sarif', 'asff'])).toThrow(InputError);
    expect(() => checkOrgFormats(['json', 'sarif', 'asff'])).toThrow(/^--format sarif,asff: not available for the organization report/);
    expect(() => checkOrgFormats(['json', 'html', 'csv'])).not.toThrow();
    expect(() => ORG_RENDERERS.ocsf.render({} as never, {})).toThrow(/--format ocsf/);
  });

  it('the CLI refuses them before auditing any account (exit 2, no AWS call: the endpoint does not even exist)', async () => {
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const code = await main(['node', 'hardening-audit', '--org', '--assume-role', 'Audit', '--endpoint-url', 'http://127.0.0.1:9', '--max-attempts', '1', '--quiet', '--format', 'json,sarif']);
      expect(code).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join('')).toMatch(/--format sarif: not available for the organization report/);
  });
});
