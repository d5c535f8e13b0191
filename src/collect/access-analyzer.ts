// IAM Access Analyzer reads: the enabled regions (account:ListRegions), the analyzers of each (ListAnalyzers, one
// regional client per region), and the ACTIVE findings of every ACTIVE analyzer (ListFindingsV2), at most
// maxFindingsPerAnalyzer per analyzer: a longer list is cut there and the cut is a gap, so nobody reads the stored
// findings as all there are. A region or analyzer that cannot be read is an entity-scoped gap; the others are kept.
import { paginateListAnalyzers, paginateListFindingsV2, type AccessAnalyzerClient, type AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import type { AccountClient } from '@aws-sdk/client-account';
import pLimit from 'p-limit';
import type { RegionalClients } from '../aws/clients.js';
import { FatalAwsError } from '../errors.js';
import { analyzerRegionResource, type AccessAnalyzerFinding, type AccountSnapshot, type Analyzer, type Gap } from '../snapshot/snapshot.js';
import { collectEnabledRegions } from './account.js';
import { describeCredentialError, errorCode, gapFrom, isCredentialError, type CredentialSource } from './errors.js';

export interface AccessAnalyzerOptions {
  /** ACTIVE findings read per analyzer at most (default 1000); more are a 'Truncated' gap. */
  maxFindingsPerAnalyzer?: number;
  /** Regions read at once (default 4). */
  concurrency?: number;
}

export const DEFAULT_MAX_FINDINGS_PER_ANALYZER = 1000;

function toAnalyzer(a: AnalyzerSummary, region: string): Analyzer {
  return {
    arn: a.arn ?? '',
    name: a.name ?? '',
    type: String(a.type ?? ''),
    status: String(a.status ?? ''),
    region,
    ...(a.createdAt ? { createdAt: a.createdAt.toISOString() } : {}),
    ...(a.statusReason?.code ? { statusReason: String(a.statusReason.code) } : {}),
    tags: Object.fromEntries(Object.entries(a.tags ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
  };
}

export async function listAnalyzers(client: AccessAnalyzerClient, region: string): Promise<Analyzer[]> {
  const analyzers: Analyzer[] = [];
  for await (const page of paginateListAnalyzers({ client }, {})) {
    for (const a of page.analyzers ?? []) analyzers.push(toAnalyzer(a, region));
  }
  return analyzers;
}

/** The analyzer's ACTIVE findings, at most `max`; truncated when more exist. */
export async function listActiveFindings(client: AccessAnalyzerClient, analyzer: Analyzer, max: number): Promise<{ findings: AccessAnalyzerFinding[]; truncated: boolean }> {
  const findings: AccessAnalyzerFinding[] = [];
  const pages = paginateListFindingsV2({ client, pageSize: Math.min(100, max) }, { analyzerArn: analyzer.arn, filter: { status: { eq: ['ACTIVE'] } } });
  for await (const page of pages) {
    for (const f of page.findings ?? []) {
      if (findings.length === max) return { findings, truncated: true };
      findings.push({
        analyzerArn: analyzer.arn,
        region: analyzer.region,
        id: f.id ?? '',
        ...(f.findingType ? { findingType: String(f.findingType) } : {}),
        status: String(f.status ?? ''),
        ...(f.resource ? { resource: f.resource } : {}),
        resourceType: String(f.resourceType ?? ''),
        resourceOwnerAccount: f.resourceOwnerAccount ?? '',
        createdAt: (f.createdAt ?? new Date(0)).toISOString(),
        updatedAt: (f.updatedAt ?? new Date(0)).toISOString(),
        analyzedAt: (f.analyzedAt ?? new Date(0)).toISOString(),
        ...(f.error ? { error: f.error } : {}),
      });
    }
    if (findings.length === max && page.nextToken) return { findings, truncated: true };
  }
  return { findings, truncated: false };
}

/**
 * Both parts into the snapshot. ListRegions failing is a whole-part gap of both; a region's ListAnalyzers failing,
 * or an analyzer's ListFindingsV2, is a gap of that region or analyzer only. Credential errors end the audit.
 */
export async function collectAccessAnalyzerParts(
  account: AccountClient,
  analyzerClients: RegionalClients<AccessAnalyzerClient>,
  snapshot: AccountSnapshot,
  options: AccessAnalyzerOptions & { profile?: string; credentialSource?: CredentialSource; progress?: (m: string) => void } = {},
): Promise<void> {
  const progress = options.progress ?? (() => {});
  const source = options.credentialSource;
  const rethrowCredentials = (e: unknown) => {
    if (isCredentialError(e)) throw new FatalAwsError(describeCredentialError(e, options.profile, undefined, source));
  };
  let regions: string[];
  try {
    regions = await collectEnabledRegions(account);
  } catch (e) {
    rethrowCredentials(e);
    for (const part of ['accessAnalyzer', 'accessAnalyzerFindings'] as const) snapshot.gaps.push(gapFrom(part, 'account:ListRegions', e, source));
    progress(`could not collect accessAnalyzer: account:ListRegions failed (${errorCode(e)})`);
    return;
  }
  const max = options.maxFindingsPerAnalyzer ?? DEFAULT_MAX_FINDINGS_PER_ANALYZER;
  const limit = pLimit(options.concurrency ?? 4);
  const analyzers: Analyzer[] = [];
  const findings: AccessAnalyzerFinding[] = [];
  const gaps: Gap[] = [];
  await Promise.all(
    regions.map((region) =>
      limit(async () => {
        const client = analyzerClients.forRegion(region);
        let listed: Analyzer[];
        try {
          listed = await listAnalyzers(client, region);
        } catch (e) {
          rethrowCredentials(e);
          const resource = analyzerRegionResource(snapshot.partition, snapshot.accountId, region);
          for (const part of ['accessAnalyzer', 'accessAnalyzerFindings'] as const) {
            const g = gapFrom(part, 'access-analyzer:ListAnalyzers', e, source);
            gaps.push({ ...g, message: `${region}: ${g.message}`, resource });
          }
          return;
        }
        analyzers.push(...listed);
        for (const analyzer of listed.filter((a) => a.status === 'ACTIVE')) {
          try {
            const read = await listActiveFindings(client, analyzer, max);
            findings.push(...read.findings);
            if (read.truncated) {
              gaps.push({
                part: 'accessAnalyzerFindings',
                api: 'access-analyzer:ListFindingsV2',
                error: 'Truncated',
                message: `${analyzer.name} in ${region} has more than ${max} ACTIVE findings; the first ${max} were read`,
                resource: analyzer.arn,
              });
            }
          } catch (e) {
            rethrowCredentials(e);
            gaps.push({ ...gapFrom('accessAnalyzerFindings', 'access-analyzer:ListFindingsV2', e, source), resource: analyzer.arn });
          }
        }
      }),
    ),
  );
  const byKey = (a: { region: string; arn?: string; id?: string }, b: typeof a) => {
    const ka = `${a.region}\u0000${a.arn ?? ''}\u0000${a.id ?? ''}`;
    const kb = `${b.region}\u0000${b.arn ?? ''}\u0000${b.id ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  snapshot.accessAnalyzer = { regions, analyzers: analyzers.sort(byKey) };
  snapshot.accessAnalyzerFindings = findings.sort((a, b) => byKey({ region: a.region, arn: a.analyzerArn, id: a.id }, { region: b.region, arn: b.analyzerArn, id: b.id }));
  snapshot.gaps.push(...gaps.sort((a, b) => ((a.resource ?? '') < (b.resource ?? '') ? -1 : (a.resource ?? '') > (b.resource ?? '') ? 1 : a.part < b.part ? -1 : 1)));
  progress(`IAM Access Analyzer: ${analyzers.length} analyzer(s) in ${regions.length} region(s), ${findings.length} active finding(s)`);
}
