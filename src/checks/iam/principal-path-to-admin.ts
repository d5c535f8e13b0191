// Attack paths to admin: one finding per user or role that can reach full administrative access in one or more
// steps (src/paths/: assume a role, change its own policies, take another user's credentials, pass a role to new
// compute), with the shortest path as evidence, each hop naming the statements that allow it. Principals that are
// admin already are left to iam.policy.full-admin.
//
// Severity: critical for one unconditional hop, high for a longer unconditional path; one level lower when a hop
// needs a condition the principal does not satisfy by itself (MFA, source IP, tags). The remediation draft cuts one
// edge: the hop allowed by the fewest identity statements (the last such hop on a tie, the one nearest admin, which
// cuts the paths of every principal that goes through it), with an explicit Deny on that hop's source.
import type { Check, CheckResult } from '../types.js';
import type { Severity } from '../../vocabulary.js';
import { PathGraph, type Hop } from '../../paths/graph.js';
import { shortestPaths, type AttackPath } from '../../paths/query.js';
import { describeGrant, pathsJson } from '../../paths/render.js';
import type { ActionCatalog } from '../../policy/catalog.js';
import { lowerSeverity, riskAnalysis } from '../../policy/principal-risk.js';
import type { AccountSnapshot } from '../../snapshot/snapshot.js';
import { documentJson, fullAdminPass, pass } from '../util/risk-findings.js';
import { riskCheckInputs } from '../util/populations.js';

const GRAPH_PARTS = new Set(['users', 'groups', 'roles', 'policies']);

// Memo keyed by the snapshot the runner hands to every check unchanged (as principal-risk.ts does).
const cache = new WeakMap<AccountSnapshot, Map<string, Map<string, AttackPath>>>();

function pathsByPrincipal(snapshot: AccountSnapshot, catalog: ActionCatalog, now: string): Map<string, AttackPath> {
  let perNow = cache.get(snapshot);
  if (!perNow) cache.set(snapshot, (perNow = new Map()));
  let hit = perNow.get(now);
  if (!hit) {
    hit = new Map(shortestPaths(new PathGraph(snapshot, catalog, now)).map((p) => [p.principal, p]));
    perNow.set(now, hit);
  }
  return hit;
}

function severityOf(p: AttackPath): Severity {
  const base: Severity = p.hops.length === 1 ? 'critical' : 'high';
  return p.conditional ? lowerSeverity(base) : base;
}

/** The hop to cut: fewest identity Allow statements, the last on a tie. */
export function cheapestHop(p: AttackPath): Hop {
  let best = p.hops[0]!;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const hop of p.hops) {
    const cost = hop.grantedBy.filter((g) => g.layer === 'identity' && g.effect === 'Allow').length || Number.POSITIVE_INFINITY;
    if (cost <= bestCost) {
      best = hop;
      bestCost = cost;
    }
  }
  return best;
}

function remediation(p: AttackPath): string {
  const hop = cheapestHop(p);
  const grants = hop.grantedBy.filter((g) => g.layer === 'identity' && g.effect === 'Allow');
  const name = hop.from.slice(hop.from.lastIndexOf('/') + 1);
  const kind = hop.from.includes(':user/') ? 'user' : 'role';
  if (grants.length === 0) {
    return `# The hop ${hop.from} -> ${hop.to} (${hop.method}) is allowed by ${hop.grantedBy.map(describeGrant).join('; ')}: remove the source from that trust policy.`;
  }
  const statement = { Sid: 'CutAttackPath', Effect: 'Deny', Action: [...new Set(grants.map((g) => g.action))].sort(), Resource: [...new Set(grants.map((g) => g.resource))].sort() };
  const file = `${name}-cut-attack-path.json`;
  return [
    `# Preferred: remove or scope the statement(s) behind the hop ${hop.from} -> ${hop.to} (${hop.method}):`,
    ...grants.map((g) => `#   ${describeGrant(g)}`),
    '# Until then, this explicit Deny on the hop\'s source cuts the path (review first: it also blocks legitimate uses).',
    `cat > '${file}' <<'POLICY'`,
    documentJson({ Version: '2012-10-17', Statement: [statement] }),
    'POLICY',
    `aws iam put-${kind}-policy --${kind}-name '${name}' --policy-name cut-attack-path --policy-document 'file://${file}'`,
  ].join('\n');
}

export const principalPathToAdmin: Check = {
  id: 'iam.principal.path-to-admin',
  title: 'No user or role can become an administrator through a chain of steps',
  severity: 'high',
  ...riskCheckInputs,
  remediation:
    'Cut the path: remove or scope the statement behind one hop (the trust that admits the source, the iam:PassRole or IAM write grant, the credential grant on another user), or deny it explicitly.',
  run: (snap, ctx) => {
    const { principals } = riskAnalysis(snap, ctx.catalog, ctx.now);
    const paths = pathsByPrincipal(snap, ctx.catalog, ctx.now);
    // A path may run through any principal or policy: one that could not be read leaves "no path" unproven for all.
    const unread = snap.gaps.filter((g) => GRAPH_PARTS.has(g.part)).length + principals.filter((r) => r.analysis.unresolved.length > 0).length;
    return principals.map((r): CheckResult => {
      const arn = r.analysis.principal.entity.arn;
      if (r.analysis.profile.fullAdmin) return fullAdminPass(r);
      const p = paths.get(arn);
      if (!p && unread > 0) {
        return { resourceArn: arn, status: 'NOT_ASSESSED', message: `No path found, but ${unread} part${unread === 1 ? '' : 's'} of the inventory (entities, attached policies) could not be read: a path through them cannot be ruled out.`, evidence: { unread } };
      }
      if (!p) return pass(r, 'No path to full administrative access was found.');
      const n = p.hops.length;
      return {
        resourceArn: arn,
        status: 'FAIL',
        severity: severityOf(p),
        message: `${arn} can reach full administrative access in ${n} step${n === 1 ? '' : 's'}${p.conditional ? ' (when a condition holds)' : ''}: ${p.hops.map((h) => h.method).join(' -> ')}.`,
        evidence: { path: pathsJson([p])[0] },
        remediation: remediation(p),
      };
    });
  },
};
