#!/usr/bin/env node
/** The `halo-kb` executable. */
import { main, reportError } from './cli.js';
import { processIo } from './io.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, processIo());
  },
);
