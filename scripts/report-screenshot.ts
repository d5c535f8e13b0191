// Runs the demo (`npm run demo`: the CLI on examples/sample-account.snapshot.json) and screenshots the first screen of
// its HTML report (1,280 x 800, every section collapsed as it opens) with Debian's Chromium into docs/report.png (the
// picture in README "Reports"). Prints the page's full height with everything collapsed.
//
//   npx tsx scripts/report-screenshot.ts [--out docs/report.png] [--html reports-demo.html]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { main } from '../src/entry/cli/main.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/report.png' }, html: { type: 'string' } } });

const dir = mkdtempSync(join(tmpdir(), 'report-screenshot-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const code = await main(['node', 'hardening-audit', '--snapshot', join(root, 'examples/sample-account.snapshot.json'), '--out', dir, '--fail-on', 'none', '-q']);
  if (code !== 0) throw new Error(`the demo run exited ${code}`);
  const html = join(dir, readdirSync(dir).find((f) => f.endsWith('.html'))!);
  if (values.html) copyFileSync(html, resolve(root, values.html));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  const out = resolve(root, values.out);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  process.stderr.write(`report-screenshot: ${values.out} — the whole page is ${height} px tall (${(height / 800).toFixed(1)} screens of 800 px)\n`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
