// The "AI agents" section: built from a real audit of the seeded example, valid against the schema, shown in HTML.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../../src/pipeline/audit.js';
import { DEFAULT_THRESHOLDS } from '../../../src/vocabulary.js';
import { loadSnapshotFile } from '../../../src/load/snapshot-file.js';
import { renderHtml } from '../../../src/report/html/html.js';
import { renderJson } from '../../../src/report/json/json.js';
import type { AuditReport } from '../../../src/report/model.js';

const root = join(import.meta.dirname, '../../..');
let report: AuditReport;

beforeAll(async () => {
  const snapshot = await loadSnapshotFile(join(root, 'examples/sample-account.snapshot.json'));
  report = await auditSnapshot(snapshot, { thresholds: DEFAULT_THRESHOLDS, now: snapshot.collectedAt });
});

describe('AI agents section', () => {
  it('has one row per selected agent with each criterion and a blast radius', () => {
    expect(report.agents?.map((a) => a.name)).toEqual(['review-agent', 'coding-agent']);
    const [review, coding] = report.agents!;
    // review-agent is set up as the guidance says.
    expect(Object.values(review.criteria).filter((s) => s !== 'N/A')).toEqual(Array(9).fill('PASS'));
    expect(review.criteria['agent.long-lived-keys']).toBe('N/A');
    expect(coding.criteria).toMatchObject({
      'agent.permissions-boundary': 'FAIL',
      'agent.destructive-actions-denied': 'FAIL',
      'agent.mcp-destructive-denied': 'FAIL',
      'agent.trust-requires-mfa': 'FAIL',
      'agent.session-duration': 'FAIL',
      'agent.trust-external-id': 'PASS',
    });
    // PowerUserAccess reaches thousands of write actions; the reviewer's grants are reads only (its boundary would
    // allow s3:PutObject, but a boundary grants nothing by itself).
    expect(coding.blastRadius.write).toBeGreaterThan(5000);
    expect(coding.blastRadius.permissionsManagement).toBeGreaterThan(0);
    expect(review.blastRadius).toEqual({ write: 0, permissionsManagement: 0, unresolvedPolicies: [] });
    expect(review.destructiveAllowed).toEqual({ direct: [], viaMcp: [] });
    expect(coding.destructiveAllowed.viaMcp).toEqual(coding.destructiveAllowed.direct);
    expect(coding.destructiveAllowed.direct.length).toBeGreaterThan(0);
  });

  it('says what each agent did in the last 24 hours, from CloudTrail', () => {
    const [review, coding] = report.agents!;
    expect(coding.activity).toMatchObject({ readEvents: 2, writeEvents: 2, truncated: false });
    expect(coding.activity!.writes.map((w) => w.eventName)).toEqual(['TerminateInstances', 'UpdateFunctionCode20150331v2']);
    expect(review.activity).toMatchObject({ readEvents: 1, writeEvents: 0, writes: [] });
    expect(renderHtml(report)).toContain('Activity: 2 reads, 2 writes in the last 24 hours');
  });

  it('lists the destructive actions each agent may perform directly and through an AWS MCP server', () => {
    const [review, coding] = report.agents!;
    const html = renderHtml(report);
    const n = coding.destructiveAllowed.direct.length;
    expect(html).toContain(`<summary class="small">${n} destructive actions allowed directly, ${coding.destructiveAllowed.viaMcp.length} through an AWS MCP server</summary>`);
    expect(html).toContain(`<span class="mono">${coding.destructiveAllowed.viaMcp[0]}</span>`);
    expect(review.destructiveAllowed.direct).toEqual([]);
    expect(html).toContain('<span class="small">0 destructive actions allowed directly, 0 through an AWS MCP server</span>');
  });

  it('validates against report-schema.json', () => {
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'report-schema.json'), 'utf8')));
    const ok = validate(JSON.parse(renderJson(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is rendered in the HTML report', () => {
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="agents-title">AI agents</h2>');
    // Handlebars escapes "=" too.
    expect(html).toContain('coding-agent</span> <span class="small">(role; tag Purpose&#x3D;ai-agent)</span><br><span class="small">boundary: none</span>');
    expect(html).toContain('boundary: agent-boundary');
  });
});
