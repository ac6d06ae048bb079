/**
 * `npm run schemas`: write the editor schemas (generate.ts) to schemas/ at the package root.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemas, schemaText } from './generate.js';

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
await mkdir(folder, { recursive: true });
for (const [name, schema] of Object.entries(generateSchemas())) {
  await writeFile(path.join(folder, name), schemaText(schema));
  process.stdout.write(`wrote schemas/${name}\n`);
}
