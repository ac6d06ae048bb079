#!/usr/bin/env node
/** The `halo-kb` executable. */
import { main, reportError } from './cli.js';
import { processIo, survivePipeClose } from './io.js';

survivePipeClose(process.stdout);
survivePipeClose(process.stderr);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, processIo());
  },
);
