import type { AuditReport } from '../model.js';

/**
 * The JSON report, exactly as described by report-schema.json: 2-space indentation and a trailing newline.
 * Key order follows the report object, so the same report renders to the same bytes.
 *
 * Each finding carries its own evidence, not a reference to a shared copy. Measured on the 10 MB synthetic export
 * (bench/synthetic-export.ts: 34,915 findings, 51 MB of JSON, 2026-12-08): storing each distinct evidence object once
 * would save 2.2% of the bytes, each distinct evidence field once 12%; the largest part, the remediation drafts
 * (42%), is distinct per finding (it names the resource and embeds its policy). Not worth a schema where a reader
 * must resolve references to read one finding.
 */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The same bytes as renderJson, in pieces: each element of a top-level array (findings, checks, gaps) is one piece, so
 * a report of any size is written without one string holding it all (V8 strings stop at about 512 MB).
 */
export function* renderJsonChunks(report: AuditReport): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const end = i < entries.length - 1 ? ',\n' : '\n';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++) {
        yield `    ${indented(JSON.stringify(value[j], null, 2) ?? 'null', '    ')}${j < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${end}`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(JSON.stringify(value, null, 2), '  ')}${end}`;
    }
  }
  yield '}\n';
}

/** JSON.stringify never puts a raw newline inside a string, so every newline is between tokens. */
const indented = (json: string, pad: string) => json.replace(/\n/g, `\n${pad}`);
