// The action catalogue with every action interned as an integer id, so that what a statement or a principal can do
// is a bitset (action-set.ts) instead of a list of strings. Ids follow the lower-cased action name, so a service's
// actions are contiguous and iterating a set yields actions in alphabetical order.
//
// One index per catalogue (actionIndex(catalog) caches it). Pattern expansion is memoized per pattern, statement
// expansion per canonical Action/NotAction key (see actionsKey).
import type { PolicyStatement } from '../snapshot/snapshot.js';
import { ActionBits, ActionSet } from './action-set.js';
import type { AccessLevel, ActionCatalog, CatalogAction } from './catalog.js';

/** Access levels in a fixed order: the index of a level in this list is its numeric code in ActionIndex.levels. */
export const LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface StatementActions {
  set: ActionSet;
  /** Explicit (wildcard-free) Action entries the catalogue does not know: typos, or actions newer than the catalogue. */
  unknown: readonly string[];
}

/** Above this many memoized statement expansions the memo starts over (bounds memory in long-lived processes). */
const STATEMENT_MEMO_LIMIT = 50_000;

export class ActionIndex {
  readonly size: number;
  readonly wordCount: number;
  /** Canonical names ("service:ActionName"), by id. */
  readonly names: readonly string[];
  /** LEVELS index of each action, by id. */
  readonly levels: Uint8Array;
  /** Every catalogue action. */
  readonly all: ActionSet;
  /** Full-width bit masks of the actions at each level (LEVELS order). */
  readonly levelMasks: readonly Uint32Array[];
  private readonly idByAction = new Map<CatalogAction, number>();
  private readonly idByLower = new Map<string, number>();
  private readonly patternMemo = new Map<string, ActionSet>();
  private readonly statementMemo = new Map<string, StatementActions>();

  constructor(readonly catalog: ActionCatalog) {
    const actions = catalog
      .expand('*')
      .map((a) => ({ a, lower: a.name.toLowerCase() }))
      .sort((x, y) => cmp(x.lower, y.lower))
      .map((x) => x.a);
    this.size = actions.length;
    this.wordCount = (this.size + 31) >>> 5;
    this.names = actions.map((a) => a.name);
    this.levels = new Uint8Array(this.size);
    const masks = LEVELS.map(() => new Uint32Array(this.wordCount));
    actions.forEach((a, id) => {
      this.idByAction.set(a, id);
      this.idByLower.set(a.name.toLowerCase(), id);
      const level = LEVELS.indexOf(a.accessLevel);
      this.levels[id] = level;
      masks[level]![id >>> 5]! |= 1 << (id & 31);
    });
    this.levelMasks = masks;
    this.all = ActionSet.fromIds([...actions.keys()]);
  }

  id(action: string): number | undefined {
    return this.idByLower.get(action.toLowerCase());
  }

  name(id: number): string {
    return this.names[id]!;
  }

  level(id: number): AccessLevel {
    return LEVELS[this.levels[id]!]!;
  }

  /** The catalogue actions an Action pattern matches ("*" and "?" wildcards, case-insensitive). Memoized. */
  pattern(pattern: string): ActionSet {
    const key = pattern.toLowerCase();
    let set = this.patternMemo.get(key);
    if (!set) {
      set = ActionSet.fromIds(this.catalog.expand(pattern).map((a) => this.idByAction.get(a)!));
      this.patternMemo.set(key, set);
    }
    return set;
  }

  /** Union of the sets of several patterns. */
  patterns(patterns: readonly string[]): ActionSet {
    if (patterns.length === 1) return this.pattern(patterns[0]!);
    const bits = new ActionBits(this.wordCount);
    for (const p of patterns) bits.or(this.pattern(p));
    return ActionSet.fromBits(bits);
  }

  /**
   * What a statement's Action (expanded) or NotAction (complemented against the catalogue) covers. Memoized by the
   * canonical key of the action list, so the thousands of statements that repeat a few lists cost one expansion.
   */
  statementActions(st: Pick<PolicyStatement, 'Action' | 'NotAction'>): StatementActions {
    const key = actionsKey(st);
    let hit = this.statementMemo.get(key);
    if (hit) return hit;
    if (st.NotAction !== undefined) {
      const bits = new ActionBits(this.wordCount);
      bits.or(this.all);
      for (const p of st.NotAction) {
        const excluded = this.pattern(p);
        for (let i = 0; i < excluded.words.length; i++) bits.words[excluded.lo + i]! &= ~excluded.words[i]!;
      }
      hit = { set: ActionSet.fromBits(bits), unknown: [] };
    } else {
      const patterns = st.Action ?? [];
      const unknown = patterns.filter((p) => !/[*?]/.test(p) && this.id(p) === undefined);
      hit = { set: this.patterns(patterns), unknown };
    }
    if (this.statementMemo.size >= STATEMENT_MEMO_LIMIT) this.statementMemo.clear();
    this.statementMemo.set(key, hit);
    return hit;
  }

  /** Per-level counts of a set, in LEVELS order. */
  countByLevel(set: ActionSet): number[] {
    const counts = LEVELS.map(() => 0);
    for (const id of set.ids()) counts[this.levels[id]!]!++;
    return counts;
  }
}

/**
 * Canonical key of a statement's action list: NotAction and Action kept apart, patterns lower-cased (IAM matches
 * actions case-insensitively), de-duplicated, sorted and joined with NUL (which no action pattern contains).
 */
export function actionsKey(st: Pick<PolicyStatement, 'Action' | 'NotAction'>): string {
  const notAction = st.NotAction !== undefined;
  const list = notAction ? st.NotAction! : (st.Action ?? []);
  const prefix = notAction ? 'NotAction\u0000' : 'Action\u0000';
  if (list.length === 1) return prefix + list[0]!.toLowerCase();
  const lower = list.map((p) => p.toLowerCase());
  // Insertion sort: action lists are short, and Array.prototype.sort allocates a work copy per call.
  for (let i = 1; i < lower.length; i++) {
    const x = lower[i]!;
    let j = i;
    while (j > 0 && lower[j - 1]! > x) {
      lower[j] = lower[j - 1]!;
      j--;
    }
    lower[j] = x;
  }
  let key = prefix;
  for (let i = 0; i < lower.length; i++) if (i === 0 || lower[i] !== lower[i - 1]) key += (i ? '\u0000' : '') + lower[i];
  return key;
}

// Memo keyed by the object it was computed from: safe across calls and runs because snapshots, catalogues and policy
// documents are never changed after validation, and a WeakMap lets a finished run's entries be collected.
const indexes = new WeakMap<ActionCatalog, ActionIndex>();

/** The (cached) index of a catalogue. */
export function actionIndex(catalog: ActionCatalog): ActionIndex {
  let index = indexes.get(catalog);
  if (!index) indexes.set(catalog, (index = new ActionIndex(catalog)));
  return index;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
