import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's report-templates/ directory, found by walking up from this module until a directory holds a
 * package.json (the package root). Works from src/report/*.ts (vitest, tsx) and from dist/src/report/*.js alike.
 * A package.json without report-templates/ next to it (e.g. a nested `{"type": "module"}` marker) is walked past.
 */
export function findTemplatesDir(from: string | URL = import.meta.url): string {
  const start = typeof from === 'string' && !from.startsWith('file:') ? from : fileURLToPath(from);
  const visited: string[] = [];
  let dir = dirname(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, 'report-templates');
      if (existsSync(join(candidate, 'report.hbs'))) return candidate;
      visited.push(dir);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `report-templates/report.hbs not found: no package root with report-templates/ above ${start}` +
      (visited.length ? ` (package.json found in ${visited.join(', ')})` : ''),
  );
}
