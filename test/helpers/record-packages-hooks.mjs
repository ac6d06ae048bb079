/** The module hooks record-packages.mjs registers: each package a run resolves, appended to HALO_KB_TEST_LOADED. */
import { appendFileSync } from 'node:fs';

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  const name = PACKAGE.exec(found.url)?.[1];
  if (name !== undefined) appendFileSync(process.env.HALO_KB_TEST_LOADED, `${name}\n`);
  return found;
}
