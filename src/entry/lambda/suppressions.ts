// Suppressions for the Lambda: a YAML (or JSON) file in the report bucket, read before the audit.
//
//   default key  <prefix>/suppressions.yaml   optional: absent = no suppressions
//   HARDENING_AUDIT_SUPPRESSIONS_KEY=<key>     required: absent = a clear error before the audit
//
// One default key, not a .yaml/.json pair: two candidate files could silently disagree, and JSON is valid YAML, so a
// JSON list works at the default key as is. A key ending in .json is parsed as strict JSON.
// The format and the rules are the CLI's --suppressions (src/settings/suppressions.ts); errors name s3://bucket/key, the line,
// the entry and the field.
import type { ReportArchive } from '../../pipeline/report-store-s3.js';
import { s3Uri } from '../../pipeline/report-store-s3.js';
import { parseSuppressionsText, type Suppressions } from '../../settings/suppressions.js';
import { ENV_PREFIX, LambdaConfigError, type LambdaConfig } from './config.js';

export async function loadLambdaSuppressions(archive: Pick<ReportArchive, 'getText' | 'bucket'>, where: LambdaConfig['suppressions']): Promise<Suppressions | undefined> {
  const uri = s3Uri(archive.bucket, where.key);
  let text: string | null;
  try {
    text = await archive.getText(where.key);
  } catch (e) {
    throw new Error(`reading the suppressions file ${uri} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
  }
  if (text === null) {
    if (where.explicit) throw new LambdaConfigError(`${ENV_PREFIX}SUPPRESSIONS_KEY: the suppressions file ${uri} does not exist`);
    return undefined;
  }
  return parseSuppressionsText(text, uri);
}
