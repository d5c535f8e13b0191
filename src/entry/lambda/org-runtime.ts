// What the three org handlers share per invocation: validated settings (org mode required), the delivery S3 client,
// the org run store and the account archive over it, the clock and the logger.
import type { S3Client } from '@aws-sdk/client-s3';
import { OrgRunStore } from '../../org/run-store.js';
import { createS3Client, ReportArchive } from '../../pipeline/report-store-s3.js';
import { loadLambdaConfig, requireOrgConfig, type LambdaConfig, type OrgLambdaConfig } from './config.js';
import { jsonLogger, type HandlerDeps, type Logger } from './runtime.js';

export interface OrgRuntime {
  config: LambdaConfig;
  org: OrgLambdaConfig;
  s3: S3Client;
  store: OrgRunStore;
  archive: ReportArchive;
  log: Logger;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  destroy(): void;
}

export function orgRuntime(deps: HandlerDeps, needs: { queue?: boolean } = {}): OrgRuntime {
  const config = loadLambdaConfig(deps.env ?? process.env);
  const org = requireOrgConfig(config, needs);
  const s3 = createS3Client({
    region: config.aws.region,
    endpointUrl: config.aws.endpointUrl,
    forcePathStyle: config.aws.forcePathStyle,
    maxAttempts: config.aws.maxAttempts,
  });
  return {
    config,
    org,
    s3,
    store: new OrgRunStore(s3, config.bucket, config.prefix),
    archive: new ReportArchive(s3, config.bucket, config.prefix),
    log: deps.log ?? jsonLogger,
    now: deps.now ?? (() => new Date()),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    destroy: () => s3.destroy(),
  };
}
