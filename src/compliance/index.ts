// The compliance view of a report: for every control of every chosen framework (catalogues/*.json, frameworks.ts),
// a status computed from the checks the catalogue says decide it, their findings, and what the control's `coverage`
// says those checks verify. Pure: (check outcomes, findings, thresholds) in, the report's `compliance` section out.
//
// Status of a control (see ControlStatus), first rule that applies:
// - MANUAL when no check decides it and the framework says it is assessed by hand (CIS "Manual"): the reason says
//   what to look at; NOT_IMPLEMENTED when no check decides an automated control (the reason says what to look at);
// - FAIL when a deciding check has a FAIL finding that is not suppressed and is within the control's scope (a FAIL
//   outcome whose findings are missing from the list counts as failing too: nothing is assumed to have passed);
// - NOT_ASSESSED when none failed but a deciding check was NOT_ASSESSED, was excluded from the run, is not part of
//   this run (an organization check in an account audit), or failed only at a threshold stricter than the control's.
//   A suppressed NOT_ASSESSED finding does not change that: missing data never becomes a PASS;
// - NOT_APPLICABLE when every deciding check found nothing to judge (its population is empty in this account);
// - PARTIAL when every deciding check held but they verify only part of the control, or ran with a threshold looser
//   than the control's: the reason names what is not checked;
// - PASS otherwise: every part of the control was checked and held (failures only with suppressed findings count
//   as held).
import type { CheckOutcome } from '../checks/run.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../vocabulary.js';
import type {
  ComplianceControlResult,
  ComplianceFrameworkResult,
  ComplianceSection,
  ControlStatus,
  ReportFinding,
} from '../report/model.js';
import type { ControlDefinition, FrameworkCatalogue } from './catalogue.js';
import { SCOPES, thresholdFit } from './coverage.js';
import { FRAMEWORKS } from './frameworks.js';

export interface ComplianceInput {
  checks: readonly CheckOutcome[];
  findings: readonly ReportFinding[];
  /** Ids of checks left out of the run (--exclude-check): a control they decide cannot be PASS. */
  excludedChecks?: readonly string[];
  /** The thresholds the checks ran with, compared with the controls' own values. Default: DEFAULT_THRESHOLDS. */
  thresholds?: Thresholds;
  /** The frameworks to evaluate (--framework), by id. Default: every framework given. */
  frameworkIds?: readonly string[];
}

// Positions of the findings of each check, computed once per findings array (a report has tens of thousands of
// findings; the frameworks ~60 controls).
const positionsCache = new WeakMap<readonly ReportFinding[], Map<string, number[]>>();

/** The findings of these checks, in the order of input.findings. */
function findingsOf(input: ComplianceInput, checkIds: readonly string[]): ReportFinding[] {
  let byCheck = positionsCache.get(input.findings);
  if (!byCheck) {
    byCheck = new Map();
    input.findings.forEach((f, i) => {
      const list = byCheck!.get(f.checkId);
      if (list) list.push(i);
      else byCheck!.set(f.checkId, [i]);
    });
    positionsCache.set(input.findings, byCheck);
  }
  const positions = checkIds.flatMap((id) => byCheck.get(id) ?? []);
  if (checkIds.length > 1) positions.sort((a, b) => a - b);
  return positions.map((i) => input.findings[i]!);
}

function evaluateControl(def: ControlDefinition, input: ComplianceInput): ComplianceControlResult {
  const decides = new Set(def.checks);
  const mapped = input.checks.filter((c) => decides.has(c.id));
  const excluded = (input.excludedChecks ?? []).filter((id) => decides.has(id));
  const notRun = def.checks.filter((id) => !mapped.some((c) => c.id === id) && !excluded.includes(id));
  const related = findingsOf(
    input,
    mapped.map((c) => c.id),
  );
  const active = related.filter((f) => !f.suppressed);
  const suppressedFindings = related.filter((f) => f.suppressed).map((f) => f.id);
  const base = {
    id: def.id,
    title: def.title,
    ...(def.section ? { section: def.section } : {}),
    ...(def.assessment ? { assessment: def.assessment } : {}),
    ...(def.level ? { level: def.level } : {}),
  };
  const result = (status: ControlStatus, findings: string[], reason?: string): ComplianceControlResult => ({
    ...base,
    status,
    ...(reason ? { reason } : {}),
    checks: mapped.map((c) => c.id),
    ...(excluded.length ? { excludedChecks: excluded } : {}),
    findings,
    suppressedFindings,
  });

  if (def.checks.length === 0) {
    const review = def.review ?? 'review it by hand';
    return def.assessment === 'Manual'
      ? result('MANUAL', [], `Manual: ${review}`)
      : result('NOT_IMPLEMENTED', [], `No check of this tool decides this control. By hand: ${review}`);
  }

  const coverage = def.coverage;
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const fits = (coverage?.thresholds ?? [])
    .filter((t) => mapped.some((c) => c.id === t.check))
    .map((t) => ({ ...t, run: thresholds[t.threshold], fit: thresholdFit(t, thresholds) }));
  const inScope = coverage?.scope ? SCOPES[coverage.scope] : () => true;
  const failingOf = (checkId: string) => active.filter((f) => f.checkId === checkId && f.status === 'FAIL');
  const fails = (c: CheckOutcome) =>
    failingOf(c.id).some(inScope) || (c.status === 'FAIL' && !related.some((f) => f.checkId === c.id && f.status === 'FAIL'));
  // A check that failed at a threshold stricter than the control's proves nothing about the control's own value.
  const stricterFit = (c: CheckOutcome) => fits.find((t) => t.check === c.id && t.fit === 'stricter');
  const inconclusive = mapped.filter((c) => fails(c) && stricterFit(c));
  const failingChecks = mapped.filter((c) => fails(c) && !stricterFit(c));
  if (failingChecks.length > 0) {
    const ids = new Set(failingChecks.map((c) => c.id));
    return result('FAIL', active.filter((f) => ids.has(f.checkId) && f.status === 'FAIL' && inScope(f)).map((f) => f.id));
  }

  const notAssessed = mapped.filter((c) => c.status === 'NOT_ASSESSED');
  if (notAssessed.length > 0 || excluded.length > 0 || notRun.length > 0 || inconclusive.length > 0) {
    const reasons = [
      ...notAssessed.map((c) => `${c.id} not assessed${c.reason ? ` (${c.reason})` : ''}`),
      ...inconclusive.map((c) => {
        const t = stricterFit(c)!;
        return `${c.id} failed at ${t.threshold} ${t.run}, stricter than the control's ${t.required}: run with ${t.required} to judge the control`;
      }),
      ...(excluded.length ? [`excluded from this run: ${excluded.join(', ')}`] : []),
      ...(notRun.length ? [`not part of this run: ${notRun.join(', ')}`] : []),
    ];
    const ids = new Set([...notAssessed, ...inconclusive].map((c) => c.id));
    const findings = active.filter((f) => ids.has(f.checkId) && (f.status === 'NOT_ASSESSED' || inScope(f))).map((f) => f.id);
    return result('NOT_ASSESSED', findings, reasons.join('; '));
  }

  if (mapped.every((c) => c.status === 'NOT_APPLICABLE')) {
    const reasons = mapped.map((c) => `${c.id}: ${c.reason ?? 'nothing to judge in this account'}`);
    return result('NOT_APPLICABLE', [], reasons.join('; '));
  }

  const partial = [
    ...(coverage?.notChecked ? [`Not checked: ${coverage.notChecked}`] : []),
    ...fits
      .filter((t) => t.fit === 'looser')
      .map((t) => `${t.check} ran with ${t.threshold} ${t.run}, looser than the control's ${t.required}`),
  ];
  // FAIL findings the control's scope leaves out (e.g. on AWS managed policies for IAM.1) are named, not counted.
  const outOfScope = coverage?.outOfScope && mapped.some((c) => failingOf(c.id).length > 0);
  const note = outOfScope ? [`failing findings on ${coverage.outOfScope} do not count here`] : [];
  if (partial.length > 0) return result('PARTIAL', [], [...partial, ...note].join('; '));
  return result('PASS', [], note.length ? note.join('; ') : undefined);
}

export function evaluateFramework(framework: FrameworkCatalogue, input: ComplianceInput): ComplianceFrameworkResult {
  const controls = framework.controls.map((def) => evaluateControl(def, input));
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    id: framework.id,
    name: framework.name,
    version: framework.version,
    shortName: framework.shortName,
    scope: framework.scope,
    summary: {
      passed: count('PASS'),
      failed: count('FAIL'),
      partial: count('PARTIAL'),
      notAssessed: count('NOT_ASSESSED'),
      notApplicable: count('NOT_APPLICABLE'),
      manual: count('MANUAL'),
      notImplemented: count('NOT_IMPLEMENTED'),
    },
    controls,
  };
}

/** The compliance section: the chosen frameworks (default: all given), keyed by id, in catalogue order. */
export function buildCompliance(input: ComplianceInput, frameworks: readonly FrameworkCatalogue[] = FRAMEWORKS): ComplianceSection {
  const chosen = input.frameworkIds ? frameworks.filter((f) => input.frameworkIds!.includes(f.id)) : frameworks;
  return Object.fromEntries(chosen.map((f) => [f.id, evaluateFramework(f, input)]));
}
