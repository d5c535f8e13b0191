// The floor of the size curve: read an export and JSON.parse it, nothing else (run by size-curve.ts, measured as
// the CLI is). Keeps the parsed value reachable until the end, as the CLI keeps its snapshot.
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) throw new Error('usage: parse-floor.js <file.json>');
const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
process.once('exit', () => {
  if (parsed === undefined) process.exitCode = 1;
});
