// The HTML report in a real browser (Debian's chromium driven by playwright-core): hostile account data does not run,
// the CSP lets our inline script and style through and nothing else, the filter works, and the page works without JS.
// Skips only when the browser is missing AND this is not CI; in CI a missing browser is a failure.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html/html.js';
import { SAFE_ARN, hostileReport } from '../../fixtures/hostile-report.js';
import { sampleReport, suppressedReport } from '../../fixtures/report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) {
  console.warn(
    `html-browser.test.ts SKIPPED: no browser at ${CHROMIUM} (install it with \`apt-get install -y chromium\`, ` +
      'or set CHROMIUM_PATH). With CI set these tests run and a missing browser fails them.',
  );
}

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../.tmp/', import.meta.url));

interface Opened {
  page: Page;
  dialogs: string[];
  cspConsole: string[];
  pageErrors: string[];
  requests: string[];
  violations: () => Promise<Array<{ directive: string; blocked: string }>>;
}

describe.skipIf(skip)('HTML report in chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'html-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string, javaScriptEnabled = true): Promise<Opened> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const opened: Opened = {
      page,
      dialogs: [],
      cspConsole: [],
      pageErrors: [],
      requests: [],
      violations: () => page.evaluate(() => (window as unknown as { __csp: Array<{ directive: string; blocked: string }> }).__csp),
    };
    page.on('dialog', (d) => {
      opened.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) opened.cspConsole.push(m.text());
    });
    page.on('pageerror', (e) => opened.pageErrors.push(e.message));
    page.on('request', (r) => opened.requests.push(r.url()));
    // Runs through the DevTools protocol before any page script, so the page's CSP does not apply to it.
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: Array<{ directive: string; blocked: string }> };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return opened;
  }

  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  const visibleRows = (page: Page) =>
    page.locator('#findings-table tbody tr:visible').evaluateAll((els) =>
      els.map((e) => ({ severity: e.getAttribute('data-severity'), check: e.getAttribute('data-check'), count: Number(e.getAttribute('data-count')) })),
    );
  const visibleSeverities = async (page: Page) => (await visibleRows(page)).flatMap((r) => Array<string | null>(r.count).fill(r.severity));

  it('hostile account data does not execute; summary and findings render; the CSP admits our script', async () => {
    const report = hostileReport();
    const o = await open(renderHtml(report), 'hostile.html');
    const { page } = o;
    expect(await pwned(page)).toBeUndefined();
    expect(o.dialogs).toEqual([]);
    expect(o.pageErrors).toEqual([]);
    expect(o.cspConsole).toEqual([]);
    expect(await o.violations()).toEqual([]);
    // self-contained: the file itself is the only thing loaded
    expect(o.requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(o.requests).toHaveLength(1);

    await expect.poll(() => page.locator('#summary').isVisible()).toBe(true);
    expect(await page.getByText('user/ordinary-user', { exact: true }).first().isVisible()).toBe(true);
    // the hostile strings are shown as text
    expect(await page.getByText('<script>window.__pwned=1</script>', { exact: false }).first().isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    // our inline script ran (it reveals the filter bar)
    expect(await page.locator('#filters').isVisible()).toBe(true);
    // every finding is there, its details behind its row
    expect(await page.locator('[data-finding]').count()).toBe(report.findings.length);
    await page.locator('#findings-table summary').first().click();
    expect(await page.locator('#findings-table [data-finding]').first().isVisible()).toBe(true);
    await page.context().close();
  }, 30_000);

  it('filters findings by severity and by check', async () => {
    const report = sampleReport();
    const o = await open(renderHtml(report), 'sample.html');
    const { page } = o;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report.png'), fullPage: true });

    expect(await visibleSeverities(page)).toHaveLength(report.findings.length);

    await page.selectOption('#filter-severity', 'critical');
    const critical = report.findings.filter((f) => f.severity === 'critical');
    const shown = await visibleSeverities(page);
    expect(shown).toHaveLength(critical.length);
    expect(new Set(shown)).toEqual(new Set(['critical']));
    expect(await page.locator('#filter-count').textContent()).toBe(`${critical.length} of ${report.findings.length} findings shown`);

    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-check', 'iam.role.trust-any-principal');
    const ids = (await visibleRows(page)).map((r) => r.check);
    expect(ids).toEqual(report.findings.filter((f) => f.checkId === 'iam.role.trust-any-principal').map((f) => f.checkId));

    // both filters together: no high findings of a medium check
    await page.selectOption('#filter-severity', 'high');
    await page.selectOption('#filter-check', 'iam.user.direct-policies');
    expect(await visibleSeverities(page)).toEqual([]);

    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-check', '');
    expect(await visibleSeverities(page)).toHaveLength(report.findings.length);
    expect(o.cspConsole).toEqual([]);
    expect(await o.violations()).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-print.png'), fullPage: true });
    await page.context().close();
  }, 30_000);

  it('without JavaScript every row is listed, opens on a click, and the filter bar is hidden', async () => {
    const report = hostileReport();
    const o = await open(renderHtml(report), 'nojs.html', false);
    const { page } = o;
    expect((await visibleSeverities(page)).length).toBe(report.findings.length);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('button.sort:visible').count()).toBe(0);
    expect(await page.locator('#gaps').isVisible()).toBe(false);
    await page.locator('#gaps-fold > summary').click();
    expect(await page.locator('#gaps').isVisible()).toBe(true);
    const safe = report.findings.find((f) => f.resourceArn === SAFE_ARN)!;
    expect(await page.locator(`#finding-${safe.id}`).isVisible()).toBe(false);
    await page.locator('#findings-table summary', { hasText: 'user/ordinary-user' }).first().click();
    expect(await page.getByText(SAFE_ARN, { exact: true }).isVisible()).toBe(true);
    await page.context().close();
  }, 30_000);

  it('suppressed findings are collapsed and outside the filters; compliance links open them', async () => {
    const report = suppressedReport();
    const open_ = report.findings.filter((f) => !f.suppressed);
    const suppressed = report.findings.filter((f) => f.suppressed);
    const o = await open(renderHtml(report), 'suppressed.html');
    const { page } = o;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-suppressed.png'), fullPage: true });
    expect(o.pageErrors).toEqual([]);
    expect(o.cspConsole).toEqual([]);
    expect(await o.violations()).toEqual([]);

    // open findings are all listed and counted by the filter; suppressed ones are collapsed
    expect((await visibleSeverities(page)).length).toBe(open_.length);
    await page.selectOption('#filter-severity', 'critical');
    const critical = open_.filter((f) => f.severity === 'critical' && f.status === 'FAIL').length;
    expect(await page.locator('#filter-count').textContent()).toBe(`${critical} of ${open_.length} findings shown`);
    await page.selectOption('#filter-severity', '');
    expect(await page.locator('#suppressed-fold').isVisible()).toBe(true);
    expect(await page.locator('#suppressed-fold').getAttribute('open')).toBeNull();
    for (const f of suppressed) expect(await page.locator(`#finding-${f.id}`).isVisible()).toBe(false);
    await page.locator('#compliance-fold > summary').click();

    // the compliance table: a row per control, and a link from CIS 1.4 to the suppressed root-key finding
    expect(await page.locator('#framework-cis-3\\.0 tbody tr').count()).toBe(24);
    expect(await page.locator('#framework-cis-7\\.0 tbody tr').count()).toBe(33);
    expect(await page.locator('#framework-security-hub tbody tr').count()).toBe(38);
    expect(await page.locator('#control-cis-3\\.0-1\\.4 .badge').textContent()).toBe('Pass');
    const rootKey = suppressed.find((f) => f.checkId === 'iam.root.access-keys')!;
    await page.locator(`#control-cis-3\\.0-1\\.4 a[href="#finding-${rootKey.id}"]`).click();
    // the link into a closed <details> opens it
    await expect.poll(() => page.locator(`#finding-${rootKey.id}`).isVisible()).toBe(true);
    expect(await page.locator('#suppressed-fold').getAttribute('open')).not.toBeNull();
    await page.context().close();
  }, 30_000);

  it('without JavaScript the suppressed section can still be opened', async () => {
    const report = suppressedReport();
    const o = await open(renderHtml(report), 'suppressed-nojs.html', false);
    const { page } = o;
    const first = report.findings.find((f) => f.suppressed)!;
    expect(await page.locator(`#finding-${first.id}`).isVisible()).toBe(false);
    await page.locator('#suppressed-fold > summary').click();
    expect(await page.locator(`#finding-${first.id}`).isVisible()).toBe(true);
    expect(await page.locator('#compliance').isVisible()).toBe(false);
    await page.locator('#compliance-fold > summary').click();
    expect(await page.locator('#compliance').isVisible()).toBe(true);
    await page.context().close();
  }, 30_000);

  it('the CSP would stop injected markup even if escaping failed (positive control)', async () => {
    const html = renderHtml(sampleReport()).replace(
      '</body>',
      '<script>window.__pwned=9</script><img src="x" onerror="window.__pwned=10"><div onclick="x"></div></body>',
    );
    const o = await open(html, 'injected.html');
    expect(await pwned(o.page)).toBeUndefined();
    const violations = await o.violations();
    expect(violations.map((v) => v.directive)).toContain('script-src-elem');
    expect(violations.map((v) => v.directive)).toContain('img-src');
    expect(o.cspConsole.length).toBeGreaterThan(0);
    // our own script still ran
    expect(await o.page.locator('#filters').isVisible()).toBe(true);
    await o.page.context().close();
  }, 30_000);
});
