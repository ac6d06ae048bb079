/**
 * Split writes into POST bodies of at most `maxItems` items and `maxBytes` of JSON. An item larger
 * than `maxBytes` on its own still goes, alone: refusing it here would only hide Halo's own answer.
 */
export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

export function splitBatches<T>(items: readonly T[], limits: BatchLimits, sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  // `[` and `]`, plus a comma between items.
  let bytes = 2;
  for (const item of items) {
    const size = sizeOf(item);
    const added = current.length === 0 ? size : size + 1;
    if (current.length > 0 && (current.length >= limits.maxItems || bytes + added > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 2;
    }
    bytes += current.length === 0 ? size : size + 1;
    current.push(item);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
