/**
 * YAML with source positions. Frontmatter, sidecars, `_company.yml` and the config file are all
 * parsed through here, so every problem points at the YAML line it is on.
 *
 * YAML is parsed with the `yaml` package in its 1.2 core schema: `yes` stays a string, dates stay
 * strings, and nothing in a document can run code.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlIssue extends Position {
  message: string;
}

export interface ParsedYaml {
  /** The document as plain data; `undefined` for an empty document. */
  data: unknown;
  /** Syntax errors, already shifted by the line offset. */
  errors: YamlIssue[];
  /** Where the value at `path` starts (or its key, with `key: true`). */
  position(path: readonly (string | number)[], key?: boolean): Position | undefined;
  /**
   * The scalar at `path` (or its key) as YAML read it and as it is written in the file, so that a
   * number such as `3.10` can be told from `3.1`; undefined when there is no scalar there.
   */
  scalar(path: readonly (string | number)[], key?: boolean): { value: unknown; source: string } | undefined;
}

/**
 * Parse `text`. `lineOffset` is added to every line number, for YAML that sits inside a larger file
 * (frontmatter starts on line 2 of its Markdown file).
 */
export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const errors = doc.errors.map((e) => ({
    // The yaml package appends " at line N, column M" with its own numbering; positions are ours.
    message: e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''),
    ...at(e.pos[0]),
  }));
  let data: unknown;
  try {
    data = errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    errors.push({ message: error instanceof Error ? error.message : String(error), line: 1 + lineOffset, column: 1 });
  }
  const nodeAt = (path: readonly (string | number)[], key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (pair === undefined) return undefined;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        keyNode = undefined;
      } else {
        return undefined;
      }
    }
    return (key ? keyNode : undefined) ?? (node as Node | null | undefined) ?? keyNode;
  };
  return {
    data: data ?? undefined,
    errors,
    position(path, key = false) {
      const range = nodeAt(path, key)?.range;
      return range ? at(range[0]) : undefined;
    },
    scalar(path, key = false) {
      const node = nodeAt(path, key);
      if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
      return { value: node.value, source: text.slice(node.range[0], node.range[1]) };
    },
  };
}
