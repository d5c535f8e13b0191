// The compliance view of a report: for every control of every framework, a status computed from the checks that map
// to it, their findings, and what the control's `coverage` (coverage.ts) says the checks verify. Pure: (check
// outcomes, findings, thresholds) in, the report's `compliance` section out.
//
// Status of a control (see ControlStatus), first rule that applies:
// - NOT_IMPLEMENTED when no check of this tool maps to it (the reason says "Manual recommendation" for CIS Manual ones);
// - FAIL when a mapped check has a FAIL finding that is not suppressed and is within the control's scope (a FAIL
//   outcome whose findings are missing from the list counts as failing too: nothing is assumed to have passed);
// - NOT_ASSESSED when none failed but a mapped check was NOT_ASSESSED or was excluded from the run, or failed only at
//   a threshold stricter than the control's. A suppressed NOT_ASSESSED finding does not change that: missing data
//   never becomes a PASS;
// - NOT_APPLICABLE when every mapped check found nothing to judge (its population is empty in this account);
// - PARTIAL when every mapped check held but the checks verify only part of the control, ran with a threshold looser
//   than the control's, or the control has no recorded coverage: the reason names what is not checked;
// - PASS otherwise: every part of the control was checked and held (failures only with suppressed findings count
//   as held).
import type { CheckOutcome } from '../checks/run.js';
import { DEFAULT_THRESHOLDS, type Compliance, type Thresholds } from '../vocabulary.js';
import type {
  ComplianceControlResult,
  ComplianceFrameworkResult,
  ComplianceSection,
  ControlStatus,
  ReportFinding,
} from '../report/model.js';
import { CIS_AWS_FOUNDATIONS_V3, type ControlDefinition, type FrameworkDefinition } from './cis-aws-foundations-v3.js';
import { thresholdFit } from './coverage.js';
import { SECURITY_HUB_IAM } from './security-hub-iam.js';

export { CIS_AWS_FOUNDATIONS_V3, SECURITY_HUB_IAM };
export type { ControlDefinition, FrameworkDefinition };

export const FRAMEWORKS: readonly FrameworkDefinition[] = [CIS_AWS_FOUNDATIONS_V3, SECURITY_HUB_IAM];

export interface ComplianceInput {
  checks: readonly CheckOutcome[];
  findings: readonly ReportFinding[];
  /** Checks left out of the run (--exclude-check): a control they map to cannot be PASS. */
  excludedChecks?: ReadonlyArray<{ id: string; compliance: Compliance }>;
  /** The thresholds the checks ran with, compared with the controls' own values. Default: DEFAULT_THRESHOLDS. */
  thresholds?: Thresholds;
}

/** Numeric-aware order for ids like 1.2 < 1.10 and IAM.2 < IAM.10. */
function compareControlIds(a: string, b: string): number {
  const pa = a.split(/[.]/);
  const pb = b.split(/[.]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
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

function evaluateControl(
  def: ControlDefinition,
  key: FrameworkDefinition['key'],
  input: ComplianceInput,
): ComplianceControlResult {
  const maps = (c: { compliance: Compliance }) => (c.compliance[key] ?? []).includes(def.id);
  const mapped = input.checks.filter(maps);
  const excluded = (input.excludedChecks ?? []).filter(maps).map((c) => c.id);
  const related = findingsOf(
    input,
    mapped.map((c) => c.id),
  );
  const active = related.filter((f) => !f.suppressed);
  const suppressedFindings = related.filter((f) => f.suppressed).map((f) => f.id);
  const base = {
    id: def.id,
    title: def.title,
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

  if (mapped.length === 0 && excluded.length === 0) {
    return result(
      'NOT_IMPLEMENTED',
      [],
      def.assessment === 'Manual'
        ? 'Manual recommendation: review it by hand; no check of this tool covers it.'
        : 'No check of this tool covers this control.',
    );
  }

  const coverage = def.coverage;
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const fits = (coverage?.thresholds ?? [])
    .filter((t) => mapped.some((c) => c.id === t.check))
    .map((t) => ({ ...t, run: thresholds[t.threshold], fit: thresholdFit(t, thresholds) }));
  const inScope = coverage?.inScope ?? (() => true);
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
  if (notAssessed.length > 0 || excluded.length > 0 || inconclusive.length > 0) {
    const reasons = [
      ...notAssessed.map((c) => `${c.id} not assessed${c.reason ? ` (${c.reason})` : ''}`),
      ...inconclusive.map((c) => {
        const t = stricterFit(c)!;
        return `${c.id} failed at ${t.threshold} ${t.run}, stricter than the control's ${t.required}: run with ${t.required} to judge the control`;
      }),
      ...(excluded.length ? [`excluded from this run: ${excluded.join(', ')}`] : []),
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
    ...(coverage ? [] : ['this tool does not record which parts of the control its checks verify']),
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

export function evaluateFramework(framework: FrameworkDefinition, input: ComplianceInput): ComplianceFrameworkResult {
  const listed = new Set(framework.controls.map((c) => c.id));
  const extra = new Map((framework.extraControls ?? []).map((c) => [c.id, c]));
  // Ids a check maps to outside the always-listed controls get a row too: with the catalogue's title when it knows
  // the control (extraControls), else with a title that says it does not.
  const mappedOutside = [...input.checks, ...(input.excludedChecks ?? [])]
    .flatMap((c) => c.compliance[framework.key] ?? [])
    .filter((id, i, all) => !listed.has(id) && all.indexOf(id) === i)
    .sort(compareControlIds)
    .map((id): ControlDefinition => extra.get(id) ?? { id, title: `(not in the ${framework.name} ${framework.version} catalogue)` });
  const controls = [...framework.controls, ...mappedOutside].map((def) => evaluateControl(def, framework.key, input));
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    name: framework.name,
    version: framework.version,
    scope: framework.scope,
      summary: {
      passed: count('PASS'),
      failed: count('FAIL'),
      partial: count('PARTIAL'),
      notAssessed: count('NOT_ASSESSED'),
      notApplicable: count('NOT_APPLICABLE'),
      notImplemented: count('NOT_IMPLEMENTED'),
    },
    controls,
  };
}

export function buildCompliance(input: ComplianceInput): ComplianceSection {
  return { cis: evaluateFramework(CIS_AWS_FOUNDATIONS_V3, input), securityHub: evaluateFramework(SECURITY_HUB_IAM, input) };
}

