import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { accountSnapshotSchema, SCHEMA_VERSION, type AccountSnapshot } from '../snapshot.js';

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

export function parseSnapshot(data: unknown, source: string): AccountSnapshot {
  const version = (data as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== undefined && version !== SCHEMA_VERSION) {
    throw new InputError(`${source}: schemaVersion ${JSON.stringify(version)} is not supported (expected ${SCHEMA_VERSION})`);
  }
  const parsed = accountSnapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function loadSnapshotFile(path: string): Promise<AccountSnapshot> {
  return parseSnapshot(await readJsonFile(path), path);
}
