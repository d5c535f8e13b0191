import crypto from 'node:crypto';
import { gapAdvice } from '../collect/classify.js';
import { ENTITY_ASPECTS, gapAspect } from '../snapshot/gap-aspects.js';
import { entityGapsFor, gapsFor, type AccountSnapshot, type Gap, type SnapshotPart } from '../snapshot/snapshot.js';
import type { Check, CheckContext, CheckResult } from './types.js';
import { complianceOf } from '../compliance/frameworks.js';
import { SEVERITIES, type Compliance, type Finding, type Severity, type Status } from '../vocabulary.js';

export interface CheckOutcome {
  id: string;
  title: string;
  severity: Severity;
  compliance: Compliance;
  status: Status;
  /** Resources the check looked at. */
  evaluated: number;
  failed: number;
  /** Why the check could not be assessed (the gaps, or the error). */
  reason?: string;
}

// crypto.hash (Node >= 20.12) is the one-shot form: no Hash object per finding. Same digest as createHash.
const sha256: (data: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer') as unknown as Buffer
    : (data) => crypto.createHash('sha256').update(data).digest();

/**
 * The finding's stable id (reports of different runs are compared by it): the first 16 hex digits of a SHA-256.
 * Hex-encodes only those 8 bytes: a slice of the full 64-digit string would keep the whole string alive per finding.
 */
export function findingId(checkId: string, resourceArn: string, detail?: string): string {
  return sha256(`${checkId}\u0000${resourceArn}\u0000${detail ?? ''}`).toString('hex', 0, 8);
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
/** Code-point order: unlike localeCompare, the same on every machine and locale. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    byCodePoint(a.checkId, b.checkId) ||
    byCodePoint(a.resourceArn, b.resourceArn) ||
    byCodePoint(a.detail ?? '', b.detail ?? '')
  );
}

/** The advice for NOT_ASSESSED: what would supply the missing data, by the gaps' real cause. */
function adviceFor(gaps: readonly Gap[]): string {
  return [...new Set(gaps.map(gapAdvice))].join(' ') || 'Run the audit again.';
}

const describeGap = (g: Gap) => `${g.api} failed: ${g.error}${g.message ? ` (${g.message})` : ''}`;

/**
 * Runs every check under the population rule (Population in src/checks/types.ts): inputs in a whole-part gap or a check that
 * throws -> NOT_ASSESSED; nothing to judge -> NOT_APPLICABLE; a member without a verdict -> NOT_ASSESSED. Never PASS
 * on missing evidence.
 */
export function runChecks(
  snapshot: AccountSnapshot,
  checks: readonly Check[],
  context: CheckContext,
): { outcomes: CheckOutcome[]; findings: Finding[] } {
  const outcomes: CheckOutcome[] = [];
  const findings: Finding[] = [];
  const accountArn = `arn:${snapshot.partition}:iam::${snapshot.accountId}:root`;
  for (const check of checks) {
    const compliance = complianceOf(check.id);
    const base = { id: check.id, title: check.title, severity: check.severity, compliance };
    const sources = check.population.sources ?? [];
    const sourceGaps = gapsFor(snapshot, sources);
    // Alternative sources stop the check only when every one of them is missing as a whole.
    const everySourceMissing = sources.length > 0 && sources.every((part) => sourceGaps.some((g) => g.part === part));
    const gaps = [...gapsFor(snapshot, check.needs), ...(everySourceMissing ? sourceGaps : [])];
    let reason: string | undefined;
    if (gaps.length > 0) {
      reason = gaps.map(describeGap).join('; ');
    } else {
      try {
        const results = judgeWholePopulation(check, snapshot, context, sourceGaps);
        if (results === 'empty') {
          const { whenEmpty, noun } = check.population;
          const reason = typeof whenEmpty === 'function' ? whenEmpty(snapshot) : (whenEmpty ?? `no ${noun} in this account`);
          outcomes.push({ ...base, status: 'NOT_APPLICABLE', evaluated: 0, failed: 0, reason });
          continue;
        }
        let failed = 0;
        let unassessed = 0;
        let firstUnassessed: string | undefined;
        for (const r of results) {
          if (r.status === 'PASS') continue;
          if (r.status === 'FAIL') failed++;
          else if (unassessed++ === 0) firstUnassessed = r.message;
          findings.push({
            id: findingId(check.id, r.resourceArn, r.detail),
            checkId: check.id,
            title: check.title,
            severity: r.severity ?? check.severity,
            status: r.status as 'FAIL' | 'NOT_ASSESSED',
            resourceArn: r.resourceArn,
            ...(r.detail !== undefined ? { detail: r.detail } : {}),
            message: r.message,
            evidence: r.evidence,
            remediation: r.remediation ?? check.remediation,
            compliance,
          });
        }
        const status = failed ? 'FAIL' : unassessed ? 'NOT_ASSESSED' : 'PASS';
        outcomes.push({
          ...base,
          status,
          evaluated: results.length,
          failed,
          ...(unassessed ? { reason: `${unassessed} resource(s) could not be assessed: ${firstUnassessed}` } : {}),
        });
        continue;
      } catch (e) {
        reason = `check failed to run: ${(e as Error).message}`;
      }
    }
    outcomes.push({ ...base, status: 'NOT_ASSESSED', evaluated: 0, failed: 0, reason });
    findings.push({
      id: findingId(check.id, accountArn, 'not-assessed'),
      checkId: check.id,
      title: check.title,
      severity: check.severity,
      status: 'NOT_ASSESSED',
      resourceArn: accountArn,
      message: `Not assessed: ${reason}`,
      evidence: { gaps },
      remediation: adviceFor(gaps),
      compliance,
    });
  }
  findings.sort(compareFindings);
  return { outcomes, findings };
}

/**
 * The check's results with entity gaps applied, plus a NOT_ASSESSED result for every population member it said
 * nothing about. Results for resources outside the population are kept. 'empty': nothing was judged or missing.
 */
function judgeWholePopulation(check: Check, snapshot: AccountSnapshot, context: CheckContext, sourceGaps: readonly Gap[]): CheckResult[] | 'empty' {
  const members = new Set(check.population.members(snapshot, context));
  const rootArn = `arn:${snapshot.partition}:iam::${snapshot.accountId}:root`;
  // The root user is in no user, role or policy population: a gap on its credential report row is the root checks' own.
  const gaps = relevantEntityGaps(check, snapshot, members);
  if (!members.has(rootArn)) gaps.delete(rootArn);
  const results = withEntityGaps(check.run(snapshot, context), gaps);
  const judged = new Set(results.map((r) => r.resourceArn));
  const sourceEntityGaps = entityGapsFor(snapshot, check.population.sources ?? []);
  const missing: CheckResult[] = [];
  for (const arn of members) {
    if (judged.has(arn)) continue;
    const why = check.population.noEvidence?.(snapshot, arn) ?? `the check gave no verdict on ${arn}`;
    const gaps = [...sourceGaps, ...(sourceEntityGaps.get(arn) ?? [])];
    missing.push({
      resourceArn: arn,
      status: 'NOT_ASSESSED',
      message: `Not assessed: no evidence: ${why}${gaps.length ? `; ${gaps.map(describeGap).join('; ')}` : ''}.`,
      evidence: { population: check.population.noun, ...(gaps.length ? { gaps } : {}) },
      remediation: adviceFor(gaps),
    });
  }
  if (results.length === 0 && missing.length === 0) return 'empty';
  return [...results, ...missing];
}

/**
 * The entity gaps that void a verdict of this check: of a member, a gap in what the check reads of it; of another
 * entity of the population's kinds, a gap that could make it a member (or one that dropped it from the inventory).
 * A gap elsewhere is not this check's concern: an unreadable attached-policy list does not void a role's trust checks.
 */
function relevantEntityGaps(check: Check, snapshot: AccountSnapshot, members: ReadonlySet<string>): Map<string, Gap[]> {
  const { closed, kinds, membershipReads = ['identity'] } = check.population;
  const reads = check.reads ?? ENTITY_ASPECTS;
  const out = new Map<string, Gap[]>();
  const entityGaps = entityGapsFor(snapshot, check.needs);
  if (entityGaps.size === 0) return out;
  const present = inventoryArns(snapshot);
  for (const [arn, list] of entityGaps) {
    const member = members.has(arn);
    if (!member && closed) continue;
    const relevant = list.filter((g) => {
      // Dropped from the inventory (no readable ARN, CreateDate or trust policy): it may be anything, a member too.
      if (INVENTORY_PARTS.includes(g.part) && !present.has(arn)) return !kinds || kinds.includes(g.part);
      const aspect = gapAspect(g);
      if (aspect !== 'other' && !reads.includes(aspect)) return false;
      if (member || !kinds) return true;
      return kinds.includes(g.part) && (aspect === 'other' || membershipReads.includes(aspect));
    });
    if (relevant.length) out.set(arn, relevant);
  }
  if (reads.includes('permissions')) addInheritedPermissionGaps(snapshot, entityGaps, members, out);
  return out;
}

/**
 * A user's permissions come also from its groups, and every principal's from its attached policies and boundary: a
 * permissions gap of one of those is a gap of the member's permissions too (an unreadable group policy list could
 * hold the Deny, or the Allow, that decides).
 */
function addInheritedPermissionGaps(snapshot: AccountSnapshot, entityGaps: ReadonlyMap<string, Gap[]>, members: ReadonlySet<string>, out: Map<string, Gap[]>): void {
  const permissionGaps = new Map<string, Gap[]>();
  for (const [arn, list] of entityGaps) {
    const relevant = list.filter((g) => gapAspect(g) === 'permissions' || gapAspect(g) === 'identity');
    if (relevant.length) permissionGaps.set(arn, relevant);
  }
  if (permissionGaps.size === 0) return;
  const groupArn = new Map(snapshot.groups.map((g) => [g.name, g.arn]));
  const principals = [...snapshot.users.map((u) => ({ ...u, groupArns: u.groups.map((n) => groupArn.get(n)) })), ...snapshot.roles.map((r) => ({ ...r, groupArns: [] }))];
  for (const p of principals) {
    if (!members.has(p.arn)) continue;
    const sources = [...p.groupArns, ...p.attachedManagedPolicies.map((a) => a.arn), p.permissionsBoundary?.arn];
    const inherited = sources.flatMap((arn) => (arn === undefined ? [] : (permissionGaps.get(arn) ?? [])));
    if (inherited.length) out.set(p.arn, [...(out.get(p.arn) ?? []), ...inherited]);
  }
}

const INVENTORY_PARTS: readonly SnapshotPart[] = ['users', 'groups', 'roles', 'policies'];

// Memo per snapshot (never changed after validation; the WeakMap lets a finished run's entry go): ~40 checks ask.
const inventories = new WeakMap<AccountSnapshot, Set<string>>();

function inventoryArns(snapshot: AccountSnapshot): Set<string> {
  let arns = inventories.get(snapshot);
  if (!arns) {
    arns = new Set([...snapshot.users, ...snapshot.groups, ...snapshot.roles, ...snapshot.policies].map((e) => e.arn));
    inventories.set(snapshot, arns);
  }
  return arns;
}

/**
 * An entity the snapshot could not read in full (an entity-scoped gap in what the check reads of it) is NOT_ASSESSED,
 * whatever the check concluded from the rest: a verdict on half an entity is not a verdict.
 */
function withEntityGaps(results: CheckResult[], gaps: ReadonlyMap<string, Gap[]>): CheckResult[] {
  if (gaps.size === 0) return results;
  const notAssessed = (arn: string, list: Gap[]): CheckResult => ({
    resourceArn: arn,
    status: 'NOT_ASSESSED',
    message: `Not assessed: ${list.map((g) => `${g.field ? `${g.field} of ` : ''}${g.resource ?? arn} could not be read (${g.api}: ${g.error}${g.message ? `, ${g.message}` : ''})`).join('; ')}`,
    evidence: { gaps: list },
    remediation: adviceFor(list),
  });
  const seen = new Set<string>();
  const out: CheckResult[] = [];
  for (const r of results) {
    const list = gaps.get(r.resourceArn);
    if (!list) out.push(r);
    else if (!seen.has(r.resourceArn)) {
      seen.add(r.resourceArn);
      out.push(notAssessed(r.resourceArn, list));
    }
  }
  for (const [arn, list] of gaps) if (!seen.has(arn)) out.push(notAssessed(arn, list));
  return out;
}
