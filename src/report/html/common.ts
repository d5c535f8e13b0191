// Shared pieces of the HTML report's view model: labels, dates, plurals, compliance ids, readable JSON.
import type { Compliance, Severity, Status } from '../../vocabulary.js';
import type { AuditReport, ComplianceFrameworkResult, ReportFinding } from '../model.js';

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** NOT_APPLICABLE (nothing to judge in this account) has a label and colour of its own: never "Pass", never amber. */
export const STATUS_LABEL: Record<Status, string> = { PASS: 'Pass', FAIL: 'Fail', NOT_ASSESSED: 'Not assessed', NOT_APPLICABLE: 'Not applicable' };
export const STATUS_CLASS: Record<Status, string> = { PASS: 'pass', FAIL: 'fail', NOT_ASSESSED: 'na', NOT_APPLICABLE: 'notapp' };

/** "user/alice", "root", "policy/ci/Deploy" (+ detail): short, and unique enough next to the check id. */
export function resourceLabel(f: Pick<ReportFinding, 'resourceArn' | 'detail'>): string {
  const parts = f.resourceArn.split(':');
  const resource = parts.length >= 6 ? parts.slice(5).join(':') : f.resourceArn;
  return f.detail ? `${resource} (${f.detail})` : resource;
}

export interface DateView {
  iso: string;
  text: string;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function dateView(iso: string): DateView {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { iso, text: iso };
  const d = new Date(ms).toISOString(); // UTC, so the same report renders the same everywhere
  return { iso, text: `${d.slice(0, 10)} ${d.slice(11, 19)} UTC` };
}

export interface ComplianceChip {
  label: string;
  anchor: string;
  className: string;
}

/** A framework the report shows (its compliance section), as the chips of a finding or check need it. */
export type ShownFramework = Pick<ComplianceFrameworkResult, 'id' | 'shortName'>;

/** The frameworks a report shows: those of its compliance section (--framework), in report order. */
export const shownFrameworks = (report: Pick<AuditReport, 'compliance'>): ShownFramework[] => Object.values(report.compliance ?? {});

export const controlAnchor = (frameworkId: string, controlId: string) => `control-${frameworkId}-${controlId}`;

/** The control chips of a finding or check, for the frameworks the report shows, each linking to its control row. */
export function complianceView(c: Compliance, shown: readonly ShownFramework[]) {
  const chips: ComplianceChip[] = shown.flatMap((fw) =>
    (c[fw.id] ?? []).map((id) => ({
      label: `${fw.shortName} ${id}`,
      anchor: controlAnchor(fw.id, id),
      className: fw.id.startsWith('cis-') ? 'chip-cis' : 'chip-sh',
    })),
  );
  return { chips, hasCompliance: chips.length > 0 };
}

const JSON_WIDTH = 76;

/**
 * Indented JSON for people: an array or object that fits on one line (JSON_WIDTH columns, counting indentation and
 * key) stays on one line, so `"Action": ["*"]` does not take three lines. The result is still valid JSON.
 */
export function prettyJson(value: unknown): string {
  let plain: unknown;
  try {
    plain = JSON.parse(JSON.stringify(value ?? {})); // drops undefined, applies toJSON, like the JSON report
  } catch {
    return String(value);
  }
  return layout(plain, '', 0);
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
}

function layout(value: unknown, indent: string, prefix: number): string {
  const line = oneLine(value);
  if (value === null || typeof value !== 'object' || indent.length + prefix + line.length <= JSON_WIDTH) return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + layout(v, inner, 0)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return inner + key + layout(v, inner, key.length);
  });
  return `{\n${entries.join(',\n')}\n${indent}}`;
}
