import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sort, unsignedDiffCmp } from './sort';

interface Item {
  id: number;
  key: number;
}

const byKey = (a: Item, b: Item): number => unsignedDiffCmp(a.key, b.key);

function sortedIds(keys: number[]): number[] {
  const items = keys.map((key, id) => ({ id, key }));
  sort(items, byKey);
  return items.map((x) => x.id);
}

describe('lib/sort.c sort()', () => {
  it('leaves arrays of fewer than two elements alone', () => {
    const empty: Item[] = [];
    sort(empty, byKey);
    expect(empty).toEqual([]);
    expect(sortedIds([7])).toEqual([0]);
  });

  it('orders equal keys as the v6.15+ heapsort does', () => {
    // Two nodes with equal CPU counts come out as [node 1, node 0] (kernel-model.md 4).
    expect(sortedIds([4, 4])).toEqual([1, 0]);
    expect(sortedIds([1, 1, 1])).toEqual([2, 1, 0]);
    expect(sortedIds([1, 1, 1, 1])).toEqual([1, 3, 2, 0]);
    expect(sortedIds([1, 1, 1, 1, 1])).toEqual([3, 1, 4, 2, 0]);
    // Eight equal keys. The pre-v6.15 sift-down (left child on a tie) gives other orders,
    // and with it irq_affinity-015 and -016 no longer replay.
    expect(sortedIds([8, 8, 8, 8, 8, 8, 8, 8])).toEqual([1, 3, 4, 5, 6, 7, 2, 0]);
    // irq_affinity-017: nodes of 6, 7 and 6 CPUs are visited as node 2, node 0, node 1.
    expect(sortedIds([6, 7, 6])).toEqual([2, 0, 1]);
  });

  it('compares as a signed difference of unsigned counts (UINT_MAX sorts first)', () => {
    const U = 0xffffffff;
    expect(unsignedDiffCmp(U, 5)).toBeLessThan(0);
    expect(unsignedDiffCmp(5, U)).toBeGreaterThan(0);
    expect(unsignedDiffCmp(U, U)).toBe(0);
    // A memory-only node (UINT_MAX) between two real ones.
    expect(sortedIds([48, U, 48])).toEqual([1, 2, 0]);
  });

  it('sorts any array ascending and keeps every element', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (keys) => {
        const items = keys.map((key, id) => ({ id, key }));
        sort(items, (a, b) => a.key - b.key);
        for (let i = 1; i < items.length; i++) expect(items[i - 1].key).toBeLessThanOrEqual(items[i].key);
        expect(items.map((x) => x.id).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      }),
    );
  });

  it('agrees with Array.prototype.sort on distinct keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 100000 }), { maxLength: 300 }), (keys) => {
        const ours = keys.slice();
        sort(ours, (a, b) => a - b);
        expect(ours).toEqual(keys.slice().sort((a, b) => a - b));
      }),
    );
  });
});
