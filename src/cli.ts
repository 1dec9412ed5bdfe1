#!/usr/bin/env node
// The `gobrpc` command (the package's bin): see src/cli/main.ts and `gobrpc --help`.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
