/**
 * A read-only property worked out on first read, then kept. It stays an own, enumerable property,
 * so spreading, JSON and deep equality see its value; assigning to it throws.
 *
 * Every object lazy in the same key shares one getter, and the pending work lives in a weak map:
 * a getter closure per object would give every object its own hidden class, which made defining
 * the property on 10,000 articles slower than the work it put off.
 */
interface Lazy {
  getter: () => unknown;
  /** By object: the work still to do, or its result. */
  state: WeakMap<object, { compute: () => unknown } | { value: unknown }>;
}

const byKey = new Map<PropertyKey, Lazy>();

function lazyFor(key: PropertyKey): Lazy {
  let lazy = byKey.get(key);
  if (lazy === undefined) {
    const state: Lazy['state'] = new WeakMap();
    const getter = function (this: object): unknown {
      const entry = state.get(this)!;
      if ('value' in entry) return entry.value;
      const value = entry.compute();
      state.set(this, { value });
      return value;
    };
    byKey.set(key, (lazy = { getter, state }));
  }
  return lazy;
}

export function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): T {
  const lazy = lazyFor(key);
  lazy.state.set(target, { compute });
  return Object.defineProperty(target, key, { enumerable: true, configurable: true, get: lazy.getter });
}
