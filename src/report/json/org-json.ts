import type { OrgReport } from '../org-model.js';

/** The organization report as JSON (org-report-schema.json): 2-space indentation and a trailing newline. */
export function renderOrgJson(report: OrgReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
