// Deep copy of an engine state graph for timeline checkpoints: class instances keep their
// prototype, typed arrays, Maps, Sets and cycles are copied, shared references stay shared.
// Functions stored as own properties of unfrozen objects may capture the old state in a
// closure, so they make the graph uncloneable (CloneError) instead of silently sharing
// state. Frozen objects (constant tables, chip descriptors) are shared, not copied.

export class CloneError extends Error {}

/**
 * Objects marked shared are referenced, not copied: an event recorder belongs to whoever
 * drives the engine, and every checkpoint of one timeline reports to the same recorder.
 */
export const SHARED: unique symbol = Symbol('irqscope.shared');
export interface Shared {
  readonly [SHARED]: true;
}

export function deepClone<T>(root: T): T {
  const seen = new Map<unknown, unknown>();

  const copy = (v: unknown, path: string): unknown => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') throw new CloneError(`cannot checkpoint: function at ${path}`);
      return v;
    }
    // Shared recorders, and frozen constants (the kernel's `static const struct irq_chip`).
    if ((v as Partial<Shared>)[SHARED] === true || Object.isFrozen(v)) return v;
    const hit = seen.get(v);
    if (hit !== undefined) return hit;
    if (ArrayBuffer.isView(v)) {
      const ta = v as unknown as { slice(): unknown };
      const out = ta.slice();
      seen.set(v, out);
      return out;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out[i] = copy(v[i], `${path}[${i}]`);
      return out;
    }
    if (v instanceof Map) {
      const out = new Map();
      seen.set(v, out);
      for (const [k, val] of v) out.set(copy(k, `${path}.key`), copy(val, `${path}.get(${String(k)})`));
      return out;
    }
    if (v instanceof Set) {
      const out = new Set();
      seen.set(v, out);
      for (const val of v) out.add(copy(val, `${path}.item`));
      return out;
    }
    const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
    seen.set(v, out);
    for (const key of Object.keys(v)) {
      const val = (v as Record<string, unknown>)[key];
      out[key] = copy(val, `${path}.${key}`);
    }
    return out;
  };

  return copy(root, '$') as T;
}
