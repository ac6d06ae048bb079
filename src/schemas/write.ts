/**
 * Part of `npm run build`: write the editor schemas (generate.ts) beside this file, into dist/schemas/,
 * which the package ships (node_modules/halo-kb/dist/schemas/ in a docs repository).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemas, schemaText } from './generate.js';

const folder = path.dirname(fileURLToPath(import.meta.url));
await mkdir(folder, { recursive: true });
for (const [name, schema] of Object.entries(generateSchemas())) {
  await writeFile(path.join(folder, name), schemaText(schema));
}
