// CIS 3.2 / Security Hub CloudTrail.4: every trail validates its log files (a signed digest file every hour), so
// tampering with delivered logs can be detected.
import type { Check, CheckResult } from '../types.js';
import { accountArn } from '../util/arn.js';
import { requireCloudTrail, trailSummary } from '../util/cloudtrail.js';
import { sh } from '../util/shell.js';
import { trailsOrAccount } from '../util/populations.js';

export const cloudTrailLogFileValidation: Check = {
  id: 'cloudtrail.log-file-validation',
  title: 'CloudTrail log file validation is enabled',
  severity: 'medium',
  needs: ['cloudTrail'],
  population: trailsOrAccount,
  remediation: 'Enable log file validation on every trail: aws cloudtrail update-trail --name <trail> --enable-log-file-validation.',
  run: (snap) => {
    const ct = requireCloudTrail(snap);
    if (ct.trails.length === 0) {
      return [
        {
          resourceArn: accountArn(snap),
          status: 'FAIL',
          message: 'No CloudTrail trail exists, so no log file is written or validated.',
          evidence: { region: ct.region, trails: [] },
          remediation:
            'Create a multi-region trail with --enable-log-file-validation (see cloudtrail.multi-region-logging), or use the organization trail.',
        },
      ];
    }
    return ct.trails.map((t): CheckResult => {
      const evidence = trailSummary(t);
      if (t.logFileValidationEnabled) {
        return { resourceArn: t.arn, status: 'PASS', message: `${t.name} validates its log files.`, evidence };
      }
      return {
        resourceArn: t.arn,
        status: 'FAIL',
        message: `${t.name} does not validate its log files: changes to delivered logs would go unnoticed.`,
        evidence,
        remediation: t.isOrganizationTrail
          ? `# ${t.name} is an organization trail: change it from the management account, in ${t.homeRegion}.\naws cloudtrail update-trail --name ${sh(t.arn)} --region ${sh(t.homeRegion)} --enable-log-file-validation`
          : `aws cloudtrail update-trail --name ${sh(t.arn)} --region ${sh(t.homeRegion)} --enable-log-file-validation`,
      };
    });
  },
};
