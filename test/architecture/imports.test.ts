// The import graph of src/, read from the text: relative specifiers of import and export ... from (type-only ones
// included: a type-only cycle still ties two modules together) and of import('...') types.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

// import x from, import x, { a } from, import type { a } from, import * as x from, export { a } from, export * from.
const FROM = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*from\s*['"]([^'"]+)['"]/gm;
const BARE = /^\s*import\s*['"]([^'"]+)['"]/gm;
const INLINE = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const key = (file: string) => relative(SRC, file).split(sep).join('/');

interface Module {
  /** Every specifier, packages included. */
  specifiers: string[];
  /** Resolved relative specifiers, as keys (paths under src/, or ../ for files outside it). */
  imports: string[];
  /** Relative specifiers naming no file: the parse or the path is wrong. */
  unresolved: string[];
  /** How many lines end in `from '...';`, to check FROM missed none. */
  fromCount: number;
  fromMatched: number;
}

function readModule(file: string): Module {
  const text = readFileSync(file, 'utf8');
  const from = [...text.matchAll(FROM)].map((m) => m[1]!);
  const specifiers = [...from, ...[...text.matchAll(BARE)].map((m) => m[1]!), ...[...text.matchAll(INLINE)].map((m) => m[1]!)];
  const imports: string[] = [];
  const unresolved: string[] = [];
  for (const spec of specifiers.filter((s) => s.startsWith('.'))) {
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (existsSync(target)) imports.push(key(target));
    else unresolved.push(spec);
  }
  return { specifiers, imports, unresolved, fromCount: text.match(/\sfrom\s+['"][^'"\n]+['"](?:\s+with\s*\{[^}\n]*\})?;?$/gm)?.length ?? 0, fromMatched: from.length };
}

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(SRC, f))
  .sort();
const graph = new Map(files.map((f) => [key(f), readModule(f)]));

/** One cycle per back edge of a depth-first walk: a graph has a cycle exactly when such a walk meets a back edge. */
function cycles(): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (from: string) => {
    state.set(from, 'open');
    stack.push(from);
    for (const to of graph.get(from)?.imports ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to) && graph.has(to)) visit(to);
    }
    stack.pop();
    state.set(from, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('the import graph of src/', () => {
  it('is read completely: every relative specifier names a file, every `from` is parsed', () => {
    expect(graph.size).toBeGreaterThan(100);
    for (const [file, m] of graph) {
      expect(m.unresolved, file).toEqual([]);
      expect(m.fromMatched, `${file}: a 'from' the pattern does not parse`).toBe(m.fromCount);
    }
    expect(graph.get('checks/run.ts')?.imports).toContain('checks/types.ts');
  });

  it('has no cycle, type-only imports included', () => {
    expect(cycles().map((c) => c.join(' -> '))).toEqual([]);
  });

  it('leaves src/vocabulary.ts importing nothing', () => {
    expect(graph.get('vocabulary.ts')?.specifiers).toEqual([]);
  });

  it('keeps the check contract (src/checks/types.ts) to the checks, the pipeline and the agents posture', () => {
    // Check, CheckContext and Population are how checks are written and run: the pipeline runs them and the agents
    // posture is built from their outcomes. Everything else (report, delivery, collectors, entry points) works on
    // findings (vocabulary.ts) and must not depend on how a check is written.
    const outside = [...graph]
      .filter(([file, m]) => m.imports.includes('checks/types.ts') && !/^(checks|pipeline|agents)\//.test(file))
      .map(([file]) => file);
    expect(outside).toEqual([]);
  });
});
