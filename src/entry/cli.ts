#!/usr/bin/env node
// On-demand CLI entry point; the work is in cli-run.ts so tests can import it without running it.
import './batch-jit.js'; // first: V8 tier-up thresholds for a batch run, before any audit code runs
import { main } from './cli/main.js';
import { installTempFileCleanup } from '../util/fs.js';

// The SDK warns on every run under Node 20 that its 2027 releases will need Node 22; this package pins its SDK
// version, and the README recommends Node 22 (the Lambda runtime). Set the variable to "false" to see it again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Ctrl-C or a SIGTERM mid-write removes this run's *.tmp-<pid> files (src/util/fs.ts), then ends as the signal would.
installTempFileCleanup();

main().then((code) => {
  process.exitCode = code;
});
