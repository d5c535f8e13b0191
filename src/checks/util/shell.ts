// Builds remediation drafts: shell commands a human reviews and runs. The tool itself never runs them.

const SAFE = /^[A-Za-z0-9_+=,.@/:%-]+$/;

/** Quotes a value for a POSIX shell when it needs it (IAM names are usually safe; snapshots may come from anywhere). */
export function sh(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Joins draft lines (commands and # comments) into one block. */
export function draft(...lines: (string | false | undefined)[]): string {
  return lines.filter((l): l is string => typeof l === 'string').join('\n');
}

/** Pretty JSON for policy drafts (stable key order as given). */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A file-name-safe version of a name, for `file://` draft paths. */
export function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}
