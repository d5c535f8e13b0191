// The package root (package.json with report-templates/ next to it), from bench/*.ts or dist/bench/*.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'report-templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package root not found above ${from}`);
  }
}

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = findPackageRoot(HERE);
