import { FRAMEWORKS } from '../../compliance/frameworks.js';
import type { AuditReport, ReportFinding } from '../model.js';

/**
 * CSV report: one row per finding (FAIL and NOT_ASSESSED), for spreadsheets.
 *
 * Format decisions:
 * - RFC 4180: comma separator, CRLF after every record (including the last), a header row; a field is quoted when it
 *   contains a comma, a double quote, CR or LF, and embedded quotes are doubled. Field text is otherwise verbatim
 *   (multi-line remediation drafts keep their own line breaks inside the quoted cell).
 * - remediation: the WHOLE draft, not its first line. Drafts are often CLI commands or policy JSON whose first line
 *   (`{`, `aws iam ...\`) means nothing on its own; spreadsheets show multi-line quoted cells fine.
 * - compliance: one column per shipped framework (cis-7.0, cis-3.0, security-hub: every mapping, whichever
 *   --framework the report shows), ids written with the framework's short name (`CIS 7.0 2.10`, `Security Hub IAM.5`)
 *   and joined with `; `. A bare `2.10` would be turned into the number 2.1 (or, in some locales, a date) by Excel and
 *   LibreOffice; the prefix keeps it text.
 * - evidence: compact JSON (JSON.stringify without indentation).
 * - title (the check's title) is included after checkId, since it is what a reader scanning the sheet wants.
 * - suppressed: empty for an open finding; for a suppressed one `entry N[, until DATE]: reason`, so a sheet can
 *   filter on "is empty" and still show why. Suppressed findings keep their row (the JSON report keeps them too).
 * - Formula injection: a cell whose text starts with = + - @ TAB or CR gets a leading apostrophe, so a spreadsheet
 *   shows it as text instead of evaluating it. Account data (user names, tag values, Sids, messages quoting them)
 *   is attacker-influenced.
 * - A cell longer than Excel's limit (32,767 characters) is cut and ends with a marker pointing at the JSON report
 *   (only huge evidence/remediation gets there; the JSON report is always complete).
 * - A UTF-8 byte order mark is written first by default (option `bom`) so Excel detects UTF-8 for non-ASCII names;
 *   LibreOffice, Google Sheets and csv-parse (`bom: true`) handle it.
 */
const FIXED_COLUMNS = [
  'id',
  'checkId',
  'title',
  'severity',
  'status',
  'suppressed',
  'resourceArn',
  'detail',
  'message',
  'remediation',
] as const;

export const CSV_COLUMNS: readonly string[] = [...FIXED_COLUMNS, ...FRAMEWORKS.map((f) => f.id), 'evidence'];

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (default true). */
  bom?: boolean;
}

/** Excel's maximum number of characters in a cell. */
export const CSV_MAX_CELL = 32_767;
const TRUNCATED = '… [truncated: see the JSON report]';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes an apostrophe when a spreadsheet would read the text as a formula. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  let text = guardFormula(value);
  if (text.length > CSV_MAX_CELL) {
    let cut = text.slice(0, CSV_MAX_CELL - TRUNCATED.length);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // do not split a surrogate pair
    text = cut + TRUNCATED;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function suppressedCell(finding: ReportFinding): string {
  const s = finding.suppressed;
  return s ? `entry ${s.entry}${s.expires ? `, until ${s.expires}` : ''}: ${s.reason}` : '';
}

function row(finding: ReportFinding): Record<string, string> {
  return {
    id: finding.id,
    checkId: finding.checkId,
    title: finding.title,
    severity: finding.severity,
    status: finding.status,
    suppressed: suppressedCell(finding),
    resourceArn: finding.resourceArn,
    detail: finding.detail ?? '',
    message: finding.message,
    remediation: finding.remediation,
    ...Object.fromEntries(FRAMEWORKS.map((f) => [f.id, (finding.compliance[f.id] ?? []).map((id) => `${f.shortName} ${id}`).join('; ')])),
    evidence: JSON.stringify(finding.evidence ?? {}),
  };
}

export function renderCsv(report: AuditReport, options: CsvOptions = {}): string {
  return [...renderCsvChunks(report, options)].join('');
}

/** The same bytes as renderCsv, one line (CRLF-terminated) per piece: written without one string holding it all. */
export function* renderCsvChunks(report: AuditReport, options: CsvOptions = {}): Generator<string> {
  yield `${options.bom === false ? '' : '\uFEFF'}${CSV_COLUMNS.map(cell).join(',')}\r\n`;
  for (const finding of report.findings) {
    const values = row(finding);
    yield `${CSV_COLUMNS.map((c) => cell(values[c] ?? '')).join(',')}\r\n`;
  }
}
