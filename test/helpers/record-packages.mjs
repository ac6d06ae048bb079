/**
 * `node --import <this file> ...`: the run writes the name of every package it loads, one a line,
 * to the file named in HALO_KB_TEST_LOADED (see test/cli/startup.test.ts).
 */
import { register } from 'node:module';

register('./record-packages-hooks.mjs', import.meta.url);
