// The organization report as CSV: one row per account x severity (long format, for pivot tables), plus one row per
// failed or skipped account. Per-finding rows are in each account's own CSV; repeating them here would mean keeping
// (or re-reading) every account's findings, which the org run deliberately never does.
//
// NOT_APPLICABLE checks (nothing to judge in an account) have no findings, so they add to no count here and never read
// as a pass; the org JSON report names them per account (notApplicableChecks) and per check (notApplicableAccounts).
//
// Same conventions as csv.ts (RFC 4180, CRLF, BOM, formula guard): account names and OU names are user-chosen text.
import { SEVERITIES } from '../../vocabulary.js';
import { guardFormula } from './csv.js';
import type { OrgReport } from '../org-model.js';

export const ORG_CSV_COLUMNS = ['accountId', 'accountName', 'ouPath', 'status', 'severity', 'findings', 'notAssessed', 'exitCode', 'reason'] as const;

const NEEDS_QUOTES = /[",\r\n]/;
function cell(value: string | number): string {
  const text = guardFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderOrgCsv(report: OrgReport, options: { bom?: boolean } = {}): string {
  const lines = [ORG_CSV_COLUMNS.join(',')];
  const push = (values: (string | number)[]) => lines.push(values.map(cell).join(','));
  for (const a of report.accounts) {
    if (a.status === 'FAILED') {
      push([a.id, a.name, a.ouPath, 'FAILED', '', '', '', '', a.reason ?? '']);
      continue;
    }
    for (const s of SEVERITIES) push([a.id, a.name, a.ouPath, 'AUDITED', s, a.bySeverity?.[s] ?? 0, a.notAssessed ?? 0, a.exitCode ?? '', '']);
  }
  for (const s of report.skippedAccounts) push([s.id, s.name, '', 'SKIPPED', '', '', '', '', `account is ${s.status}, not ACTIVE`]);
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
