// The CLI's stdout after a run: the counts, then what to fix first.
import { describe, expect, it } from 'vitest';
import { fixFirstLines, summaryText } from '../../../src/entry/cli/summary.js';
import type { AuditReport } from '../../../src/report/model.js';
import { sampleReport, suppressedReport } from '../../fixtures/report.js';

type F = AuditReport['findings'][number];
const expected = (report: AuditReport) => {
  // The ranking written out by hand: open FAILs above info, per check: highest severity, then most findings.
  const order = ['critical', 'high', 'medium', 'low'];
  const open = report.findings.filter((f: F) => f.status === 'FAIL' && !f.suppressed && f.severity !== 'info');
  const checks = [...new Set(open.map((f) => f.checkId))].map((id) => {
    const own = open.filter((f) => f.checkId === id);
    return { id, rank: Math.min(...own.map((f) => order.indexOf(f.severity))), count: own.length };
  });
  return checks.sort((a, b) => a.rank - b.rank || b.count - a.count || (a.id < b.id ? -1 : 1)).slice(0, 5).map((c) => c.id);
};

describe('Fix first on stdout', () => {
  it('lists at most five checks, most severe first, each with a count and one message on one line', () => {
    const report = sampleReport();
    const lines = fixFirstLines(report);
    expect(lines[0]).toBe('Fix first:');
    const ids = lines.slice(1).map((l) => l.trim().split(/\s+/)[1]!.replace(/:$/, ''));
    expect(ids).toEqual(expected(report));
    expect(lines[1]).toBe('  critical iam.policy.full-admin (2): Policy DeployEverything allows every action on every resource (statement "Deploy").');
    expect(lines[3]).toMatch(/^ {2}high {5}iam\.role\.trust-any-principal \(2\): .{109}…$/);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(5);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(summaryText(report, [])).toContain(`Fix first:\n${lines.slice(1).join('\n')}\n`);
  });

  it('leaves suppressed findings out, and prints nothing without open failures', () => {
    const report = suppressedReport();
    const suppressedChecks = new Set(report.findings.filter((f: F) => f.suppressed).map((f) => f.checkId));
    const stillOpen = new Set(report.findings.filter((f: F) => f.status === 'FAIL' && !f.suppressed).map((f) => f.checkId));
    const onlySuppressed = [...suppressedChecks].filter((id) => !stillOpen.has(id));
    expect(onlySuppressed.length).toBeGreaterThan(0);
    for (const id of onlySuppressed) expect(fixFirstLines(report).join('\n')).not.toContain(` ${id}`);
    expect(fixFirstLines({ findings: [] })).toEqual([]);
  });
});
