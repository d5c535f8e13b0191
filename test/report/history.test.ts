// --history DIR: the runs found in both layouts (CLI output files, a synced copy of the Lambda archive), what is
// skipped and why, and which report becomes the previous one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistoryDir, findRuns, loadHistory } from '../../src/report/history.js';
import { InputError } from '../../src/errors.js';

const ACCOUNT = '123456789012';

/** A minimal report: `open` FAIL findings of the given severity. */
function report(date: string, open: number, options: { account?: string; severity?: string; notAssessed?: number } = {}) {
  return {
    generatedAt: `${date}T03:00:00.000Z`,
    account: { id: options.account ?? ACCOUNT },
    checks: [{ id: 'iam.user.console-without-mfa', status: open ? 'FAIL' : 'PASS' }],
    findings: Array.from({ length: open }, (_, i) => ({
      id: `${date}-${i}`.padEnd(16, '0'),
      checkId: 'iam.user.console-without-mfa',
      title: 'Console users have MFA',
      severity: options.severity ?? 'high',
      status: 'FAIL',
      resourceArn: `arn:aws:iam::${ACCOUNT}:user/u${i}`,
      message: `u${i} has no MFA`,
    })),
    gaps: [],
    summary: { notAssessed: options.notAssessed ?? 0 },
  };
}

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'ha-history-'));
}

const write = (path: string, value: unknown) => writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));

describe('--history', () => {
  it('reads CLI output files of the account, oldest first, before the current date only', async () => {
    const dir = folder();
    write(join(dir, `${ACCOUNT}-2026-11-22.json`), report('2026-11-22', 3));
    write(join(dir, `${ACCOUNT}-2026-11-24.json`), report('2026-11-24', 1));
    write(join(dir, `${ACCOUNT}-2026-11-25.json`), report('2026-11-25', 9)); // today's: replaced by this run
    write(join(dir, `999999999999-2026-11-23.json`), report('2026-11-23', 7, { account: '999999999999' }));
    write(join(dir, `${ACCOUNT}-2026-11-23.html`), '<html></html>');
    const h = await loadHistory(dir, ACCOUNT, '2026-11-25');
    expect(h.summaries.map((s) => [s.date, s.open.high])).toEqual([
      ['2026-11-22', 3],
      ['2026-11-24', 1],
    ]);
    expect(h.previous?.date).toBe('2026-11-24');
    expect(h.previous?.report.findings).toHaveLength(1);
    expect(h.warnings).toEqual([]);
  });

  it('reads a synced copy of the Lambda archive, preferring summary.json for the trend', async () => {
    const dir = folder();
    for (const [date, open] of [
      ['2026-11-20', 4],
      ['2026-11-21', 2],
    ] as const) {
      mkdirSync(join(dir, ACCOUNT, date), { recursive: true });
      write(join(dir, ACCOUNT, date, 'report.json'), report(date, open));
    }
    // A summary that disagrees with its report: the summary is what the trend shows.
    write(join(dir, ACCOUNT, '2026-11-21', 'summary.json'), {
      accountId: ACCOUNT,
      date: '2026-11-21',
      generatedAt: '2026-11-21T03:00:00.000Z',
      open: { critical: 5, high: 0, medium: 0, low: 0, info: 0 },
      incomplete: true,
    });
    mkdirSync(join(dir, ACCOUNT, 'not-a-date'));
    const h = await loadHistory(dir, ACCOUNT, '2026-11-25');
    expect(h.summaries.map((s) => [s.date, s.open.critical, s.open.high, s.incomplete])).toEqual([
      ['2026-11-20', 0, 4, false],
      ['2026-11-21', 5, 0, true],
    ]);
    expect(h.previous?.path).toBe(join(dir, ACCOUNT, '2026-11-21', 'report.json'));
  });

  it('skips unreadable files and reports of another account with a warning, and falls back to an earlier previous', async () => {
    const dir = folder();
    write(join(dir, `${ACCOUNT}-2026-11-22.json`), report('2026-11-22', 2));
    write(join(dir, `${ACCOUNT}-2026-11-23.json`), report('2026-11-23', 1, { account: '111111111111' }));
    write(join(dir, `${ACCOUNT}-2026-11-24.json`), '{"generatedAt": "2026-11-24T03:00:00.000Z", "findings": [');
    const h = await loadHistory(dir, ACCOUNT, '2026-11-25');
    expect(h.previous?.date).toBe('2026-11-22');
    expect(h.summaries.map((s) => s.date)).toEqual(['2026-11-22']);
    expect(h.warnings).toHaveLength(2);
    expect(h.warnings.join('\n')).toContain(`${ACCOUNT}-2026-11-23.json: a report of account 111111111111, not ${ACCOUNT}; skipped`);
    expect(h.warnings.join('\n')).toContain(`${ACCOUNT}-2026-11-24.json: `);
  });

  it('keeps the last maxRuns - 1 earlier runs (the current run completes the chart), and can skip the previous', async () => {
    const dir = folder();
    for (let d = 1; d <= 9; d++) write(join(dir, `${ACCOUNT}-2026-11-0${d}.json`), report(`2026-11-0${d}`, d));
    const h = await loadHistory(dir, ACCOUNT, '2026-11-25', { maxRuns: 4, needPrevious: false });
    expect(h.summaries.map((s) => s.open.high)).toEqual([7, 8, 9]);
    expect(h.previous).toBeNull();
    expect((await findRuns(dir, ACCOUNT, '2026-11-05')).map((r) => r.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
  });

  it('an empty folder is no history; a missing folder or a file is an input error', async () => {
    const dir = folder();
    expect(await loadHistory(dir, ACCOUNT, '2026-11-25')).toEqual({ summaries: [], previous: null, warnings: [] });
    await expect(checkHistoryDir(join(dir, 'missing'))).rejects.toThrow(new InputError(`--history ${join(dir, 'missing')}: no such folder`));
    write(join(dir, 'file.json'), '{}');
    await expect(checkHistoryDir(join(dir, 'file.json'))).rejects.toThrow(/not a folder/);
  });
});
