// The one place that turns settings into what an audit runs with: thresholds, agent selector, known accounts, the
// check set (organization checks when the snapshot has organization data), suppressions. The CLI (flags + config
// file) and the Lambda handlers (HARDENING_AUDIT_* variables) each build an AuditSettings; from here on every entry
// point audits alike. Before this module, the nightly Lambda and the org worker left out the known accounts and the
// agent selector, so the same role read "trusts Datadog (464622532012)" from the CLI and "an unknown account" from
// the Lambda.
import { DEFAULT_AGENT_SELECTOR, type AgentSelector } from '../agents/select.js';
import type { AuditOptions } from './audit.js';
import { ALL_CHECKS } from '../checks/index.js';
import { ORG_CHECKS, wantsOrgChecks } from '../checks/org/index.js';
import type { Check } from '../checks/types.js';
import type { Severity, Thresholds } from '../vocabulary.js';
import { InputError } from '../errors.js';
import { loadKnownAccounts, type KnownAccounts } from '../settings/known-accounts.js';
import { DEFAULT_PRODUCTION_OUS } from '../org/scp.js';
import { DEFAULT_TREND_RUNS } from '../report/trend.js';
import type { AccountSnapshot } from '../snapshot/snapshot.js';
import type { Suppressions } from '../settings/suppressions.js';
import type { RenderOptions, ReportFormat } from './renderers.js';
import { editDistance } from '../util/edit-distance.js';
import { FRAMEWORK_IDS } from '../compliance/frameworks.js';

export type FailOn = Severity | 'none';

export interface AuditSettings {
  thresholds: Thresholds;
  failOn: FailOn;
  excludeChecks: readonly string[];
  suppressions?: Suppressions;
  /** Which principals are AI agents (default: tags Purpose=ai-agent or ai-agent=true). */
  agents: AgentSelector;
  /** The shipped list of vendor and AWS service accounts plus the user's files. */
  knownAccounts: KnownAccounts;
  /** Org mode: OU name globs of production accounts. */
  productionOus: readonly string[];
  formats: readonly ReportFormat[];
  render: RenderOptions;
  /** Runs in the trend chart (this one included). */
  trendRuns: number;
  /** The frameworks of the compliance view, by id (src/compliance/catalogues): default every shipped one. */
  frameworks: readonly string[];
}

/** Every check there is: the account checks, then the organization checks. */
export const EVERY_CHECK: readonly Check[] = [...ALL_CHECKS, ...ORG_CHECKS];

/** Defaults for what an entry point does not set. */
export function auditSettings(given: Partial<AuditSettings> & Pick<AuditSettings, 'thresholds' | 'failOn'>): AuditSettings {
  const set = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as typeof given;
  const settings: AuditSettings = {
    excludeChecks: [],
    agents: DEFAULT_AGENT_SELECTOR,
    knownAccounts: set.knownAccounts ?? loadKnownAccounts([]),
    productionOus: [...DEFAULT_PRODUCTION_OUS],
    formats: ['json', 'html', 'csv'],
    render: {},
    trendRuns: DEFAULT_TREND_RUNS,
    frameworks: FRAMEWORK_IDS,
    ...set,
  };
  checkIds(settings.excludeChecks);
  return settings;
}

/** The checks a snapshot is audited with: organization checks only when it carries organization data (org mode). */
export function checksFor(snapshot: AccountSnapshot): readonly Check[] {
  return wantsOrgChecks(snapshot) ? EVERY_CHECK : ALL_CHECKS;
}

/** What auditSnapshot needs, for this snapshot judged at `now`. */
export function auditOptionsFor(settings: AuditSettings, snapshot: AccountSnapshot, now: string): AuditOptions {
  return {
    thresholds: settings.thresholds,
    now,
    excludeChecks: [...settings.excludeChecks],
    checks: checksFor(snapshot),
    frameworks: settings.frameworks,
    ...(settings.suppressions ? { suppressions: settings.suppressions } : {}),
    context: {
      knownAccounts: settings.knownAccounts,
      agents: settings.agents,
      productionOuPatterns: [...settings.productionOus],
    },
  };
}

/** Unknown check ids are an input error naming the closest known id (a typo must not silently run the check). */
export function checkIds(ids: readonly string[], source = '--exclude-check'): void {
  const known = EVERY_CHECK.map((c) => c.id);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const closest = known.reduce((best, k) => (editDistance(id, k) < editDistance(id, best) ? k : best), known[0] ?? '');
    throw new InputError(`${source}: no check ${JSON.stringify(id)}${closest ? `; did you mean ${closest}?` : ''} (ids are listed in the README)`);
  }
}
