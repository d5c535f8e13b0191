// Renders the nightly report email for the sample account and screenshots it with headless Chromium into
// docs/email.png (the picture in README "Nightly Lambda"). The previous run and 30 days of history are made up from
// the sample audit: two of today's findings did not exist yesterday, one of yesterday's has been fixed.
//
//   npx tsx scripts/email-screenshot.ts [--out docs/email.png] [--html docs/email.html]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { auditSnapshot } from '../src/pipeline/audit.js';
import { DEFAULT_THRESHOLDS, SEVERITIES } from '../src/vocabulary.js';
import { renderEmailContent } from '../src/deliver/email-body.js';
import { s3ConsoleUrl, s3Uri } from '../src/pipeline/report-store-s3.js';
import { loadSnapshotFile } from '../src/load/snapshot-file.js';
import { diffReports } from '../src/report/diff.js';
import type { AuditReport } from '../src/report/model.js';
import { runSummary, type RunSummary } from '../src/report/trend.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/email.png' }, html: { type: 'string' } } });

const snapshot = await loadSnapshotFile(join(root, 'examples/sample-account.snapshot.json'));
const now = '2026-11-25T03:00:00.000Z';
const report = await auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now });

// Yesterday: without the two most severe findings, and with one (since fixed) medium finding.
const open = report.findings.filter((f) => f.status === 'FAIL');
const fresh = new Set(open.slice(0, 2).map((f) => f.id));
const template = open.find((f) => f.checkId === 'iam.user.access-key-age') ?? open.find((f) => f.severity === 'medium')!;
const fixed = {
  ...template,
  id: 'f1xedf1xedf1xed0',
  resourceArn: `arn:aws:iam::${report.account.id}:user/contractor-2025`,
  message: 'contractor-2025 has an active access key (AKIA…7QXE) created 212 days ago; the limit is 90 days.',
};
const previous: AuditReport = {
  ...report,
  generatedAt: '2026-11-24T03:00:00.000Z',
  findings: [...report.findings.filter((f) => !fresh.has(f.id)), fixed],
};
const diff = diffReports(previous, report);

// 30 nights: the count drifts down, one night the audit was incomplete.
const today = runSummary(report);
const history: RunSummary[] = [];
for (let i = 29; i >= 1; i--) {
  const date = new Date(Date.parse(now) - i * 86_400_000).toISOString().slice(0, 10);
  const scale = 1 + Math.round((i / 29) * 6) / 10;
  const openCounts = Object.fromEntries(SEVERITIES.map((s) => [s, Math.round(today.open[s] * scale + (s === 'medium' ? (i % 3) : 0))])) as RunSummary['open'];
  if (i === 1) {
    openCounts.critical = today.open.critical - 2 >= 0 ? today.open.critical - 2 : 0;
    openCounts.medium += 1;
  }
  history.push({ accountId: report.account.id, date, generatedAt: `${date}T03:00:00.000Z`, open: openCounts, incomplete: i === 12 });
}
history.push(today);

const bucket = 'acme-audit-reports';
const base = `hardening-audit/${report.account.id}/2026-11-25/`;
const link = (label: string, key: string) => ({ label, href: s3ConsoleUrl(bucket, base + key, 'eu-west-1'), detail: s3Uri(bucket, base + key) });
const stem = `hardening-audit-${report.account.id}-2026-11-25`;
const content = renderEmailContent({
  report,
  diff,
  history,
  links: [link('HTML report', 'report.html'), link('CSV', 'report.csv'), link('JSON', 'report.json')],
  attached: [`${stem}.html`, `${stem}.csv`],
  maxRows: 8,
});

if (values.html) writeFileSync(resolve(root, values.html), content.html);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 2 });
  // Mail clients show no external content by default; neither does this page (no network at all).
  await page.route('**/*', (route) => route.abort());
  await page.setContent(content.html, { waitUntil: 'load' });
  const out = resolve(root, values.out);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  process.stderr.write(`email-screenshot: ${values.out} — subject: ${content.subject}\n`);
} finally {
  await browser.close();
}
