// --previous: the run-to-run diff in the JSON and HTML reports, against the local AWS endpoint.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { startAwsEndpoint } from '../../aws-endpoint/index.js';
import { SEEDED_ACCOUNT_ID, SEEDED_NOW, seededAccount } from '../../fixtures/seeded-account.js';
import { main } from '../../../src/entry/cli/main.js';
import type { AuditReport } from '../../../src/report/model.js';

const root = join(import.meta.dirname, '../../..');
const io = useFakeAwsEnvironment();

async function auditOnce(account: ReturnType<typeof seededAccount>, now: string, extra: string[] = []): Promise<{ dir: string; report: AuditReport; html: string }> {
  const endpoint = await startAwsEndpoint(account.setNow(now), { credentialReport: { pollsUntilReady: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'ha-prev-'));
  try {
    await main(['node', 'hardening-audit', '--endpoint-url', endpoint.url, '--now', now, '--out', dir, '--fail-on', 'none', '-q', ...extra]);
  } finally {
    await endpoint.close();
  }
  const base = join(dir, `${SEEDED_ACCOUNT_ID}-${now.slice(0, 10)}`);
  return { dir, report: JSON.parse(readFileSync(`${base}.json`, 'utf8')), html: readFileSync(`${base}.html`, 'utf8') };
}

describe('--previous', () => {
  it('shows what is new, resolved and still open', async () => {
    const day1 = await auditOnce(seededAccount(), SEEDED_NOW);
    // Overnight bob gets MFA, and a new console user without MFA appears.
    const tomorrow = '2026-11-26T00:00:00Z';
    const account = seededAccount()
      .user('bob', { console: true, mfa: 'virtual', passwordLastUsed: '2026-11-25T12:00:00Z', groups: ['developers'], created: '2025-10-21T00:00:00Z' })
      .user('zed', { console: true, mfa: false, passwordLastUsed: '2026-11-25T12:00:00Z', created: '2026-11-25T08:00:00Z' });
    const previousFile = join(day1.dir, `${SEEDED_ACCOUNT_ID}-2026-11-25.json`);
    io.stdout = '';
    const day2 = await auditOnce(account, tomorrow, ['--previous', previousFile]);
    const diff = day2.report.diff!;
    const byId = new Map(day2.report.findings.map((f) => [f.id, f]));
    const newPairs = diff.new.map((id) => `${byId.get(id)!.checkId} ${byId.get(id)!.resourceArn.split(':').pop()}`);
    expect(newPairs).toContain('iam.user.console-without-mfa user/zed');
    expect(diff.resolved.map((f) => `${f.checkId} ${f.resourceArn.split(':').pop()}`)).toContain('iam.user.console-without-mfa user/bob');
    expect(diff.previousGeneratedAt).toBe(day1.report.generatedAt);
    expect(diff.stillOpen.length).toBeGreaterThan(50);
    expect(io.stdout).toMatch(/Since 2026-11-25T00:00:00.000Z: \d+ new, \d+ resolved, \d+ still open/);
    expect(day2.html).toContain('<h2 id="diff-title">Since the previous run</h2>');
    expect(day2.html).toContain(`href="#finding-${diff.new.find((id) => byId.get(id)!.resourceArn.endsWith('user/zed'))}"`);

    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'report-schema.json'), 'utf8')));
    validate(day2.report);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('--history: the diff with the latest earlier report in the folder, and a trend chart in the HTML', async () => {
    const day1 = await auditOnce(seededAccount(), SEEDED_NOW);
    const tomorrow = '2026-11-26T00:00:00Z';
    const account = seededAccount().user('zed', { console: true, mfa: false, passwordLastUsed: '2026-11-25T12:00:00Z', created: '2026-11-25T08:00:00Z' });
    io.stdout = '';
    // The --out folder of yesterday's run is today's history.
    const day2 = await auditOnce(account, tomorrow, ['--history', day1.dir]);
    expect(day2.report.diff?.previousGeneratedAt).toBe(day1.report.generatedAt);
    expect(day2.report.diff?.new.length).toBeGreaterThan(0);
    const open = (r: AuditReport) => r.summary.bySeverity;
    expect(day2.report.trend).toEqual([
      { accountId: SEEDED_ACCOUNT_ID, date: '2026-11-25', generatedAt: day1.report.generatedAt, open: open(day1.report), incomplete: false },
      { accountId: SEEDED_ACCOUNT_ID, date: '2026-11-26', generatedAt: day2.report.generatedAt, open: open(day2.report), incomplete: false },
    ]);
    expect(day2.html).toContain('<h2 id="trend-title">Trend</h2>');
    expect(day2.html).toMatch(/<svg [^>]*role="img" aria-label="Open findings per run: 2026-11-25 /);
    expect(io.stdout).toMatch(/Open findings over the last 2 runs: \d+ on 2026-11-25, \d+ on 2026-11-26/);

    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'report-schema.json'), 'utf8')));
    validate(day2.report);
    expect(validate.errors ?? []).toEqual([]);

    // A missing folder is an input error before any AWS call.
    expect(await main(['node', 'hardening-audit', '--snapshot', join(root, 'examples/sample-account.snapshot.json'), '--history', join(day1.dir, 'nope'), '--out', day1.dir, '-q'])).toBe(2);
  });

  it('rejects a file that is not a report, or a report of another account, with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-prev-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"findings": 3}');
    expect(await main(['node', 'hardening-audit', '--snapshot', join(root, 'examples/sample-account.snapshot.json'), '--previous', bad, '--out', dir, '-q'])).toBe(2);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ generatedAt: '2026-11-24T00:00:00.000Z', account: { id: '999999999999' }, checks: [], findings: [] }));
    expect(await main(['node', 'hardening-audit', '--snapshot', join(root, 'examples/sample-account.snapshot.json'), '--previous', other, '--out', dir, '-q'])).toBe(2);
  });
});
