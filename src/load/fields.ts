// Tolerant field readers for AWS-shaped input (SDK responses or CLI JSON): a field of the wrong type reads as absent,
// so the caller decides, field by field, whether to derive it, record a gap, or treat absence as "none".
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** ISO string of a Date or a parsable date string; undefined when absent or unparsable. */
export function date(o: Obj, key: string): string | undefined {
  const v = o[key];
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function num(o: Obj, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** Account id (5th field) of an ARN, when it is 12 digits. */
export function arnAccount(arn: string): string | undefined {
  const id = arn.split(':')[4];
  return id && /^\d{12}$/.test(id) ? id : undefined;
}

/** Path and name from an IAM ARN's resource part ("user/dev/alice" -> path "/dev/", name "alice"). */
export function pathAndName(arn: string): { path: string; name: string } | undefined {
  const resource = arn.split(':').slice(5).join(':');
  const segments = resource.split('/').slice(1);
  const name = segments.pop();
  if (!name) return undefined;
  return { path: segments.length ? `/${segments.join('/')}/` : '/', name };
}

/** A key of `o` that is `key` in another case (AWS's keys are case-sensitive): the field is there, but unreadable. */
export function recasedKey(o: Obj, key: string): string | undefined {
  if (key in o) return undefined;
  const lower = key.toLowerCase();
  return Object.keys(o).find((k) => k.toLowerCase() === lower);
}

/** Keys of `o` outside `known`, each with a hint when it differs from a known key only in case. */
export function unknownKeys(o: Obj, known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(o)) {
    if (known.has(k)) continue;
    const match = [...known].find((c) => c.toLowerCase() === k.toLowerCase());
    out.push(match ? `${k} (keys are case-sensitive: did you mean ${match}?)` : k);
  }
  return out;
}
