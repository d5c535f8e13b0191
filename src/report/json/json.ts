import type { AuditReport } from '../model.js';

/**
 * The JSON report, exactly as described by report-schema.json: 2-space indentation and a trailing newline.
 * Key order follows the report object, so the same report renders to the same bytes.
 */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
