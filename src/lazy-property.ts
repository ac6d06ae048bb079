/**
 * A read-only property worked out on first read, then kept. It stays an own, enumerable property,
 * so spreading, JSON and deep equality see its value; assigning to it throws.
 *
 * Every object lazy in the same key shares one getter, and pending work and values live in weak
 * maps: a getter closure per object would give every object its own hidden class, which made
 * defining the property on 10,000 articles slower than the work it put off.
 */
const getters = new Map<PropertyKey, () => unknown>();
const pending = new WeakMap<object, Map<PropertyKey, () => unknown>>();
const known = new WeakMap<object, Map<PropertyKey, unknown>>();

function getterFor(key: PropertyKey): () => unknown {
  let getter = getters.get(key);
  if (getter === undefined) {
    getter = function (this: object): unknown {
      const values = known.get(this);
      if (values?.has(key)) return values.get(key);
      const value = pending.get(this)!.get(key)!();
      if (values === undefined) known.set(this, new Map([[key, value]]));
      else values.set(key, value);
      return value;
    };
    getters.set(key, getter);
  }
  return getter;
}

export function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): T {
  const work = pending.get(target);
  if (work === undefined) pending.set(target, new Map([[key, compute]]));
  else work.set(key, compute);
  return Object.defineProperty(target, key, { enumerable: true, configurable: true, get: getterFor(key) });
}
