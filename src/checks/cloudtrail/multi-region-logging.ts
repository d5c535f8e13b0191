// CIS 3.1 / Security Hub CloudTrail.1: at least one multi-region trail that is logging and records all management
// events (read and write). Trails are read in one region; multi-region and organization trails show up there as
// shadow trails, so the region does not matter for this check. An organization trail counts for a member account.
import type { Check } from '../types.js';
import { accountArn } from '../util/arn.js';
import { requireCloudTrail, trailSummary } from '../util/cloudtrail.js';
import { draft, sh } from '../util/shell.js';
import { theAccount } from '../util/populations.js';

export const cloudTrailMultiRegionLogging: Check = {
  id: 'cloudtrail.multi-region-logging',
  title: 'A multi-region CloudTrail trail is logging all management events',
  severity: 'high',
  needs: ['cloudTrail'],
  population: theAccount,
  remediation:
    'Create a multi-region trail (or use the organization trail) that records read and write management events, and keep it logging.',
  run: (snap) => {
    const ct = requireCloudTrail(snap);
    const resourceArn = accountArn(snap);
    const good = ct.trails.filter((t) => t.isMultiRegionTrail && t.isLogging && t.managementEvents === 'All');
    const evidence = { region: ct.region, trails: ct.trails.map(trailSummary) };
    if (good.length > 0) {
      return [
        {
          resourceArn,
          status: 'PASS',
          message: `${good.map((t) => t.name).join(', ')} ${good.length === 1 ? 'is a multi-region trail' : 'are multi-region trails'} logging all management events.`,
          evidence,
        },
      ];
    }
    const multi = ct.trails.filter((t) => t.isMultiRegionTrail);
    const why =
      ct.trails.length === 0
        ? 'No CloudTrail trail exists'
        : multi.length === 0
          ? `No trail is multi-region (${ct.trails.map((t) => t.name).join(', ')} cover${ct.trails.length === 1 ? 's' : ''} one region only)`
          : multi
              .map((t) => `${t.name} ${!t.isLogging ? 'is not logging' : `records ${t.managementEvents === 'None' ? 'no' : t.managementEvents === 'ReadOnly' ? 'only read' : 'only write'} management events`}`)
              .join('; ');
    const fixable = multi.find((t) => !t.isOrganizationTrail);
    const remediation = fixable
      ? draft(
          `# ${fixable.name} exists; make it log all management events (run in its home region ${fixable.homeRegion}):`,
          !fixable.isLogging && `aws cloudtrail start-logging --name ${sh(fixable.arn)} --region ${sh(fixable.homeRegion)}`,
          fixable.managementEvents !== 'All' &&
            `aws cloudtrail put-event-selectors --trail-name ${sh(fixable.arn)} --region ${sh(fixable.homeRegion)} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
        )
      : draft(
          '# A bucket policy must let CloudTrail write to the bucket first (see "Amazon S3 bucket policy for CloudTrail").',
          'aws cloudtrail create-trail --name management-events --s3-bucket-name <log-bucket> --is-multi-region-trail --enable-log-file-validation',
          'aws cloudtrail start-logging --name management-events',
          '# Better in an organization: one organization trail from the management account (--is-organization-trail).',
        );
    return [{ resourceArn, status: 'FAIL', message: `${why}: API activity in this account is not fully recorded.`, evidence, remediation }];
  },
};
