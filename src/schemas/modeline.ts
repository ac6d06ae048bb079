/**
 * The `# yaml-language-server: $schema=…` line that points an editor (the VS Code YAML extension
 * and other users of yaml-language-server) at one of the schemas halo-kb ships in its package.
 * The path is relative to the YAML file, as the language server resolves it, and leads to the
 * dist/schemas/ folder of halo-kb installed in the project's node_modules. Pure.
 */
import path from 'node:path';

/** Where an installed halo-kb's schemas are, from the project root. */
export const INSTALLED_SCHEMAS = 'node_modules/halo-kb/dist/schemas';

/** The modeline for `file` (relative to the project root, forward slashes) using schema `schema` (e.g. "company.schema.json"). */
export function schemaModeline(file: string, schema: string): string {
  const target = path.posix.relative(path.posix.dirname(file), `${INSTALLED_SCHEMAS}/${schema}`);
  return `# yaml-language-server: $schema=${target.startsWith('.') ? target : `./${target}`}`;
}
