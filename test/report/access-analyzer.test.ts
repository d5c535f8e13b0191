// The IAM Access Analyzer section on snapshot fixtures: every ACTIVE analyzer finding a row, linked to our findings on
// the same resource, both kinds of disagreement first, incomplete lists never read as agreement, and no effect on the
// verdicts, the exit code or the compliance view.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { auditSnapshot, exitCodeFor } from '../../src/pipeline/audit.js';
import { renderJson } from '../../src/report/json/json.js';
import type { AccessAnalyzerRow, AuditReport } from '../../src/report/model.js';
import type { AccessAnalyzerFinding, AccountSnapshot, Analyzer } from '../../src/snapshot/snapshot.js';
import { DEFAULT_THRESHOLDS } from '../../src/vocabulary.js';
import { ACCOUNT, daysAgo, NOW, OTHER_ACCOUNT, snapshot, type SnapshotBuilder } from '../fixtures/snapshot-builder.js';

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(fileURLToPath(new URL('../../report-schema.json', import.meta.url)), 'utf8')));

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const analyzerArn = (name: string, region = 'us-east-1') => `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/${name}`;
const EXTERNAL: Analyzer = { arn: analyzerArn('external-access'), name: 'external-access', type: 'ACCOUNT', status: 'ACTIVE', region: 'us-east-1', tags: {} };
const UNUSED: Analyzer = { arn: analyzerArn('unused'), name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', region: 'us-east-1', tags: {} };

function aa(findingType: string, resource: string, resourceType: string, analyzer = UNUSED, extra: Partial<AccessAnalyzerFinding> = {}): AccessAnalyzerFinding {
  return {
    analyzerArn: analyzer.arn,
    region: analyzer.region,
    id: `${findingType}-${resource.slice(resource.lastIndexOf('/') + 1)}`,
    findingType,
    status: 'ACTIVE',
    resource,
    resourceType,
    resourceOwnerAccount: ACCOUNT,
    createdAt: daysAgo(20),
    updatedAt: daysAgo(1),
    analyzedAt: daysAgo(1),
    ...extra,
  };
}

const crossAccountTrust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' } };

/** Roles and users each finding kind can be compared on; analyzers and their findings are set by each test. */
function account(): SnapshotBuilder {
  return snapshot()
    .role('idle', { lastUsed: daysAgo(200) }) // our iam.role.unused FAILs (limit 90)
    .role('busy', { lastUsed: daysAgo(5) }) // passes it
    .role('stale', { lastUsed: daysAgo(150) }) // FAILs, and no analyzer says so
    .role('partner', { lastUsed: daysAgo(1), trust: crossAccountTrust }) // our external-trust FAILs
    .role('vendor', { lastUsed: daysAgo(1), trust: crossAccountTrust }) // FAILs, and no analyzer says so
    .role('ec2', { lastUsed: daysAgo(1) }) // trusted by ec2.amazonaws.com only: our trust checks pass
    .user('alice', { credentials: { key1: { active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(100) } } })
    .user('bob', { credentials: { key1: { active: false, lastRotated: daysAgo(300) } } });
}

const FINDINGS: AccessAnalyzerFinding[] = [
  aa('UnusedIAMRole', role('idle'), 'AWS::IAM::Role'),
  aa('UnusedIAMRole', role('busy'), 'AWS::IAM::Role'),
  aa('UnusedPermission', role('busy'), 'AWS::IAM::Role'),
  aa('UnusedIAMUserAccessKey', user('alice'), 'AWS::IAM::User'),
  aa('UnusedIAMUserAccessKey', user('bob'), 'AWS::IAM::User'),
  aa('ExternalAccess', role('partner'), 'AWS::IAM::Role', EXTERNAL),
  aa('ExternalAccess', role('ec2'), 'AWS::IAM::Role', EXTERNAL),
  aa('ExternalAccess', 'arn:aws:s3:::shared-bucket', 'AWS::S3::Bucket', EXTERNAL),
];

function build(b: SnapshotBuilder, analyzers: Analyzer[] = [EXTERNAL, UNUSED], findings: AccessAnalyzerFinding[] = FINDINGS): AccountSnapshot {
  b.set('accessAnalyzer', { regions: ['us-east-1'], analyzers });
  b.set('accessAnalyzerFindings', findings);
  return b.build();
}

const audit = (snap: AccountSnapshot, excludeChecks: string[] = []) => auditSnapshot(snap, { thresholds: DEFAULT_THRESHOLDS, now: NOW, excludeChecks });
const rowOf = (report: AuditReport, findingType: string, resource: string): AccessAnalyzerRow => {
  const found = report.accessAnalyzer!.rows.filter((r) => r.findingType === findingType && r.resource === resource);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const ourIds = (report: AuditReport, checkId: string, resource: string) => report.findings.filter((f) => f.checkId === checkId && f.resourceArn === resource).map((f) => f.id);

describe('IAM Access Analyzer section', () => {
  it('imports every ACTIVE finding, links it to ours on the same resource, and lists both kinds of disagreement first', async () => {
    const report = await audit(build(account()));
    const section = report.accessAnalyzer!;

    const idle = rowOf(report, 'UnusedIAMRole', role('idle'));
    expect(idle).toMatchObject({ comparison: 'AGREE', ourVerdict: 'FAIL', checks: ['iam.role.unused'], analyzer: { name: 'unused', region: 'us-east-1' } });
    expect(idle.linkedFindings).toEqual(ourIds(report, 'iam.role.unused', role('idle')));
    expect(idle.linkedFindings).toHaveLength(1);
    const alice = rowOf(report, 'UnusedIAMUserAccessKey', user('alice'));
    expect(alice).toMatchObject({ comparison: 'AGREE', linkedFindings: ourIds(report, 'iam.user.access-key-unused', user('alice')) });
    expect(rowOf(report, 'ExternalAccess', role('partner'))).toMatchObject({
      comparison: 'AGREE',
      checks: ['iam.role.external-trust', 'iam.role.public-trust'],
      linkedFindings: ourIds(report, 'iam.role.external-trust', role('partner')),
    });

    // (a) the analyzer reports a problem our check judged and passed: both verdicts, and what we saw.
    const busy = rowOf(report, 'UnusedIAMRole', role('busy'));
    expect(busy).toMatchObject({ comparison: 'DISAGREE', disagreement: 'analyzer-only', ourVerdict: 'PASS', linkedFindings: [] });
    expect(busy.ourEvidence).toEqual({ createDate: daysAgo(300), lastUsedDate: daysAgo(5), thresholdDays: 90 });
    expect(busy.note).toMatch(/Our limit is 90 days \(--role-unused-days\); the analyzer's tracking period \(unusedAccessAge\)/);
    const ec2 = rowOf(report, 'ExternalAccess', role('ec2'));
    expect(ec2).toMatchObject({ comparison: 'DISAGREE', disagreement: 'analyzer-only', ourVerdict: 'PASS' });
    expect(ec2.ourEvidence).toMatchObject({ trustPolicy: { Statement: [{ Principal: { Service: ['ec2.amazonaws.com'] } }] } });

    // (b) our check failed, and an active analyzer of that kind, read in full, reports nothing.
    const stale = rowOf(report, 'UnusedIAMRole', role('stale'));
    expect(stale).toMatchObject({ comparison: 'DISAGREE', disagreement: 'ours-only', ourVerdict: 'FAIL', silentAnalyzers: [UNUSED.arn] });
    expect(stale.analyzer).toBeUndefined();
    expect(stale.ourEvidence).toMatchObject({ idleDays: 150, thresholdDays: 90 });
    expect(rowOf(report, 'ExternalAccess', role('vendor'))).toMatchObject({ disagreement: 'ours-only', silentAnalyzers: [EXTERNAL.arn] });
    expect(section.rows.filter((r) => r.disagreement === 'ours-only').map((r) => r.resource)).toEqual([role('vendor'), role('stale')]);

    // bob has no active key: our check did not judge him, which is not agreement.
    expect(rowOf(report, 'UnusedIAMUserAccessKey', user('bob'))).toMatchObject({ comparison: 'UNKNOWN', ourVerdict: 'NOT_JUDGED' });
    expect(rowOf(report, 'UnusedPermission', role('busy'))).toMatchObject({ comparison: 'NOT_COMPARABLE', ourVerdict: 'NONE', checks: [] });
    expect(rowOf(report, 'ExternalAccess', 'arn:aws:s3:::shared-bucket').note).toMatch(/trust policies only; the policy of this AWS::S3::Bucket is not read/);

    expect(section.rows.map((r) => r.comparison)).toEqual(['DISAGREE', 'DISAGREE', 'DISAGREE', 'DISAGREE', 'UNKNOWN', 'AGREE', 'AGREE', 'AGREE', 'NOT_COMPARABLE', 'NOT_COMPARABLE']);
    expect(section.rows.slice(0, 2).map((r) => r.disagreement)).toEqual(['analyzer-only', 'analyzer-only']);
    expect(section.counts).toEqual({ imported: 8, linked: 3, disagreements: 4, analyzerOnly: 2, oursOnly: 2, unknown: 1 });
    expect(section.analyzers.map((a) => [a.name, a.findingsComplete])).toEqual([['external-access', true], ['unused', true]]);
    expect(section.incomplete).toEqual([]);
    expect(validate(JSON.parse(renderJson(report))) ? [] : validate.errors).toEqual([]);
  });

  it('a truncated or denied list is named, and what it may hide is unknown, never agreement or disagreement', async () => {
    const b = account()
      .gap('accessAnalyzerFindings', 'Truncated', 'access-analyzer:ListFindingsV2')
      .gap('accessAnalyzer', 'AccessDenied', 'access-analyzer:ListAnalyzers');
    const snap = build(b);
    snap.gaps[0] = { ...snap.gaps[0]!, resource: UNUSED.arn, message: 'unused in us-east-1 has more than 5 ACTIVE findings; the first 5 were read' };
    snap.gaps[1] = { ...snap.gaps[1]!, resource: analyzerArn('*', 'eu-west-1'), message: 'eu-west-1: not authorized' };
    const report = await audit(snap);
    const section = report.accessAnalyzer!;
    expect(section.incomplete.map((g) => [g.part, g.error, g.resource])).toEqual([
      ['accessAnalyzerFindings', 'Truncated', UNUSED.arn],
      ['accessAnalyzer', 'AccessDenied', analyzerArn('*', 'eu-west-1')],
    ]);
    expect(section.analyzers.find((a) => a.name === 'unused')!.findingsComplete).toBe(false);
    // The unused analyzer's list was cut: stale may be among the findings not read.
    expect(rowOf(report, 'UnusedIAMRole', role('stale'))).toMatchObject({ comparison: 'UNKNOWN', silentAnalyzers: [UNUSED.arn] });
    expect(rowOf(report, 'UnusedIAMRole', role('stale')).note).toMatch(/incomplete/);
    // The external analyzer was read in full: its silence on vendor is still a disagreement.
    expect(rowOf(report, 'ExternalAccess', role('vendor'))).toMatchObject({ comparison: 'DISAGREE', disagreement: 'ours-only' });
    expect(validate(JSON.parse(renderJson(report))) ? [] : validate.errors).toEqual([]);
  });

  it('findings denied as a whole: our failures are unknown against the analyzers, nothing agrees', async () => {
    const snap = build(account().gap('accessAnalyzerFindings', 'AccessDenied', 'access-analyzer:ListFindingsV2'));
    delete snap.accessAnalyzerFindings;
    const report = await audit(snap);
    const section = report.accessAnalyzer!;
    expect(section.counts).toEqual({ imported: 0, linked: 0, disagreements: 0, analyzerOnly: 0, oursOnly: 0, unknown: 5 });
    expect(section.rows.map((r) => [r.findingType, r.resource, r.comparison])).toEqual([
      ['ExternalAccess', role('partner'), 'UNKNOWN'],
      ['ExternalAccess', role('vendor'), 'UNKNOWN'],
      ['UnusedIAMRole', role('idle'), 'UNKNOWN'],
      ['UnusedIAMRole', role('stale'), 'UNKNOWN'],
      ['UnusedIAMUserAccessKey', user('alice'), 'UNKNOWN'],
    ]);
    expect(section.rows.every((r) => r.comparison === 'UNKNOWN')).toBe(true);
    expect(section.incomplete.map((g) => g.error)).toEqual(['AccessDenied']);
  });

  it('our verdict unknown (excluded check, unreadable role) is UNKNOWN, never agreement', async () => {
    const excluded = await audit(build(account()), ['iam.role.unused']);
    expect(rowOf(excluded, 'UnusedIAMRole', role('busy'))).toMatchObject({ comparison: 'UNKNOWN', ourVerdict: 'NOT_RUN' });
    expect(rowOf(excluded, 'UnusedIAMRole', role('idle'))).toMatchObject({ comparison: 'UNKNOWN', ourVerdict: 'NOT_RUN', linkedFindings: [] });

    const snap = build(account());
    snap.gaps.push({ part: 'roles', api: 'iam:GetAccountAuthorizationDetails', error: 'Malformed', message: 'no RoleLastUsed', resource: role('busy'), field: 'RoleLastUsed' });
    const report = await audit(snap);
    const busy = rowOf(report, 'UnusedIAMRole', role('busy'));
    expect(busy).toMatchObject({ comparison: 'UNKNOWN', ourVerdict: 'NOT_ASSESSED' });
    expect(busy.linkedFindings).toEqual(ourIds(report, 'iam.role.unused', role('busy')));
    expect(busy.linkedFindings).toHaveLength(1);
  });

  it('no analyzer at all: an empty section (nothing compared); an offline export: no section', async () => {
    const none = await audit(build(account(), [], []));
    expect(none.accessAnalyzer).toEqual({ counts: { imported: 0, linked: 0, disagreements: 0, analyzerOnly: 0, oursOnly: 0, unknown: 0 }, analyzers: [], incomplete: [], rows: [] });

    const offline = account().build();
    delete offline.accessAnalyzer;
    delete offline.accessAnalyzerFindings;
    offline.gaps.push(
      { part: 'accessAnalyzer', api: 'access-analyzer:ListAnalyzers', error: 'NotProvided', message: 'offline audit' },
      { part: 'accessAnalyzerFindings', api: 'access-analyzer:ListFindingsV2', error: 'NotProvided', message: 'offline audit' },
    );
    expect((await audit(offline)).accessAnalyzer).toBeUndefined();
  });

  it('an organization analyzer finding on another account compares nothing', async () => {
    const org: Analyzer = { ...UNUSED, arn: analyzerArn('org-unused'), name: 'org-unused', type: 'ORGANIZATION_UNUSED_ACCESS' };
    const foreign = aa('UnusedIAMRole', `arn:aws:iam::${OTHER_ACCOUNT}:role/idle`, 'AWS::IAM::Role', org, { resourceOwnerAccount: OTHER_ACCOUNT });
    const report = await audit(build(account(), [org], [foreign]));
    expect(rowOf(report, 'UnusedIAMRole', foreign.resource!)).toMatchObject({ comparison: 'NOT_COMPARABLE', ourVerdict: 'NONE' });
    expect(rowOf(report, 'UnusedIAMRole', foreign.resource!).note).toMatch(new RegExp(`account ${OTHER_ACCOUNT}`));
  });

  it('changes no verdict, exit code or compliance status', async () => {
    const withSection = await audit(build(account()));
    const without = await audit(build(account(), [EXTERNAL, UNUSED], []));
    expect(withSection.accessAnalyzer!.counts.disagreements).toBeGreaterThan(0);
    for (const key of ['summary', 'checks', 'findings', 'compliance'] as const) expect(withSection[key]).toEqual(without[key]);
    expect(exitCodeFor(withSection, 'low')).toBe(exitCodeFor(without, 'low'));
  });
});
