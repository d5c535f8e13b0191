// The CLI's stdout after a run: the counts, then what to fix first.
import { describe, expect, it } from 'vitest';
import { fixFirstLines, summaryText } from '../../../src/entry/cli/summary.js';
import type { AuditReport } from '../../../src/report/model.js';
import { fixFirst } from '../../../src/report/fix-first.js';
import { sampleReport, suppressedReport } from '../../fixtures/report.js';

type F = AuditReport['findings'][number];

describe('Fix first on stdout', () => {
  it('lists at most five checks, most severe first, each with a count and one message on one line', () => {
    const report = sampleReport();
    const lines = fixFirstLines(report);
    expect(lines[0]).toBe('Fix first:');
    const ids = lines.slice(1).map((l) => l.trim().split(/\s+/)[1]!.replace(/:$/, ''));
    // the ranking itself: test/report/fix-first.test.ts
    expect(ids).toEqual(fixFirst(report.findings).map((i) => i.checkId));
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
