// Shortest attack paths: a breadth-first search backwards from the target (admin, or one role), so that each
// principal gets its fewest-hop path; among paths of the same length an unconditional one is preferred, then the
// first by method id and node ARN. Same graph, same answer, in the same order.
import { ADMIN, type Hop, type PathGraph } from './graph.js';

export interface AttackPath {
  principal: string;
  /** "admin" or the role ARN asked for. */
  target: string;
  /** Some hop needs a condition to hold. */
  conditional: boolean;
  hops: Hop[];
}

export interface PathQuery {
  /** "admin" (default) or a role (or user) ARN. */
  to?: string;
  /** Only this principal's path. */
  from?: string;
  /** Longest path searched (default 5). */
  maxHops?: number;
}

export const DEFAULT_MAX_HOPS = 5;

interface Best {
  hop: Hop;
  conditional: boolean;
}

export function shortestPaths(graph: PathGraph, query: PathQuery = {}): AttackPath[] {
  const to = query.to ?? ADMIN;
  const maxHops = query.maxHops ?? DEFAULT_MAX_HOPS;
  const targets = to === ADMIN ? [ADMIN, ...[...graph.admins].sort()] : [to];
  const reached = new Map<string, boolean>(targets.map((t) => [t, false])); // node -> its path is conditional
  const next = new Map<string, Best>();
  let frontier = targets;
  for (let depth = 1; depth <= maxHops && frontier.length > 0; depth++) {
    const level = new Map<string, Best>();
    for (const node of frontier) {
      const nodeConditional = reached.get(node) ?? false;
      for (const hop of graph.incoming(node)) {
        if (reached.has(hop.from)) continue;
        const candidate = { hop, conditional: hop.conditional || nodeConditional };
        const current = level.get(hop.from);
        if (!current || better(candidate, current)) level.set(hop.from, candidate);
      }
    }
    for (const [node, best] of level) {
      reached.set(node, best.conditional);
      next.set(node, best);
    }
    frontier = [...level.keys()].sort();
  }
  const paths: AttackPath[] = [];
  for (const [principal, first] of next) {
    if (query.from !== undefined && principal !== query.from) continue;
    const hops: Hop[] = [];
    for (let b: Best | undefined = first; b; b = next.get(b.hop.to)) hops.push(b.hop);
    paths.push({ principal, target: to, conditional: first.conditional, hops });
  }
  return paths.sort((a, b) => a.hops.length - b.hops.length || Number(a.conditional) - Number(b.conditional) || (a.principal < b.principal ? -1 : 1));
}

function better(a: Best, b: Best): boolean {
  if (a.conditional !== b.conditional) return !a.conditional;
  if (a.hop.method !== b.hop.method) return a.hop.method < b.hop.method;
  return a.hop.to < b.hop.to;
}
