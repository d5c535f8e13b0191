// --html-findings-per-check: the CLI's HTML lists at most N findings per check; the JSON and CSV keep every one.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/entry/cli/main.js';
import type { AuditReport } from '../../../src/report/model.js';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';

const root = join(import.meta.dirname, '../../..');
const SAMPLE = join(root, 'examples/sample-account.snapshot.json');
useFakeAwsEnvironment();

async function run(extra: string[]): Promise<{ report: AuditReport; html: string; csvRows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ha-cap-'));
  expect(await main(['node', 'hardening-audit', '--snapshot', SAMPLE, '--out', dir, '--fail-on', 'none', '-q', ...extra])).toBe(0);
  const file = (ext: string) => readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(ext))!), 'utf8');
  return { report: JSON.parse(file('.json')) as AuditReport, html: file('.html'), csvRows: file('.csv').trim().split('\n').length - 1 };
}

describe('--html-findings-per-check', () => {
  it('caps the HTML per check and leaves the JSON and CSV complete', async () => {
    const all = await run([]);
    const capped = await run(['--html-findings-per-check', '1']);
    const listed = (html: string) => (html.match(/<article class="finding /g) ?? []).length;
    const active = all.report.findings.filter((f) => !f.suppressed);
    const checks = new Set(active.map((f) => f.checkId));
    expect(active.length).toBeGreaterThan(checks.size); // some check has several findings
    expect(listed(all.html)).toBe(active.length); // the sample is under the default 200
    expect(listed(capped.html)).toBe(checks.size);
    expect(capped.html).toMatch(/Not listed here: \d+ more of [a-z.-]+/);
    expect(capped.report.findings).toEqual(all.report.findings);
    expect(capped.csvRows).toBe(all.csvRows);
  });

  it('rejects a value that is not a whole number (exit 2)', async () => {
    expect(await main(['node', 'hardening-audit', '--snapshot', SAMPLE, '--html-findings-per-check', 'lots', '-q'])).toBe(2);
  });
});
