// Small helpers to render AWS query-protocol XML (IAM, STS) and the value formats AWS uses in it.

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** `<Name>value</Name>`, or '' when the value is undefined/null (absent optional member). */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${typeof value === 'string' ? esc(value) : String(value)}</${name}>`;
}

/** An element whose content is already-rendered XML. */
export function raw(name: string, innerXml: string): string {
  return innerXml === '' ? `<${name}/>` : `<${name}>${innerXml}</${name}>`;
}

/** A query-protocol list: `<Name><member>..</member>...</Name>`; items are already-rendered inner XML. */
export function members(name: string, items: readonly string[]): string {
  if (items.length === 0) return `<${name}/>`;
  let out = `<${name}>`;
  for (const item of items) out += `<member>${item}</member>`;
  return out + `</${name}>`;
}

/** A list of plain strings (escaped). */
export function stringMembers(name: string, items: readonly string[]): string {
  return members(name, items.map(esc));
}

/**
 * Policy documents in IAM responses are URL-encoded "compliant with RFC 3986": every byte outside the unreserved set
 * (ALPHA / DIGIT / - . _ ~) is percent-encoded. encodeURIComponent leaves ! ' ( ) * alone, so those are encoded here.
 */
export function encodePolicyText(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** ISO-8601 as IAM/STS XML carries it: 2024-01-02T03:04:05Z (no milliseconds). */
export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO-8601 as the credential report carries it: 2024-01-02T03:04:05+00:00. */
export function isoOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function queryResponse(action: string, ns: string, resultInnerXml: string | null, requestId: string): string {
  const result = resultInnerXml === null ? '' : raw(`${action}Result`, resultInnerXml);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${ns}">${result}` +
    `<ResponseMetadata><RequestId>${esc(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>\n`
  );
}

/** AWS query-protocol error document (IAM and STS use the same shape). */
export function queryError(ns: string, type: 'Sender' | 'Receiver', code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${ns}"><Error>` +
    `<Type>${type}</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message>` +
    `</Error><RequestId>${esc(requestId)}</RequestId></ErrorResponse>\n`
  );
}
