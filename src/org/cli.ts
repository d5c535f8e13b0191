// The CLI's --org path: validate the org options, run the organization audit, print its summary, return the exit
// code. Kept out of cli-run.ts so the single-account flow there stays as it is.
import { InputError } from '../errors.js';
import type { AuditSettings } from '../pipeline/settings.js';
import { orgSummaryText, runOrgAudit } from './run.js';

/** The subset of the CLI options the org path reads. */
export interface OrgCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  maxAttempts: number;
  iamConcurrency: number;
  credentialReportTimeout: number;
  snapshot?: string;
  authDetails?: string[];
  saveSnapshot?: string;
  out: string;
  assumeRole?: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  accountsConcurrency: number;
}

export async function runOrgCli(opts: OrgCliOptions, settings: AuditSettings, now: string, progress: (m: string) => void): Promise<number> {
  if (opts.snapshot || opts.authDetails) throw new InputError('--org audits live accounts: it cannot be combined with --snapshot or --auth-details');
  if (!opts.assumeRole) throw new InputError('--org needs --assume-role NAME: the read-only audit role deployed in every member account');
  if (!/^[\w+=,.@/-]{1,512}$/.test(opts.assumeRole)) throw new InputError(`--assume-role ${JSON.stringify(opts.assumeRole)} is not a valid role name`);
  if (opts.accountsConcurrency < 1) throw new InputError('--accounts-concurrency must be at least 1');
  const result = await runOrgAudit({
    aws: { profile: opts.profile, region: opts.region, endpointUrl: opts.endpointUrl, maxAttempts: opts.maxAttempts },
    assumeRole: opts.assumeRole,
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
    ...(opts.accounts ? { accounts: opts.accounts } : {}),
    ...(opts.excludeAccounts ? { excludeAccounts: opts.excludeAccounts } : {}),
    accountsConcurrency: opts.accountsConcurrency,
    collect: { iamConcurrency: opts.iamConcurrency, credentialReport: { deadlineMs: opts.credentialReportTimeout * 1000 } },
    settings,
    now,
    outDir: opts.out,
    // In org mode --save-snapshot names a folder: one <account>-<date>.snapshot.json per account.
    ...(opts.saveSnapshot ? { saveSnapshotDir: opts.saveSnapshot } : {}),
    progress,
  });
  process.stdout.write(orgSummaryText(result));
  return result.exitCode;
}
