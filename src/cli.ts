#!/usr/bin/env node
// On-demand CLI entry point; the work is in cli-run.ts so tests can import it without running it.
import { main } from './cli-run.js';

main().then((code) => {
  process.exitCode = code;
});
