// The summary of a V8 CPU profile for BENCHMARKS.md: self time by function and by file, mapped to the TypeScript
// sources through their source maps.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './root.js';

// ---------------------------------------------------------------- CPU profile summary

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
export interface Hotspot {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

export const sourceMaps = new Map<string, SourceMap | null>();

/** "src/policy/analysis.ts:81" for a frame in dist/ (through the .js.map tsc writes), else the file as it ran. */
export function whereOf(url: string, line: number, column = 0): string {
  if (!url) return '(native)';
  let path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(join(ROOT, 'dist') + '/')) {
    let map = sourceMaps.get(path);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
      } catch {
        map = null;
      }
      sourceMaps.set(path, map);
    }
    const entry = map?.findEntry(line, column);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      return `${relative(ROOT, resolve(dirname(path), entry.originalSource))}:${entry.originalLine + 1}`;
    }
  }
  if (path.startsWith(ROOT)) path = relative(ROOT, path);
  return `${path}:${line + 1}`;
}

/** Self and total time by function (recursion counted once), from the sampled profile. */
export function summariseProfile(profile: CpuProfile): { hotspots: Hotspot[]; byFile: { file: string; selfMs: number }[]; totalMs: number; idleMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}\u0000${whereOf(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    // (idle): the main thread waiting, e.g. on the catalogue's file reads; not CPU time of the analysis.
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    totalUs += us;
    self.set(key(node), (self.get(key(node)) ?? 0) + us);
    const file = node.callFrame.url ? whereOf(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber).replace(/:\d+$/, '') : node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : `(native ${node.callFrame.functionName})`;
    files.set(file, (files.get(file) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const hotspots = [...self.entries()]
    .map(([k, us]) => {
      const [name = '', where = ''] = k.split('\u0000');
      return { name, where, selfMs: us / 1000, totalMs: (total.get(k) ?? us) / 1000 };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
  const byFile = [...files.entries()].map(([file, us]) => ({ file, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs);
  return { hotspots, byFile, totalMs: totalUs / 1000, idleMs: idleUs / 1000 };
}

// ---------------------------------------------------------------- formatting

