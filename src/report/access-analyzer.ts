// The report's IAM Access Analyzer section: every ACTIVE analyzer finding as its own row, linked to our findings on the
// same resource, and the disagreements first, because there one of the two is wrong. A pure function of the snapshot's
// Access Analyzer parts and our outcomes and findings; it changes no verdict, exit code or compliance status.
import type { CheckOutcome } from '../checks/run.js';
import type { AccessAnalyzerFinding, AccountSnapshot, Analyzer, Gap } from '../snapshot/snapshot.js';
import type { Thresholds } from '../vocabulary.js';
import type { AccessAnalyzerRow, AccessAnalyzerSection, AnalyzerComparison, OurVerdict, ReportFinding } from './model.js';

type AnalyzerKind = 'external' | 'unused';

interface Link {
  kind: AnalyzerKind;
  resourceType: 'AWS::IAM::Role' | 'AWS::IAM::User';
  checks: readonly string[];
  /** Our threshold and the option that sets it, for unused-access notes. */
  threshold?: { key: keyof Thresholds; option: string };
}

/**
 * Which of our checks judge what an Access Analyzer finding type reports. ExternalAccess links only on IAM roles: our
 * checks read role trust policies, not the resource policies of buckets, keys or queues. UnusedPermission and
 * InternalAccess have no counterpart here.
 */
const LINKS: Readonly<Record<string, Link>> = {
  UnusedIAMRole: { kind: 'unused', resourceType: 'AWS::IAM::Role', checks: ['iam.role.unused'], threshold: { key: 'roleUnusedDays', option: '--role-unused-days' } },
  UnusedIAMUserAccessKey: {
    kind: 'unused',
    resourceType: 'AWS::IAM::User',
    checks: ['iam.user.access-key-unused'],
    threshold: { key: 'accessKeyUnusedDays', option: '--access-key-unused-days' },
  },
  UnusedIAMUserPassword: {
    kind: 'unused',
    resourceType: 'AWS::IAM::User',
    checks: ['iam.user.password-unused'],
    threshold: { key: 'passwordUnusedDays', option: '--password-unused-days' },
  },
  ExternalAccess: { kind: 'external', resourceType: 'AWS::IAM::Role', checks: ['iam.role.external-trust', 'iam.role.public-trust'] },
};

export const LINKED_CHECK_IDS: ReadonlySet<string> = new Set(Object.values(LINKS).flatMap((l) => l.checks));
const ANALYZER_PARTS = ['accessAnalyzer', 'accessAnalyzerFindings'];

export interface AnalyzerComparisonInput {
  snapshot: AccountSnapshot;
  outcomes: readonly CheckOutcome[];
  /** Our findings as the report carries them (suppressed ones included: a suppressed FAIL is still our FAIL). */
  findings: readonly ReportFinding[];
  /** Per linked check that ran, the resources it judges (its population). Missing: unknown, never PASS. */
  judged: ReadonlyMap<string, ReadonlySet<string>>;
  thresholds: Thresholds;
}

function analyzerKind(a: Pick<Analyzer, 'type'>): AnalyzerKind | undefined {
  if (a.type === 'ACCOUNT' || a.type === 'ORGANIZATION') return 'external';
  if (a.type.endsWith('_UNUSED_ACCESS')) return 'unused';
  return undefined;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const COMPARISON_ORDER: readonly AnalyzerComparison[] = ['DISAGREE', 'UNKNOWN', 'AGREE', 'NOT_COMPARABLE'];

/** The section, or undefined when Access Analyzer was not read at all (an old snapshot, an offline export). */
export function compareWithAccessAnalyzer(input: AnalyzerComparisonInput): AccessAnalyzerSection | undefined {
  const { snapshot, thresholds } = input;
  const gaps = snapshot.gaps.filter((g) => ANALYZER_PARTS.includes(g.part));
  if (snapshot.accessAnalyzer === undefined && snapshot.accessAnalyzerFindings === undefined && gaps.every((g) => g.error === 'NotProvided')) return undefined;

  const findingsGaps = gaps.filter((g) => g.part === 'accessAnalyzerFindings');
  const allFindingsMissing = snapshot.accessAnalyzerFindings === undefined || findingsGaps.some((g) => g.resource === undefined);
  const complete = (a: Analyzer) => a.status === 'ACTIVE' && !allFindingsMissing && !findingsGaps.some((g) => g.resource === a.arn);
  const analyzers = [...(snapshot.accessAnalyzer?.analyzers ?? [])];
  const analyzerByArn = new Map(analyzers.map((a) => [a.arn, a]));

  const outcomes = new Map(input.outcomes.map((o) => [o.id, o]));
  const ours = new Map<string, ReportFinding[]>();
  for (const f of input.findings) {
    if (!LINKED_CHECK_IDS.has(f.checkId)) continue;
    const key = `${f.checkId}\u0000${f.resourceArn}`;
    const list = ours.get(key);
    if (list) list.push(f);
    else ours.set(key, [f]);
  }
  const oursOn = (checks: readonly string[], resource: string) => checks.flatMap((c) => ours.get(`${c}\u0000${resource}`) ?? []);

  const verdictOf = (checkId: string, resource: string): OurVerdict => {
    const outcome = outcomes.get(checkId);
    if (!outcome) return 'NOT_RUN';
    if (outcome.status === 'NOT_APPLICABLE') return 'NOT_APPLICABLE';
    const mine = ours.get(`${checkId}\u0000${resource}`) ?? [];
    if (mine.some((f) => f.status === 'FAIL')) return 'FAIL';
    if (mine.length > 0 || (outcome.status === 'NOT_ASSESSED' && outcome.evaluated === 0)) return 'NOT_ASSESSED';
    const members = input.judged.get(checkId);
    if (!members) return 'NOT_ASSESSED';
    return members.has(resource) ? 'PASS' : 'NOT_JUDGED';
  };
  const verdictOver = (checks: readonly string[], resource: string): OurVerdict => {
    const each = checks.map((c) => verdictOf(c, resource));
    if (each.includes('FAIL')) return 'FAIL';
    if (each.every((v) => v === 'PASS')) return 'PASS';
    return (['NOT_ASSESSED', 'NOT_RUN', 'NOT_APPLICABLE', 'NOT_JUDGED'] as const).find((v) => each.includes(v)) ?? 'NOT_ASSESSED';
  };

  const rows: AccessAnalyzerRow[] = [];
  const active = (snapshot.accessAnalyzerFindings ?? []).filter((f) => f.status === 'ACTIVE');
  const reported = new Set<string>();
  for (const f of active) {
    const link = f.findingType ? LINKS[f.findingType] : undefined;
    const analyzer = analyzerByArn.get(f.analyzerArn);
    const base = {
      findingType: f.findingType ?? 'unknown',
      resource: f.resource ?? '',
      resourceType: f.resourceType,
      analyzer: {
        arn: f.analyzerArn,
        name: analyzer?.name ?? f.analyzerArn.slice(f.analyzerArn.lastIndexOf('/') + 1),
        region: f.region,
        findingId: f.id,
        createdAt: f.createdAt,
        updatedAt: f.updatedAt,
        resourceOwnerAccount: f.resourceOwnerAccount,
      },
    };
    const apart = notComparable(f, link, snapshot.accountId);
    if (apart !== undefined || !link || !f.resource) {
      rows.push({ ...base, comparison: 'NOT_COMPARABLE', checks: [], ourVerdict: 'NONE', linkedFindings: [], note: apart ?? 'The finding names no resource.' });
      continue;
    }
    reported.add(`${f.findingType}\u0000${f.resource}`);
    const verdict = verdictOver(link.checks, f.resource);
    const linked = oursOn(link.checks, f.resource).map((x) => x.id);
    const comparison: AnalyzerComparison = verdict === 'FAIL' ? 'AGREE' : verdict === 'PASS' ? 'DISAGREE' : 'UNKNOWN';
    rows.push({
      ...base,
      comparison,
      ...(comparison === 'DISAGREE' ? { disagreement: 'analyzer-only' as const } : {}),
      checks: [...link.checks],
      ourVerdict: verdict,
      linkedFindings: linked,
      ...(comparison === 'DISAGREE' ? { ourEvidence: evidenceFromSnapshot(snapshot, base.findingType, f.resource, link, thresholds) } : {}),
      note: analyzerRowNote(comparison, verdict, base.findingType, link, thresholds),
    });
  }

  // Our FAILs that no analyzer reported: compared only with an active analyzer of the kind that judges them.
  const oursOnly = new Map<string, { findingType: string; link: Link; findings: ReportFinding[] }>();
  for (const [findingType, link] of Object.entries(LINKS)) {
    for (const f of input.findings) {
      if (f.status !== 'FAIL' || !link.checks.includes(f.checkId) || reported.has(`${findingType}\u0000${f.resourceArn}`)) continue;
      const key = `${findingType}\u0000${f.resourceArn}`;
      const entry = oursOnly.get(key);
      if (entry) entry.findings.push(f);
      else oursOnly.set(key, { findingType, link, findings: [f] });
    }
  }
  for (const { findingType, link, findings } of oursOnly.values()) {
    const first = findings[0]!;
    const covering = analyzers.filter((a) => a.status === 'ACTIVE' && analyzerKind(a) === link.kind);
    if (covering.length === 0) continue;
    const silent = covering.filter(complete).map((a) => a.arn);
    const comparison: AnalyzerComparison = silent.length ? 'DISAGREE' : 'UNKNOWN';
    rows.push({
      comparison,
      ...(silent.length ? { disagreement: 'ours-only' as const } : {}),
      findingType,
      resource: first.resourceArn,
      resourceType: link.resourceType,
      silentAnalyzers: silent.length ? silent : covering.map((a) => a.arn),
      checks: [...link.checks],
      ourVerdict: 'FAIL',
      linkedFindings: findings.map((f) => f.id),
      ourEvidence: first.evidence,
      note: silent.length
        ? oursOnlyNote(findingType, link, thresholds)
        : 'The findings of every analyzer that judges this are incomplete (see the gaps above): whether it reports this resource is unknown.',
    });
  }

  rows.sort(
    (a, b) =>
      COMPARISON_ORDER.indexOf(a.comparison) - COMPARISON_ORDER.indexOf(b.comparison) ||
      byCodePoint(a.disagreement ?? '', b.disagreement ?? '') ||
      byCodePoint(a.findingType, b.findingType) ||
      byCodePoint(a.resource, b.resource) ||
      byCodePoint(a.analyzer?.arn ?? '', b.analyzer?.arn ?? '') ||
      byCodePoint(a.analyzer?.findingId ?? '', b.analyzer?.findingId ?? ''),
  );
  const imported = rows.filter((r) => r.analyzer).length;
  const count = (pred: (r: AccessAnalyzerRow) => boolean) => rows.filter(pred).length;
  return {
    counts: {
      imported,
      linked: count((r) => r.analyzer !== undefined && r.linkedFindings.length > 0),
      disagreements: count((r) => r.comparison === 'DISAGREE'),
      analyzerOnly: count((r) => r.disagreement === 'analyzer-only'),
      oursOnly: count((r) => r.disagreement === 'ours-only'),
      unknown: count((r) => r.comparison === 'UNKNOWN'),
    },
    analyzers: analyzers.map((a) => ({ arn: a.arn, name: a.name, type: a.type, region: a.region, status: a.status, findingsComplete: complete(a) })),
    incomplete: gaps.map((g): Gap => ({ ...g })),
    rows,
  };
}

function notComparable(f: AccessAnalyzerFinding, link: Link | undefined, accountId: string): string | undefined {
  if (f.findingType === 'UnusedPermission') return 'No check of ours judges unused permissions (services or actions never used): ours judge whole roles, keys and passwords.';
  if (f.findingType === 'ExternalAccess' && f.resourceType !== 'AWS::IAM::Role')
    return `Our checks read IAM role trust policies only; the policy of this ${f.resourceType} is not read by this tool.`;
  if (!link) return `No check of ours judges ${f.findingType ?? 'findings without a type'}.`;
  if (f.resourceType !== link.resourceType) return `Our ${link.checks.join(' / ')} judge ${link.resourceType} only.`;
  if (f.resourceOwnerAccount && f.resourceOwnerAccount !== accountId)
    return `The resource belongs to account ${f.resourceOwnerAccount} (an organization analyzer); this audit judges account ${accountId} only.`;
  return undefined;
}

const ARCHIVED_NOTE = 'Archived findings (an archive rule) are not read.';

function trackingNote(link: Link, thresholds: Thresholds): string {
  const t = link.threshold!;
  return (
    `Our limit is ${thresholds[t.key]} days (${t.option}); the analyzer's tracking period (unusedAccessAge) is not in the snapshot (90 days unless ` +
    'it was set), and it judges only entities that existed for the whole period.'
  );
}

function analyzerRowNote(comparison: AnalyzerComparison, verdict: OurVerdict, findingType: string, link: Link, thresholds: Thresholds): string {
  const checks = link.checks.join(' and ');
  if (comparison === 'AGREE') return `Also reported by our ${checks}.`;
  if (comparison === 'UNKNOWN') {
    const why: Partial<Record<OurVerdict, string>> = {
      NOT_ASSESSED: 'could not be assessed for this resource (see its finding or the gaps)',
      NOT_RUN: 'was excluded from this run',
      NOT_APPLICABLE: 'had nothing to judge in this account',
      NOT_JUDGED:
        findingType === 'UnusedIAMUserAccessKey'
          ? 'did not judge it (the credential report shows no active access key)'
          : findingType === 'UnusedIAMUserPassword'
            ? 'did not judge it (the credential report shows no console password)'
            : 'did not judge it (not in the inventory we read)',
    };
    return `Our ${checks} ${why[verdict] ?? 'has no verdict'}: whether the two agree is unknown.`;
  }
  if (link.kind === 'external')
    return (
      `Our ${checks} passed this role's trust policy. Access Analyzer also counts federated (SAML / OIDC) principals as external; ` +
      'ours judge those in iam.role.federated-trust-unscoped. One of the two is wrong: read the trust policy.'
    );
  return `Our ${checks} passed this resource. ${trackingNote(link, thresholds)}`;
}

function oursOnlyNote(findingType: string, link: Link, thresholds: Thresholds): string {
  if (link.kind === 'external')
    return (
      'The active external access analyzers report nothing on this role. An organization analyzer trusts every account of the ' +
      `organization, so trust in a member account is not external to it. ${ARCHIVED_NOTE}`
    );
  return `The active unused access analyzers report no ${findingType} finding here. ${trackingNote(link, thresholds)} ${ARCHIVED_NOTE}`;
}

/** What our side saw for a resource our check passed (a PASS has no finding to carry evidence). */
function evidenceFromSnapshot(snapshot: AccountSnapshot, findingType: string, resource: string, link: Link, thresholds: Thresholds): Record<string, unknown> {
  const threshold = link.threshold ? { thresholdDays: thresholds[link.threshold.key] } : {};
  if (link.resourceType === 'AWS::IAM::Role') {
    const role = snapshot.roles.find((r) => r.arn === resource);
    if (!role) return {};
    if (findingType === 'ExternalAccess') return { trustPolicy: role.assumeRolePolicy };
    return { createDate: role.createDate, lastUsedDate: role.roleLastUsed.lastUsedDate ?? null, ...threshold };
  }
  const row = snapshot.credentialReport?.rows.find((r) => r.arn === resource);
  if (!row) return {};
  if (findingType === 'UnusedIAMUserPassword') return { passwordLastUsed: row.passwordLastUsed, passwordLastChanged: row.passwordLastChanged, ...threshold };
  return {
    accessKeys: row.accessKeys.map((k, i) => ({ key: `key${i + 1}`, active: k.active, lastUsed: k.lastUsed, lastRotated: k.lastRotated })),
    ...threshold,
  };
}
