// Orchestration: snapshot -> checks -> suppressions -> report (with its compliance view). No AWS calls of its own.
import { ALL_CHECKS } from '../checks/index.js';
import { runChecks, type CheckOutcome } from '../checks/run.js';
import type { Check, CheckContext } from '../checks/types.js';
import { SEVERITIES, type Severity, type Status, type Thresholds } from '../vocabulary.js';
import { agentPosture } from '../agents/posture.js';
import { buildCompliance } from '../compliance/index.js';
import { loadActionCatalog } from '../policy/catalog.js';
import { compareWithAccessAnalyzer, LINKED_CHECK_IDS } from '../report/access-analyzer.js';
import { REPORT_VERSION, type AuditReport, type ReportFinding, type ReportSummary } from '../report/model.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';
import { applySuppressions, type Suppressions } from '../settings/suppressions.js';
import { TOOL_VERSION } from '../version.js';

export interface AuditOptions {
  thresholds: Thresholds;
  /** "Now" for ages, the report date and suppression expiry, ISO-8601. */
  now: string;
  excludeChecks?: string[];
  checks?: readonly Check[];
  /** Accepted findings (src/settings/suppressions.ts); absent = none, and the report has no `suppressions` section. */
  suppressions?: Suppressions;
  /** Extra check context: known accounts, the organization's accounts, production OU globs (org mode). */
  context?: Pick<CheckContext, 'knownAccounts' | 'organizationAccountIds' | 'productionOuPatterns' | 'agents'>;
  /** The frameworks of the compliance view (--framework), by id; default: every shipped one. */
  frameworks?: readonly string[];
  source?: string; // the report's source when the snapshot's own would mislead (a re-audited saved snapshot: pipeline/sources.ts)
}

export async function auditSnapshot(snapshot: AccountSnapshot, options: AuditOptions): Promise<AuditReport> {
  const catalog = await loadActionCatalog();
  const exclude = new Set(options.excludeChecks ?? []);
  const all = options.checks ?? ALL_CHECKS;
  const checks = all.filter((c) => !exclude.has(c.id));
  const context: CheckContext = { ...options.context, now: options.now, thresholds: options.thresholds, catalog };
  const { outcomes, findings: raw } = runChecks(snapshot, checks, context);
  const agents = agentPosture(snapshot, context, outcomes, raw);
  const applied = options.suppressions ? applySuppressions(raw, options.suppressions, options.now) : undefined;
  const findings: ReportFinding[] = applied?.findings ?? raw;
  const excludedChecks = all.filter((c) => exclude.has(c.id)).map((c) => c.id);
  const judged = populationsOf(checks.filter((c) => LINKED_CHECK_IDS.has(c.id)), snapshot, context);
  const accessAnalyzer = compareWithAccessAnalyzer({ snapshot, outcomes, findings, judged, thresholds: options.thresholds });
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'hardening-audit', version: TOOL_VERSION },
    generatedAt: options.now,
    account: {
      id: snapshot.accountId,
      partition: snapshot.partition,
      ...(snapshot.callerArn ? { callerArn: snapshot.callerArn } : {}),
    },
    source: options.source ?? snapshot.source,
    collectedAt: new Date(snapshot.collectedAt).toISOString(),
    ...(snapshot.credentialReport ? { credentialReportGeneratedAt: new Date(snapshot.credentialReport.generatedTime).toISOString() } : {}),
    thresholds: options.thresholds,
    summary: summarize(outcomes, findings),
    checks: outcomes,
    findings,
    gaps: snapshot.gaps,
    compliance: buildCompliance({ checks: outcomes, findings, excludedChecks, thresholds: options.thresholds, ...(options.frameworks ? { frameworkIds: options.frameworks } : {}) }),
    ...(agents.length ? { agents } : {}),
    ...(applied ? { suppressions: applied.section } : {}),
    ...(accessAnalyzer ? { accessAnalyzer } : {}),
  };
}

/** What each check judges (its population), for the Access Analyzer comparison; a population that throws is unknown. */
function populationsOf(checks: readonly Check[], snapshot: AccountSnapshot, context: CheckContext): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const check of checks) {
    try {
      out.set(check.id, new Set(check.population.members(snapshot, context)));
    } catch {
      // Unknown: the comparison then calls our verdict NOT_ASSESSED, never PASS.
    }
  }
  return out;
}

/** Counts for the report summary; suppressed findings count only under `suppressed`. */
export function summarize(outcomes: readonly CheckOutcome[], findings: readonly ReportFinding[]): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let failed = 0;
  let notAssessed = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else if (f.status === 'FAIL') {
      failed++;
      bySeverity[f.severity]++;
    } else if (f.status === 'NOT_ASSESSED') notAssessed++;
  }
  const count = (status: Status) => outcomes.filter((o) => o.status === status).length;
  return {
    bySeverity,
    failed,
    notAssessed,
    suppressed,
    checks: {
      total: outcomes.length,
      passed: count('PASS'),
      failed: count('FAIL'),
      notAssessed: count('NOT_ASSESSED'),
      notApplicable: count('NOT_APPLICABLE'),
    },
  };
}

/**
 * Exit code: 3 when the audit is incomplete — some check could not be assessed (it cannot vouch for anything) —,
 * 1 when findings reach failOn, else 0. A gap in data that no check reads (e.g. the account summary of an offline
 * export) is reported but changes no verdict, so it does not make the run incomplete. Suppressed findings count for
 * neither (a NOT_ASSESSED finding is suppressed only by an entry that names its check with notAssessed: true).
 * A NOT_APPLICABLE check (nothing to judge in this account) has no finding, so it changes neither.
 */
export function exitCodeFor(report: AuditReport, failOn: Severity | 'none'): 0 | 1 | 3 {
  if (report.summary.notAssessed > 0) return 3;
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = SEVERITIES.filter((_, i) => i <= threshold).some((s) => report.summary.bySeverity[s] > 0);
  return failing ? 1 : 0;
}
