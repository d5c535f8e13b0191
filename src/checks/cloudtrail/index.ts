// The CloudTrail checks (ids cloudtrail.*): whether identity activity is logged and tamper-evident.
// One file per check, named as its id without the family: <id family>/<rest of the id, dots as dashes>.ts.
import { cloudTrailMultiRegionLogging } from './multi-region-logging.js';
import { cloudTrailLogFileValidation } from './log-file-validation.js';
import type { Check } from '../types.js';

/** In report order (src/checks/index.ts interleaves the families). */
export const CLOUDTRAIL_CHECKS: readonly Check[] = [cloudTrailMultiRegionLogging, cloudTrailLogFileValidation];

export { cloudTrailLogFileValidation, cloudTrailMultiRegionLogging };
