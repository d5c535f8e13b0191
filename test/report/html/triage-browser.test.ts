// The triage-first HTML report in Debian's chromium, on the demo report (`npm run demo`: the CLI on the sample
// snapshot): the first screen is the headline, Fix first and the findings table; with its sections collapsed the page
// is at most six 1,280 x 800 screens; nothing overflows 1,280 px; the table filters (selects, text) and sorts.
// Skips only when the browser is missing AND this is not CI; in CI a missing browser is a failure.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/entry/cli/main.js';
import { renderHtml } from '../../../src/report/html/html.js';
import type { AuditReport } from '../../../src/report/model.js';
import { useFakeAwsEnvironment } from '../../helpers/cli-env.js';
import { sampleReport } from '../../fixtures/report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env.CI;
const VIEWPORT = { width: 1280, height: 800 };
const MAX_SCREENS = 6;
const SAMPLE = join(import.meta.dirname, '../../../examples/sample-account.snapshot.json');

useFakeAwsEnvironment();

describe.skipIf(skip)('the triage-first HTML report in chromium (the demo report)', () => {
  let browser: Browser;
  let dir: string;
  let demo: string;
  let report: AuditReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'html-triage-'));
    expect(await main(['node', 'hardening-audit', '--snapshot', SAMPLE, '--out', dir, '--fail-on', 'none', '-q'])).toBe(0);
    const file = (ext: string) => join(dir, readdirSync(dir).find((f) => f.endsWith(ext))!);
    demo = file('.html');
    report = JSON.parse(readFileSync(file('.json'), 'utf8')) as AuditReport;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return page;
  }
  const box = async (page: Page, selector: string) => {
    const b = await page.locator(selector).boundingBox();
    if (!b) throw new Error(`${selector} is not rendered`);
    return b;
  };
  const open_ = () => report.findings.filter((f) => !f.suppressed);
  /** The findings whose summary line is visible: single rows and the visible members of grouped rows. */
  const visibleFindings = (page: Page) =>
    page.locator('#findings-table tbody tr:visible').evaluateAll((rows) =>
      rows.reduce((n, row) => {
        const members = row.querySelectorAll('[data-member]');
        if (members.length === 0) return n + 1;
        return n + Array.from(members).filter((m) => !(m as HTMLElement).hidden).length;
      }, 0),
    );

  it('opens on the headline (one line), Fix first and the findings table, in that order, on the first screen', async () => {
    const page = await open(demo);
    const headline = await box(page, '#headline');
    const fix = await box(page, '#fix-first');
    const table = await box(page, '#findings-table');
    expect(headline.y).toBeLessThan(fix.y);
    expect(fix.y).toBeLessThan(table.y);
    expect(headline.height).toBeLessThan(60);
    // the whole Fix first list is on the first screen, and the table starts on it
    expect(await page.locator('#fix-first li.fix').count()).toBe(10);
    expect(fix.y + fix.height).toBeLessThanOrEqual(VIEWPORT.height);
    expect(table.y).toBeLessThan(VIEWPORT.height);
    expect(await page.locator('#fix-first li.fix').first().textContent()).toContain('aws iam detach-group-policy');
    await page.context().close();
  }, 30_000);

  it(`is at most ${MAX_SCREENS} screens tall with every section collapsed`, async () => {
    const page = await open(demo);
    const folds = page.locator('details.fold');
    expect(await folds.count()).toBeGreaterThanOrEqual(4); // checks, agents, compliance, about (a complete audit has no gaps)
    expect(await folds.evaluateAll((els) => els.filter((e) => (e as HTMLDetailsElement).open).length)).toBe(0);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThanOrEqual(MAX_SCREENS * VIEWPORT.height);
    // and it is still every finding: collapsed, not left out
    expect(await page.locator('[data-finding]').count()).toBe(open_().length);
    await page.context().close();
  }, 30_000);

  it('has no horizontal overflow at 1,280 px, with every section and row opened', async () => {
    const page = await open(demo);
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    expect(await page.locator('#agents table').isVisible()).toBe(true);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      tables: Array.from(document.querySelectorAll('table'))
        .filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1)
        .map((t) => `${t.className}: ${t.scrollWidth} > ${t.parentElement?.clientWidth}`),
    }));
    expect(overflow).toEqual({ page: VIEWPORT.width, tables: [] });
    await page.context().close();
  }, 30_000);

  it('filters the table by severity, check and text', async () => {
    const page = await open(demo);
    const total = open_().length;
    expect(await visibleFindings(page)).toBe(total);

    await page.selectOption('#filter-severity', 'critical');
    const critical = open_().filter((f) => f.status === 'FAIL' && f.severity === 'critical').length;
    expect(await page.locator('#findings-table tbody tr:visible').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-severity')))])).toEqual(['critical']);
    expect(await visibleFindings(page)).toBe(critical);
    expect(await page.locator('#filter-count').textContent()).toBe(`${critical} of ${total} findings shown`);

    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-check', 'iam.principal.data-exfiltration');
    const checkRows = await page.locator('#findings-table tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')));
    expect(new Set(checkRows)).toEqual(new Set(['iam.principal.data-exfiltration']));
    expect(await visibleFindings(page)).toBe(open_().filter((f) => f.checkId === 'iam.principal.data-exfiltration').length);

    // text: rows, and the members of grouped rows, that do not mention it are hidden
    await page.selectOption('#filter-check', '');
    await page.fill('#filter-text', 'Carol');
    const mentioning = open_().filter((f) => [f.checkId, f.title, f.resourceArn, f.detail ?? '', f.message].join(' ').toLowerCase().includes('carol')).length;
    expect(mentioning).toBeGreaterThan(1);
    expect(mentioning).toBeLessThan(total);
    expect(await visibleFindings(page)).toBe(mentioning);
    expect(await page.locator('#filter-count').textContent()).toBe(`${mentioning} of ${total} findings shown`);

    await page.fill('#filter-text', '');
    expect(await visibleFindings(page)).toBe(total);
    expect(await page.locator('#filter-count').textContent()).toBe('');
    await page.context().close();
  }, 30_000);

  it('sorts the table by a column, both ways, and back by severity', async () => {
    const page = await open(demo);
    const column = (attribute: string) =>
      page.locator('#findings-table tbody tr').evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a) ?? ''), attribute);
    const byCodePoint = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const initial = await column('data-resource');
    const lower = (values: string[]) => values.map((v) => v.toLowerCase());

    await page.locator('button.sort[data-sort="resource"]').click();
    const ascending = lower(await column('data-resource'));
    expect(ascending).toEqual(byCodePoint(lower(initial)));
    expect(ascending).not.toEqual(lower(initial));
    expect(await page.locator('th:has(button[data-sort="resource"])').getAttribute('aria-sort')).toBe('ascending');

    await page.locator('button.sort[data-sort="resource"]').click();
    expect(lower(await column('data-resource'))).toEqual(byCodePoint(lower(initial)).reverse());
    expect(await page.locator('th:has(button[data-sort="resource"])').getAttribute('aria-sort')).toBe('descending');

    await page.locator('button.sort[data-sort="rank"]').click();
    const ranks = (await column('data-rank')).map(Number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(await page.locator('th:has(button[data-sort="resource"])').getAttribute('aria-sort')).toBeNull();
    await page.context().close();
  }, 30_000);

  it('says an audit is incomplete in one line whose link opens the gaps, with or without JavaScript', async () => {
    const file = join(dir, 'incomplete.html');
    writeFileSync(file, renderHtml(sampleReport()));
    for (const js of [true, false]) {
      const page = await open(file, js);
      const notice = await box(page, '#incomplete-notice');
      expect(notice.height).toBeLessThan(40);
      expect(await page.locator('#gaps').isVisible()).toBe(false);
      await page.locator('#incomplete-notice a[href="#gaps"]').click();
      await expect.poll(() => page.locator('#gaps').isVisible()).toBe(true);
      await page.context().close();
    }
  }, 30_000);
});
