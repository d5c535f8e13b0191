// The compliance view of a report: for every control of every framework, a status computed from the checks that map
// to it and their findings. Pure: (check outcomes, findings) in, the report's `compliance` section out.
//
// Status of a control (see ControlStatus):
// - NOT_IMPLEMENTED when no check of this tool maps to it (the reason says "Manual recommendation" for CIS Manual ones);
// - FAIL when a mapped check has a FAIL finding that is not suppressed (a FAIL outcome whose findings are missing
//   from the list counts as failing too: nothing is assumed to have passed);
// - NOT_ASSESSED when none failed but a mapped check was NOT_ASSESSED or was excluded from the run. A suppressed
//   NOT_ASSESSED finding does not change that: missing data never becomes a PASS;
// - PASS otherwise: every mapped check ran and passed, or failed only with suppressed findings.
import type { CheckOutcome } from '../checks/run.js';
import type { Compliance } from '../checks/types.js';
import type {
  ComplianceControlResult,
  ComplianceFrameworkResult,
  ComplianceSection,
  ControlStatus,
  ReportFinding,
} from '../report/model.js';
import { CIS_AWS_FOUNDATIONS_V3, type ControlDefinition, type FrameworkDefinition } from './cis-aws-foundations-v3.js';
import { SECURITY_HUB_IAM } from './security-hub-iam.js';

export { CIS_AWS_FOUNDATIONS_V3, SECURITY_HUB_IAM };
export type { ControlDefinition, FrameworkDefinition };

export const FRAMEWORKS: readonly FrameworkDefinition[] = [CIS_AWS_FOUNDATIONS_V3, SECURITY_HUB_IAM];

export interface ComplianceInput {
  checks: readonly CheckOutcome[];
  findings: readonly ReportFinding[];
  /** Checks left out of the run (--exclude-check): a control they map to cannot be PASS. */
  excludedChecks?: ReadonlyArray<{ id: string; compliance: Compliance }>;
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

function evaluateControl(def: ControlDefinition, key: FrameworkDefinition['key'], input: ComplianceInput): ComplianceControlResult {
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

  const failing = active.filter((f) => f.status === 'FAIL');
  const failedWithoutFindings = mapped.filter(
    (c) => c.status === 'FAIL' && !related.some((f) => f.checkId === c.id && f.status === 'FAIL'),
  );
  if (failing.length > 0 || failedWithoutFindings.length > 0) return result('FAIL', failing.map((f) => f.id));

  const notAssessed = mapped.filter((c) => c.status === 'NOT_ASSESSED');
  if (notAssessed.length > 0 || excluded.length > 0) {
    const reasons = [
      ...notAssessed.map((c) => `${c.id} not assessed${c.reason ? ` (${c.reason})` : ''}`),
      ...(excluded.length ? [`excluded from this run: ${excluded.join(', ')}`] : []),
    ];
    const findings = active.filter((f) => f.status === 'NOT_ASSESSED').map((f) => f.id);
    return result('NOT_ASSESSED', findings, reasons.join('; '));
  }
  return result('PASS', []);
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
    summary: { passed: count('PASS'), failed: count('FAIL'), notAssessed: count('NOT_ASSESSED'), notImplemented: count('NOT_IMPLEMENTED') },
    controls,
  };
}

export function buildCompliance(input: ComplianceInput): ComplianceSection {
  return { cis: evaluateFramework(CIS_AWS_FOUNDATIONS_V3, input), securityHub: evaluateFramework(SECURITY_HUB_IAM, input) };
}

