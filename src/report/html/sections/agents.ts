// The AI agents section of the HTML report: one row per agent, one cell per criterion.
import { AGENT_CRITERIA, type CriterionStatus } from '../../../agents/posture.js';
import type { AuditReport } from '../../model.js';
import { dateView, plural } from '../common.js';

export interface AgentsView {
  summaryText: string;
  criteria: Array<{ checkId: string; label: string }>;
  rows: Array<{
    name: string;
    arn: string;
    kind: string;
    selectedBy: string;
    boundary: string;
    cells: Array<{ text: string; statusClass: string; title: string }>;
    write: number;
    permissionsManagement: number;
    unresolved: string;
    activity: { summary: string; writes: Array<{ time: string; name: string; source: string }> } | null;
    /** The destructive actions the agent may perform, called directly and through an AWS MCP server (agent.mcp-destructive-denied). */
    destructive: { summary: string; direct: string[]; viaMcp: string[]; hasAny: boolean };
  }>;
}

const CRITERION_VIEW: Record<CriterionStatus, { text: string; statusClass: string }> = {
  PASS: { text: 'pass', statusClass: 'pass' },
  FAIL: { text: 'fail', statusClass: 'fail' },
  NOT_ASSESSED: { text: 'n/a?', statusClass: 'na' },
  'N/A': { text: '—', statusClass: 'none' },
};

export function agentsView(report: AuditReport): AgentsView | null {
  if (!report.agents?.length) return null;
  const failing = report.agents.filter((a) => Object.values(a.criteria).includes('FAIL')).length;
  return {
    summaryText: `${plural(report.agents.length, 'agent')}, ${failing} failing a criterion`,
    criteria: AGENT_CRITERIA.map((c) => ({ checkId: c.checkId, label: c.label })),
    rows: report.agents.map((a) => ({
      name: a.name,
      arn: a.arn,
      kind: a.kind,
      selectedBy: a.selectedBy,
      boundary: a.permissionsBoundary ? a.permissionsBoundary.slice(a.permissionsBoundary.lastIndexOf('/') + 1) : 'none',
      cells: AGENT_CRITERIA.map((c) => {
        const status = a.criteria[c.checkId] ?? 'NOT_ASSESSED';
        const v = CRITERION_VIEW[status];
        return { text: status === 'NOT_ASSESSED' ? 'not assessed' : v.text, statusClass: v.statusClass, title: `${c.checkId}: ${status}` };
      }),
      write: a.blastRadius.write,
      permissionsManagement: a.blastRadius.permissionsManagement,
      unresolved: a.blastRadius.unresolvedPolicies.join(', '),
      destructive: {
        summary: `${plural(a.destructiveAllowed.direct.length, 'destructive action')} allowed directly, ${a.destructiveAllowed.viaMcp.length} through an AWS MCP server`,
        direct: a.destructiveAllowed.direct,
        viaMcp: a.destructiveAllowed.viaMcp,
        hasAny: a.destructiveAllowed.direct.length + a.destructiveAllowed.viaMcp.length > 0,
      },
      activity: a.activity
        ? {
            summary: `${a.activity.truncated ? 'at least ' : ''}${plural(a.activity.readEvents, 'read')}, ${plural(a.activity.writeEvents, 'write')} in the last 24 hours`,
            writes: a.activity.writes.map((w) => ({ time: dateView(w.eventTime).text, name: w.eventName, source: w.eventSource })),
          }
        : null,
    })),
  };
}
