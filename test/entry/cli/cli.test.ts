// The whole CLI against the local AWS endpoint: real SDK clients, real wire protocol, real reports on disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { startAwsEndpoint, type AwsEndpoint } from '../../aws-endpoint/index.js';
import { EXPECTED_FAILS, SEEDED_ACCOUNT_ID, SEEDED_NOW, seededAccount } from '../../fixtures/seeded-account.js';
import { main } from '../../../src/entry/cli/main.js';
import type { AuditReport } from '../../../src/report/model.js';

// iam.root.mfa and iam.root.access-keys are not here: without the report they are judged from GetAccountSummary.
const CREDENTIAL_CHECKS = [
  'iam.root.recent-use',
  'iam.user.console-without-mfa',
  'iam.user.access-key-age',
  'iam.user.access-key-unused',
  'iam.user.multiple-active-keys',
  'iam.user.password-unused',
];

let endpoint: AwsEndpoint | undefined;
const io = useFakeAwsEnvironment();

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function audit(extraArgs: string[] = [], faults: Parameters<typeof startAwsEndpoint>[1] = {}) {
  endpoint = await startAwsEndpoint(seededAccount(), { credentialReport: { pollsUntilReady: 1 }, ...faults });
  const out = mkdtempSync(join(tmpdir(), 'ha-cli-'));
  const code = await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--out', out, '--now', SEEDED_NOW, '--fail-on', 'high', ...extraArgs]);
  const files = readdirSync(out).sort();
  const report = files.some((f) => f.endsWith('.json')) ? (JSON.parse(readFileSync(join(out, `${SEEDED_ACCOUNT_ID}-2026-11-25.json`), 'utf8')) as AuditReport) : undefined;
  return { code, out, files, report, endpoint };
}

const failPairs = (report: AuditReport) =>
  report.findings
    .filter((f) => f.status === 'FAIL')
    .map((f) => `${f.checkId} ${f.resourceArn}`)
    .sort();
const expectedPairs = [...new Set(EXPECTED_FAILS.map(([c, r]) => `${c} ${r}`))].sort();

describe('hardening-audit CLI against the local AWS endpoint', () => {
  it('audits the seeded account: exact FAIL findings, three reports, exit 1 on high findings', async () => {
    const { code, files, report, endpoint } = await audit();
    expect(files).toEqual([`${SEEDED_ACCOUNT_ID}-2026-11-25.csv`, `${SEEDED_ACCOUNT_ID}-2026-11-25.html`, `${SEEDED_ACCOUNT_ID}-2026-11-25.json`]);
    expect(report).toBeDefined();
    expect([...new Set(failPairs(report!))]).toEqual(expectedPairs);
    expect(report!.gaps).toEqual([]);
    expect(report!.summary.notAssessed).toBe(0);
    expect(report!.account).toMatchObject({ id: SEEDED_ACCOUNT_ID });
    expect(report!.credentialReportGeneratedAt).toBe('2026-11-25T00:00:00.000Z');
    expect(code).toBe(1);
    expect(io.stdout).toMatch(new RegExp(`Account ${SEEDED_ACCOUNT_ID} \\(live\\): \\d+ checks`));
    // Few calls: one STS, one page of authorization details, the report dance, three account-level reads.
    expect(endpoint.refused).toEqual([]);
    expect(endpoint.count('GetAccountAuthorizationDetails')).toBe(1);
    expect(endpoint.count('GetCallerIdentity')).toBe(1);
    expect(endpoint.count('GetCredentialReport')).toBe(1);
  });

  it('finds the same findings when 30% of calls are throttled', async () => {
    const clean = await audit();
    const cleanPairs = failPairs(clean.report!);
    await endpoint!.close();
    endpoint = undefined;
    const throttled = await audit(['--max-attempts', '10'], { throttleRate: 0.3, seed: 7 });
    const throttles = throttled.endpoint.log.filter((c) => c.error === 'Throttling').length;
    expect(throttles).toBeGreaterThan(0);
    expect(failPairs(throttled.report!)).toEqual(cleanPairs);
    expect(throttled.report!.findings.map((f) => f.id)).toEqual(clean.report!.findings.map((f) => f.id));
    expect(throttled.code).toBe(1);
  });

  it('AccessDenied on GetCredentialReport: credential checks NOT_ASSESSED, never PASS; exit 3', async () => {
    const { code, report } = await audit([], { accessDenied: ['iam:GetCredentialReport'] });
    expect(code).toBe(3);
    expect(report!.gaps).toEqual([expect.objectContaining({ part: 'credentialReport', api: 'iam:GetCredentialReport', error: 'AccessDenied' })]);
    for (const id of CREDENTIAL_CHECKS) {
      const outcome = report!.checks.find((c) => c.id === id);
      expect(outcome?.status, id).toBe('NOT_ASSESSED');
      expect(report!.findings.some((f) => f.checkId === id && f.status === 'NOT_ASSESSED')).toBe(true);
      expect(report!.findings.some((f) => f.checkId === id && f.status === 'FAIL')).toBe(false);
    }
    // The root's MFA and keys come from the second source, GetAccountSummary, and say so.
    for (const id of ['iam.root.mfa', 'iam.root.access-keys']) {
      expect(report!.checks.find((c) => c.id === id)?.status, id).not.toBe('NOT_ASSESSED');
      for (const f of report!.findings.filter((x) => x.checkId === id)) expect(f.evidence.source).toBe('iam:GetAccountSummary');
    }
    // Everything else is still audited.
    expect(report!.checks.find((c) => c.id === 'iam.role.public-trust')?.status).toBe('FAIL');
    expect(io.stdout).toMatch(/Incomplete: iam:GetCredentialReport AccessDenied/);
  });

  it('saves a snapshot that re-audits offline to the same findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-snap-'));
    const snapshotFile = join(dir, 'snap.json');
    const live = await audit(['--save-snapshot', snapshotFile]);
    await endpoint!.close();
    endpoint = undefined;
    const out = join(dir, 'offline');
    const code = await main(['node', 'hardening-audit', '--snapshot', snapshotFile, '--out', out, '--now', SEEDED_NOW, '--fail-on', 'none']);
    expect(code).toBe(0);
    const offline = JSON.parse(readFileSync(join(out, `${SEEDED_ACCOUNT_ID}-2026-11-25.json`), 'utf8')) as AuditReport;
    expect(offline.findings).toEqual(live.report!.findings);
  });

  it('fails with exit 2 and one line when the endpoint refuses the credentials', async () => {
    const { code, files } = await audit([], { errors: { GetCallerIdentity: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' } } });
    expect(code).toBe(2);
    expect(files).toEqual([]);
  });

  it('rejects bad options with exit 2 and writes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ha-bad-')), 'reports');
    expect(await main(['node', 'hardening-audit', '--snapshot', '/nonexistent/snap.json', '--out', out])).toBe(2);
    expect(await main(['node', 'hardening-audit', '--fail-on', 'severe', '--out', out])).toBe(2);
    expect(await main(['node', 'hardening-audit', '--format', 'pdf', '--out', out])).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
