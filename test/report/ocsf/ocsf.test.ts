import { describe, expect, it } from 'vitest';
import { OCSF_VERSION, renderOcsf, renderOcsfChunks } from '../../../src/report/ocsf/ocsf.js';
import { hostileReport } from '../../fixtures/hostile-report.js';
import { suppressedReport } from '../../fixtures/report.js';
import { ocsfValidator } from '../../fixtures/schemas/validators.js';

const validate = ocsfValidator();
const parse = (text: string): any[] => JSON.parse(text);

describe('OCSF 1.8.0 Detection Finding', () => {
  it('every event is valid against the Detection Finding schema (cloud profile), FAIL, NOT_ASSESSED, suppressed and hostile', () => {
    for (const report of [suppressedReport(), hostileReport()]) {
      const events = parse(renderOcsf(report));
      expect(events).toHaveLength(report.findings.length);
      for (const event of events) {
        const ok = validate(event);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      }
    }
  });

  it('the schema rejects a broken event (no finding_info, or a class_uid of another class)', () => {
    const [event] = parse(renderOcsf(suppressedReport()));
    expect(validate({ ...event, finding_info: undefined })).toBe(false);
    expect(validate({ ...event, class_uid: 2003 })).toBe(false);
    expect(validate({ ...event, surprise: 1 })).toBe(false);
  });

  it('class, finding_info, severity, status, resources, cloud and time', () => {
    const report = suppressedReport();
    const events = parse(renderOcsf(report));
    const severityId = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
    for (const [i, f] of report.findings.entries()) {
      const e = events[i];
      expect([e.class_uid, e.category_uid, e.type_uid, e.metadata.version]).toEqual([2004, 2, 200401, OCSF_VERSION]);
      expect(e.finding_info).toMatchObject({ uid: f.id, title: f.title, desc: f.message });
      expect(e.severity_id).toBe(severityId[f.severity]);
      expect(e.resources[0].uid).toBe(f.resourceArn);
      expect(e.cloud).toMatchObject({ provider: 'AWS', account: { uid: report.account.id } });
      expect(e.time).toBe(Date.parse(report.generatedAt));
      const status = f.suppressed ? 3 : f.status === 'NOT_ASSESSED' ? 99 : 1;
      expect(e.status_id).toBe(status);
      if (f.suppressed) expect(e.status_detail).toBe(f.suppressed.reason);
    }
    const consoleMfa = events.find((e) => e.finding_info.analytic.uid === 'iam.user.console-without-mfa');
    expect(consoleMfa.finding_info.tags).toEqual([
      { name: 'cis-7.0', value: '2.10' },
      { name: 'cis-3.0', value: '1.10' },
      { name: 'security-hub', value: 'IAM.5' },
      { name: 'security-hub', value: 'IAM.19' },
    ]);
    expect(consoleMfa.status).toBe('Not Assessed');
    expect(events.find((e) => e.resources[0].uid.endsWith(':user/alice')).resources[0].type).toBe('AWS::IAM::User');
  });

  it('reads compliance generically: a framework it has never seen becomes a tag', () => {
    const report = suppressedReport();
    const first = report.findings[0]!;
    const changed = { ...report, findings: [{ ...first, compliance: { nist80053: ['AC-2'], iso27001: [{ id: 'A.5.15' }] } as never }] };
    const [event] = parse(renderOcsf(changed));
    expect(event.finding_info.tags).toEqual([
      { name: 'nist80053', value: 'AC-2' },
      { name: 'iso27001', value: 'A.5.15' },
    ]);
  });

  it('pieces make the same bytes; an empty report is an empty array', () => {
    const report = suppressedReport();
    const pieces = [...renderOcsfChunks(report)];
    expect(pieces).toHaveLength(report.findings.length + 1);
    expect(pieces.join('')).toBe(renderOcsf(report));
    expect(renderOcsf({ ...report, findings: [] })).toBe('[]\n');
  });
});
