// Security Hub IAM.23: IAM Access Analyzer analyzers are tagged. Without the control's requiredTagKeys parameter it
// asks for at least one tag key other than the system (aws:) ones. A region whose analyzers could not be listed
// may hold untagged ones: NOT_ASSESSED there.
import { analyzerRegionResource } from '../../snapshot/snapshot.js';
import type { Check, CheckResult } from '../types.js';
import { describeGaps, regionGaps, requireAccessAnalyzer } from '../util/account-reads.js';
import { populationOf } from '../util/populations.js';
import { sh } from '../util/shell.js';

export const accessAnalyzerTagged: Check = {
  id: 'iam.access-analyzer.tagged',
  title: 'IAM Access Analyzer analyzers are tagged',
  severity: 'low',
  needs: ['accessAnalyzer'],
  population: {
    ...populationOf('IAM Access Analyzer analyzers', (snap) => {
      const part = requireAccessAnalyzer(snap);
      const unread = part.regions.filter((r) => regionGaps(snap, r).length).map((r) => analyzerRegionResource(snap.partition, snap.accountId, r));
      return [...part.analyzers.map((a) => a.arn), ...unread];
    }),
    closed: true,
  },
  remediation: 'Tag every analyzer (aws accessanalyzer tag-resource), e.g. with its owner.',
  run: (snap) => {
    const part = requireAccessAnalyzer(snap);
    const unread = part.regions
      .map((region) => ({ region, gaps: regionGaps(snap, region) }))
      .filter((r) => r.gaps.length)
      .map(({ region, gaps }): CheckResult => ({
        resourceArn: analyzerRegionResource(snap.partition, snap.accountId, region),
        status: 'NOT_ASSESSED',
        message: `The analyzers of ${region} could not be listed: ${describeGaps(gaps)}.`,
        evidence: { region, gaps },
      }));
    const judged = part.analyzers.map((a): CheckResult => {
      const keys = Object.keys(a.tags).filter((k) => !k.toLowerCase().startsWith('aws:'));
      const evidence = { name: a.name, region: a.region, type: a.type, tagKeys: keys };
      if (keys.length) return { resourceArn: a.arn, status: 'PASS', message: `${a.name} is tagged (${keys.join(', ')}).`, evidence };
      return {
        resourceArn: a.arn,
        status: 'FAIL',
        message: `The analyzer ${a.name} in ${a.region} has no tag${Object.keys(a.tags).length ? ' other than system (aws:) tags' : ''}.`,
        evidence,
        remediation: `aws accessanalyzer tag-resource --resource-arn ${sh(a.arn)} --tags owner=<team> --region ${sh(a.region)}`,
      };
    });
    return [...judged, ...unread];
  },
};
