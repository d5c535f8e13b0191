// Credential report: GenerateCredentialReport until COMPLETE (polled with backoff up to a deadline, never a busy
// loop), then GetCredentialReport. AWS reuses a report for up to 4 hours; its GeneratedTime is kept in the snapshot.
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';
import { testRetryDelayMs } from '../aws/test-retry-delay.js';
import { parseCredentialReportCsv } from '../load/credential-report-csv.js';
import type { CredentialReport, Gap } from '../snapshot/snapshot.js';
import { errorCode } from './errors.js';

export interface CredentialReportOptions {
  /** First wait between polls; doubled each time up to maxPollMs. */
  initialPollMs?: number;
  maxPollMs?: number;
  /** Give up after this long. */
  deadlineMs?: number;
  /** Waits between polls (tests pass a fast one; default: real time, or HARDENING_AUDIT_TEST_RETRY_DELAY_MS). */
  sleep?: (ms: number) => Promise<unknown>;
  /** The clock the deadline is measured on (default Date.now). */
  now?: () => number;
}

/** Not ready yet, or a limit on generation: wait and ask again. */
const TRY_AGAIN = new Set([
  'ReportInProgress',
  'ReportNotPresent',
  'ReportExpired',
  'CredentialReportNotReadyException',
  'CredentialReportNotPresentException',
  'CredentialReportExpiredException',
  'LimitExceeded',
  'LimitExceededException',
]);

export class CredentialReportTimeout extends Error {
  override name = 'CredentialReportTimeout';
}

/** The report, and what reading its CSV raised (row gaps, a missing column, unknown columns as warnings). */
export type CollectedCredentialReport = CredentialReport & { gaps: Gap[]; warnings: string[] };

export async function collectCredentialReport(iam: IAMClient, options: CredentialReportOptions = {}): Promise<CollectedCredentialReport> {
  const { initialPollMs = 500, maxPollMs = 10_000, deadlineMs = 180_000 } = options;
  const testDelay = testRetryDelayMs();
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? (testDelay === undefined ? sleep : () => sleep(testDelay));
  const deadline = now() + deadlineMs;
  let wait = initialPollMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const generated = await iam.send(new GenerateCredentialReportCommand({}));
      if (generated.State === 'COMPLETE') {
        const report = await iam.send(new GetCredentialReportCommand({}));
        if (!report.Content) throw new Error('GetCredentialReport returned no Content');
        const csv = Buffer.from(report.Content).toString('utf8');
        return { generatedTime: (report.GeneratedTime ?? new Date()).toISOString(), ...parseCredentialReportCsv(csv, 'iam:GetCredentialReport') };
      }
    } catch (e) {
      if (!TRY_AGAIN.has(errorCode(e))) throw e;
    }
    if (now() + wait > deadline) {
      throw new CredentialReportTimeout(`the credential report was not COMPLETE after ${attempt} polls in ${deadlineMs} ms`);
    }
    await pause(wait);
    wait = Math.min(wait * 2, maxPollMs);
  }
}
