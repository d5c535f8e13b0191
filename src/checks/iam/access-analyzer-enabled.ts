// CIS 1.20 (v7.0.0: 2.18) / Security Hub IAM.28: an IAM Access Analyzer external access analyzer (zone of trust: the
// account or the organization) is ACTIVE in every enabled region. Analyzers are regional, so each region is judged on
// its own: one finding per region (detail = region). An organization analyzer lives in the management or delegated
// administrator account; a member account does not list it, so there it does not count.
import type { Check, CheckResult } from '../types.js';
import { accountArn } from '../util/arn.js';
import { describeGaps, EXTERNAL_ACCESS_TYPES, regionGaps, requireAccessAnalyzer } from '../util/account-reads.js';
import { theAccount } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';

export const accessAnalyzerEnabled: Check = {
  id: 'iam.access-analyzer.enabled',
  title: 'An IAM Access Analyzer external access analyzer is active in every enabled region',
  severity: 'medium',
  needs: ['accessAnalyzer'],
  // Judged on the account, once per region; a region whose analyzers could not be listed is judged by run().
  population: { ...theAccount, closed: true },
  remediation: 'Create an external access analyzer in every enabled region (aws accessanalyzer create-analyzer --type ACCOUNT, or ORGANIZATION from the delegated administrator).',
  run: (snap) => {
    const part = requireAccessAnalyzer(snap);
    const resourceArn = accountArn(snap);
    return part.regions.map((region): CheckResult => {
      const gaps = regionGaps(snap, region);
      const inRegion = part.analyzers.filter((a) => a.region === region);
      const evidence = { region, analyzers: inRegion.map((a) => ({ name: a.name, arn: a.arn, type: a.type, status: a.status })) };
      if (gaps.length) {
        return { resourceArn, detail: region, status: 'NOT_ASSESSED', message: `Not assessed in ${region}: ${describeGaps(gaps)}.`, evidence: { ...evidence, gaps } };
      }
      const external = inRegion.filter((a) => EXTERNAL_ACCESS_TYPES.has(a.type));
      const active = external.filter((a) => a.status === 'ACTIVE');
      if (active.length) {
        return { resourceArn, detail: region, status: 'PASS', message: `${active[0]!.name} (${active[0]!.type}) is an active external access analyzer in ${region}.`, evidence };
      }
      const why = external.length
        ? `its external access analyzer${external.length === 1 ? ' is' : 's are'} not active (${external.map((a) => `${a.name}: ${a.status}${a.statusReason ? `, ${a.statusReason}` : ''}`).join('; ')})`
        : inRegion.length
          ? `it has only analyzers of other types (${inRegion.map((a) => `${a.name}: ${a.type}`).join('; ')})`
          : 'it has no analyzer';
      return {
        resourceArn,
        detail: region,
        status: 'FAIL',
        message: `No IAM Access Analyzer external access analyzer is active in ${region}: ${why}, so resources shared outside the account there go unnoticed.`,
        evidence,
        remediation: draft(
          `aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region ${sh(region)}`,
          '# In an organization, an ORGANIZATION analyzer of the delegated administrator covers this account but is listed only there.',
        ),
      };
    });
  },
};
