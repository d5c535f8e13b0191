// The IAM Access Analyzer section in the HTML report, without a browser: collapsed after the findings table, the
// disagreement first, incomplete lists named, account data escaped.
import { describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../../src/pipeline/audit.js';
import { renderHtml } from '../../../src/report/html/html.js';
import type { AccessAnalyzerFinding } from '../../../src/snapshot/snapshot.js';
import { DEFAULT_THRESHOLDS } from '../../../src/vocabulary.js';
import { ACCOUNT, daysAgo, NOW, snapshot } from '../../fixtures/snapshot-builder.js';

const UNUSED = `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/unused`;
const finding = (name: string): AccessAnalyzerFinding => ({
  analyzerArn: UNUSED,
  region: 'us-east-1',
  id: `f-${name}`,
  findingType: 'UnusedIAMRole',
  status: 'ACTIVE',
  resource: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: ACCOUNT,
  createdAt: daysAgo(20),
  updatedAt: daysAgo(2),
  analyzedAt: daysAgo(1),
});

async function html(truncated = false): Promise<string> {
  const b = snapshot()
    .role('a-idle', { lastUsed: daysAgo(200) }) // agrees; sorts first by name
    .role('z-busy<b>', { lastUsed: daysAgo(3) }) // our check passed: the disagreement
    .set('accessAnalyzer', {
      regions: ['us-east-1'],
      analyzers: [{ arn: UNUSED, name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', region: 'us-east-1', tags: {} }],
    })
    .set('accessAnalyzerFindings', [finding('a-idle'), finding('z-busy<b>')]);
  if (truncated) b.gap('accessAnalyzerFindings', 'Truncated', 'access-analyzer:ListFindingsV2');
  const snap = b.build();
  if (truncated) snap.gaps[0] = { ...snap.gaps[0]!, resource: UNUSED, message: 'unused in us-east-1 has more than 2 ACTIVE findings' };
  return renderHtml(await auditSnapshot(snap, { thresholds: DEFAULT_THRESHOLDS, now: NOW }));
}

describe('HTML: IAM Access Analyzer section', () => {
  it('is a collapsed <details> after the findings table that lists the disagreement first', async () => {
    const page = await html();
    const fold = page.match(/<details class="card fold" id="access-analyzer-fold"( open)?>[\s\S]*?<\/details>\n/);
    expect(fold).not.toBeNull();
    expect(fold![1]).toBeUndefined(); // not open
    expect(page.indexOf('id="access-analyzer-fold"')).toBeGreaterThan(page.indexOf('id="findings"'));
    expect(fold![0]).toMatch(/<span class="muted fold-note">1 disagreement, 2 findings imported, 1 linked to ours<\/span>/);
    const rows = [...fold![0].matchAll(/<tr class="aa-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<span class="status status-fail">disagree: only Access Analyzer</span>');
    expect(rows[0]).toContain('role/z-busy&lt;b&gt;');
    expect(rows[0]).toContain('iam.role.unused: passed');
    expect(rows[0]).toMatch(/Our evidence<\/summary><pre>\{\n {2}&quot;createDate&quot;/);
    expect(rows[1]).toContain('<span class="status status-pass">agree</span>');
    expect(rows[1]).toContain('role/a-idle');
    expect(page).not.toContain('z-busy<b>');
  });

  it('names the incomplete lists', async () => {
    const page = await html(true);
    expect(page).toMatch(/<h3>Incomplete lists<\/h3>[\s\S]*access-analyzer:ListFindingsV2 failed: Truncated \(unused in us-east-1 has more than 2 ACTIVE findings\)/);
    expect(page).toContain('unused (ACCOUNT_UNUSED_ACCESS, us-east-1, findings incomplete)');
  });
});
