// The per-account result of one org fan-out run, written by the worker next to the manifest
// (<prefix>/org/<org>/<date>/accounts/<account>.json) and read back by the aggregator. It carries everything the
// organization report and mail need — the OrgAccountEntry, the check outcomes' id/title/severity/status (for the
// by-check totals), and the diff counts against the account's previous run — so the aggregator never loads the full
// account reports: a 200-account organization is 200 records of a few KB.
import { z } from 'zod';
import { SEVERITIES } from '../vocabulary.js';
import type { OrgAccountEntry, SeverityCounts } from '../report/org-model.js';
import type { CheckOutcomeSummary } from './summary.js';
import { firstIssueText } from '../util/zod-issue.js';

export const RECORD_VERSION = 1;

export interface OrgAccountRecord {
  recordVersion: typeof RECORD_VERSION;
  runId: string;
  orgId: string;
  date: string;
  accountId: string;
  writtenAt: string;
  entry: OrgAccountEntry;
  /** AUDITED: the check outcomes, reduced. */
  checks?: CheckOutcomeSummary[];
  /** AUDITED: against the account's previous archived run (previousDate null: a first run, every open one is new). */
  diff?: { previousDate: string | null; new: SeverityCounts; resolved: SeverityCounts };
}

const severityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().min(0)])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>);
const recordSchema = z.object({
  recordVersion: z.literal(RECORD_VERSION),
  runId: z.string(),
  orgId: z.string(),
  date: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  writtenAt: z.string(),
  entry: z.looseObject({ id: z.string(), name: z.string(), ouPath: z.string(), status: z.enum(['AUDITED', 'FAILED']) }),
  checks: z.array(z.object({ id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), status: z.string() })).optional(),
  diff: z.object({ previousDate: z.string().nullable(), new: severityCounts, resolved: severityCounts }).optional(),
});

export function parseAccountRecord(value: unknown, source: string): OrgAccountRecord {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${source}: not an org account record: ${firstIssueText(parsed.error)}`);
  }
  return parsed.data as unknown as OrgAccountRecord;
}
