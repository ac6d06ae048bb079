/**
 * A fast path for the YAML almost every frontmatter and sidecar holds: one `key: value` per line,
 * each value a quoted string, a plain string or a flow list of plain strings. Parsing such a
 * document with the full YAML parser (which keeps a tree with positions) cost about 5% of compiling
 * an article.
 *
 * Anything outside that shape returns `undefined`, and the caller parses with the `yaml` package
 * as before. The shape is chosen so that both always agree: a plain value that YAML's core schema
 * could read as anything but a string (a number, a date-like or signed value, true/false, null,
 * ~) is left to the full parser, as are escapes, comments after values, indentation, anchors,
 * tags, block scalars, empty values, repeated keys and carriage returns. test/plain-yaml.test.ts
 * compares the two on generated documents.
 */

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(.*?)[ \t]*$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
const FLOW_LIST = /^\[(.*)\]$/;
/**
 * A plain string in block context: it starts with none of YAML's indicators nor a character that
 * could start a number or null, and holds no ": " or " #" (a nested mapping or a comment).
 */
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`~+.0-9](?:[^:#\r\n]|:(?=\S)|(?<=\S)#)*$/;
/** Words the core schema reads as booleans or null. */
const NOT_A_STRING = /^(?:true|false|null)$/i;
/** A plain item inside a flow list also holds none of the flow indicators. */
const FLOW_ITEM = /^[^,[\]{}]*$/;

/** YAML's white space is the space and the tab only (JavaScript's trim also takes NBSP, BOM, ...). */
function trimYaml(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** The yaml package refuses implicit keys this long. */
const MAX_KEY = 1024;

function plainString(value: string, inFlow: boolean): string | undefined {
  if (!PLAIN.test(value) || NOT_A_STRING.test(value)) return undefined;
  if (inFlow && !FLOW_ITEM.test(value)) return undefined;
  return value;
}

function scalar(value: string): unknown {
  const double = DOUBLE_QUOTED.exec(value);
  if (double !== null) return double[1];
  const single = SINGLE_QUOTED.exec(value);
  if (single !== null) return single[1]!.replace(/''/g, "'");
  const list = FLOW_LIST.exec(value);
  if (list !== null) {
    const inside = trimYaml(list[1]!);
    if (inside === '') return [];
    const items = inside.split(',').map((item) => plainString(trimYaml(item), true));
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  return plainString(value, false);
}

/** The mapping `text` holds, when it is in the simple shape; otherwise `undefined`. */
export function parsePlainMapping(text: string): Record<string, unknown> | undefined {
  if (text.includes('\r')) return undefined;
  const data: Record<string, unknown> = {};
  let keys = 0;
  for (const line of text.split('\n')) {
    if (/^ *$/.test(line) || line.startsWith('#')) continue;
    const match = KEY_LINE.exec(line);
    if (match === null) return undefined;
    const key = match[1]!;
    if (key.length >= MAX_KEY || key === '__proto__' || NOT_A_STRING.test(key) || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    const value = scalar(match[2]!);
    if (value === undefined) return undefined;
    data[key] = value;
    keys++;
  }
  return keys === 0 ? undefined : data;
}
