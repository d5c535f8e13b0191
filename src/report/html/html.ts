// The HTML report: one self-contained file (inline CSS, inline SVG, one small inline script, no external assets),
// readable with JavaScript disabled, in mail clients and on paper. Triage first: the headline, Fix first, one findings
// table, then everything else in collapsed <details> (report-templates/report.hbs).
//
// Safety rules (account data - user names, tags, Sids - is attacker-influenced):
// - templates use Handlebars' default {{ }} escaping only; no {{{ }}} / {{& }}, no helpers returning SafeString
//   (test/report/html/html.test.ts scans the templates for both);
// - all data is prepared as plain strings/numbers (the view model, html/view.ts); templates do not compute;
// - the inline script (the findings table's filters and sorting, opening the collapsed section a link points into)
//   reads data-* attributes, ids and form values only, never evaluates report data, never uses innerHTML;
// - a Content-Security-Policy <meta> allows exactly the inline <script> and <style> by their sha256 hashes (computed at
//   render time from what was actually rendered) and nothing else: no other script, no inline event handlers, no
//   network (images, fonts, frames, forms). Even if escaping failed somewhere, injected markup could not run code.
//
// The view model is built in html/view.ts (one module per section in html/sections/); this module compiles the
// templates, computes the CSP and renders.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { AuditReport } from '../model.js';
import { findTemplatesDir } from '../templates-dir.js';
import { buildHtmlView, DEFAULT_HTML_FINDINGS_PER_CHECK, type HtmlView } from './view.js';

export { SEVERITY_COLOR } from '../colors.js';
export { prettyJson } from './common.js';
export { buildHtmlView, DEFAULT_HTML_FINDINGS_PER_CHECK, type HtmlView } from './view.js';

export interface HtmlOptions {
  /** Directory holding report.hbs and partials/*.hbs; defaults to the package's report-templates/. */
  templatesDir?: string;
  /** Findings listed per check (the most severe first); 0: all. Default DEFAULT_HTML_FINDINGS_PER_CHECK. */
  maxFindingsPerCheck?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Templates

interface Compiled {
  render: (view: HtmlView) => string;
  scriptHash: string;
  styleHash: string;
}

const cache = new Map<string, Compiled>();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the inline script and style (by hash); nothing may be fetched, framed, submitted or based elsewhere. */
export function contentSecurityPolicy(scriptHash: string, styleHash: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHash}`,
    `style-src ${styleHash}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function compile(dir: string): Compiled {
  const hbs = Handlebars.create();
  const options: CompileOptions = { strict: true, preventIndent: true };
  const partialsDir = join(dir, 'partials');
  const partialSources = new Map<string, string>();
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    const source = readFileSync(join(partialsDir, file), 'utf8');
    partialSources.set(basename(file, '.hbs'), source);
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(source, options));
  }
  // report.hbs includes these as <script>{{> script}}</script> and <style>{{> styles}}</style>: inline, so the element's
  // text is exactly the partial's output. Both are static (no expressions), so render them once to get that text.
  const staticText = (name: string) => {
    const source = partialSources.get(name);
    if (source === undefined) throw new Error(`report template partial ${name}.hbs is missing in ${partialsDir}`);
    return hbs.compile(source, options)({});
  };
  // The trend chart is the email's (one SVG template for both; it uses presentation attributes only, which the CSP
  // allows: no style attribute, no script).
  hbs.registerPartial('trend-chart', hbs.compile(readFileSync(join(dir, 'email', 'partials', 'trend-chart.hbs'), 'utf8'), options));
  const template = hbs.compile(readFileSync(join(dir, 'report.hbs'), 'utf8'), options);
  return {
    render: (view) => template(view),
    scriptHash: sha256(staticText('script')),
    styleHash: sha256(staticText('styles')),
  };
}

/** The text of the first <tag>…</tag> element; report data is escaped, so it cannot open one of its own. */
function elementText(html: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
  return m?.[1];
}

export function renderHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const dir = options.templatesDir ?? findTemplatesDir();
  let compiled = cache.get(dir);
  if (!compiled) {
    compiled = compile(dir);
    cache.set(dir, compiled);
  }
  const html = compiled.render(
    buildHtmlView(report, contentSecurityPolicy(compiled.scriptHash, compiled.styleHash), options.maxFindingsPerCheck ?? DEFAULT_HTML_FINDINGS_PER_CHECK),
  );
  // Guard against template edits that change what ends up inside <script>/<style> (the browser would then block it).
  for (const [tag, hash] of [
    ['script', compiled.scriptHash],
    ['style', compiled.styleHash],
  ] as const) {
    const text = elementText(html, tag);
    if (text === undefined || sha256(text) !== hash) {
      throw new Error(`report template bug: the inline <${tag}> does not match its CSP hash`);
    }
  }
  return html;
}
