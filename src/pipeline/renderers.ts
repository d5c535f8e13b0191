// The one renderer registry: report format -> render function, content type, file suffix. Every entry point (CLI,
// nightly Lambda, org CLI, org worker and aggregator) and the mail attachments render through it, so a new format is
// added here once.
import { ALL_CHECKS } from '../checks/index.js';
import { ORG_CHECKS } from '../checks/org/index.js';
import { InputError } from '../errors.js';
import { renderAsff, renderAsffChunks } from '../report/asff/asff.js';
import { renderCsv, renderCsvChunks } from '../report/csv/csv.js';
import { renderHtml } from '../report/html/html.js';
import { renderJson, renderJsonChunks } from '../report/json/json.js';
import type { AuditReport } from '../report/model.js';
import { renderOrgCsv } from '../report/csv/org-csv.js';
import { renderOrgHtml } from '../report/html/org-html.js';
import { renderOrgJson } from '../report/json/org-json.js';
import type { OrgReport } from '../report/org-model.js';
import { renderOcsf, renderOcsfChunks } from '../report/ocsf/ocsf.js';
import { renderSarif, renderSarifChunks } from '../report/sarif/sarif.js';

import { DEFAULT_FORMATS, FINDING_FORMATS, parseFormatList, REPORT_FORMATS, type ReportFormat } from './formats.js';

export { DEFAULT_FORMATS, FINDING_FORMATS, parseFormatList, REPORT_FORMATS, type ReportFormat };

export interface RenderOptions {
  /** Findings the HTML report lists per check (src/report/html/html.ts); 0: all. */
  htmlFindingsPerCheck?: number;
}

export interface Renderer<R> {
  contentType: string;
  /** File name suffix, without the dot. */
  suffix: string;
  render(report: R, options: RenderOptions): string;
  /** The same text in pieces, for a format a large account makes large (all but HTML): written piece by piece. */
  chunks?(report: R, options: RenderOptions): Iterable<string>;
}

export const ACCOUNT_RENDERERS: Readonly<Record<ReportFormat, Renderer<AuditReport>>> = {
  json: { contentType: 'application/json; charset=utf-8', suffix: 'json', render: (r) => renderJson(r), chunks: (r) => renderJsonChunks(r) },
  html: { contentType: 'text/html; charset=utf-8', suffix: 'html', render: (r, o) => renderHtml(r, { maxFindingsPerCheck: o.htmlFindingsPerCheck }) },
  csv: { contentType: 'text/csv; charset=utf-8', suffix: 'csv', render: (r) => renderCsv(r), chunks: (r) => renderCsvChunks(r) },
  sarif: { contentType: 'application/sarif+json; charset=utf-8', suffix: 'sarif', render: (r) => renderSarif(r, { remediationOf }), chunks: (r) => renderSarifChunks(r, { remediationOf }) },
  ocsf: { contentType: 'application/json; charset=utf-8', suffix: 'ocsf.json', render: (r) => renderOcsf(r), chunks: (r) => renderOcsfChunks(r) },
  asff: { contentType: 'application/json; charset=utf-8', suffix: 'asff.json', render: (r) => renderAsff(r), chunks: (r) => renderAsffChunks(r) },
};

const CHECK_REMEDIATION = new Map([...ALL_CHECKS, ...ORG_CHECKS].map((c) => [c.id, c.remediation]));
/** A check's generic remediation, for the SARIF rules' help. */
function remediationOf(checkId: string): string | undefined {
  return CHECK_REMEDIATION.get(checkId);
}

/** The InputError for finding formats asked in org mode, naming the option (`--format`, or the Lambda's variable). */
export function checkOrgFormats(formats: readonly ReportFormat[], option = '--format'): void {
  const asked = formats.filter((f) => FINDING_FORMATS.includes(f));
  if (asked.length) {
    throw new InputError(
      `${option} ${asked.join(',')}: not available for the organization report, which holds per-account summaries, not findings; audit an account without --org for ${asked.join(', ')}, or choose from ${DEFAULT_FORMATS.join(', ')}`,
    );
  }
}

const refuseInOrgMode = (format: ReportFormat): Renderer<OrgReport> => ({
  contentType: 'application/json; charset=utf-8',
  suffix: format,
  render: () => {
    checkOrgFormats([format]);
    return '';
  },
});

export const ORG_RENDERERS: Readonly<Record<ReportFormat, Renderer<OrgReport>>> = {
  json: { contentType: 'application/json; charset=utf-8', suffix: 'json', render: (r) => renderOrgJson(r) },
  html: { contentType: 'text/html; charset=utf-8', suffix: 'html', render: (r) => renderOrgHtml(r) },
  csv: { contentType: 'text/csv; charset=utf-8', suffix: 'csv', render: (r) => renderOrgCsv(r) },
  sarif: refuseInOrgMode('sarif'),
  ocsf: refuseInOrgMode('ocsf'),
  asff: refuseInOrgMode('asff'),
};

/** A rendered report: in pieces (a file store writes them one by one), or as one string (S3, mail attachments). */
export interface RenderedReport {
  chunks(): Iterable<string>;
  /** The whole text, built on first use and kept. */
  text(): string;
}

/** Rendered reports, by format (only the formats asked for). */
export type RenderedReports = Partial<Record<ReportFormat, RenderedReport>>;

/**
 * Renders every asked format before anything is written or sent, so a rendering failure leaves nothing
 * half-delivered. Formats with `chunks` (JSON, CSV, SARIF, OCSF, ASFF) are serialized while they are written instead: their report
 * object is already built, and a file store writes them to a temp file that a failure removes.
 */
export function renderAll<R>(registry: Readonly<Record<ReportFormat, Renderer<R>>>, report: R, formats: readonly ReportFormat[], options: RenderOptions = {}): RenderedReports {
  const out: RenderedReports = {};
  for (const f of formats) {
    const renderer = registry[f];
    const { chunks } = renderer;
    if (chunks) {
      let text: string | undefined;
      out[f] = { chunks: () => (text !== undefined ? [text] : chunks(report, options)), text: () => (text ??= renderer.render(report, options)) };
    } else {
      const text = renderer.render(report, options);
      out[f] = { chunks: () => [text], text: () => text };
    }
  }
  return out;
}
