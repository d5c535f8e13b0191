import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findTemplatesDir } from './report/templates-dir.js';

/** The package root is the folder that holds report-templates/ and package.json. */
export const PACKAGE_ROOT = dirname(findTemplatesDir());
export const TOOL_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
