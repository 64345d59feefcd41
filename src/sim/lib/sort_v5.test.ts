import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sort, unsignedDiffCmp } from './sort';
import { sortV51 } from './sort_v5';

const ids = (keys: number[], f: typeof sort) => {
  const items = keys.map((key, id) => ({ id, key }));
  f(items, (a, b) => unsignedDiffCmp(a.key, b.key));
  return items.map((x) => x.id);
};

describe('lib/sort.c sort() of v5.1-v6.8', () => {
  it('orders equal keys as the single-pop, left-child-on-tie heapsort does (worked by hand)', () => {
    // n = 3: the heap build keeps [0,1,2]; pop 1 swaps 0<->2; pop 2 swaps 0<->1: [1,2,0].
    expect(ids([1, 1, 1], sortV51)).toEqual([1, 2, 0]);
    // ... where the v6.9 heapsort gives [2,1,0].
    expect(ids([1, 1, 1], sort)).toEqual([2, 1, 0]);
    // Two equal keys: both versions swap them once.
    expect(ids([4, 4], sortV51)).toEqual([1, 0]);
    expect(ids([], sortV51)).toEqual([]);
    expect(ids([5], sortV51)).toEqual([0]);
  });

  it('property: sorts ascending and keeps every element (seed 5151)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 100 }), (keys) => {
        const items = keys.map((key, id) => ({ id, key }));
        sortV51(items, (a, b) => a.key - b.key);
        for (let i = 1; i < items.length; i++) expect(items[i - 1].key).toBeLessThanOrEqual(items[i].key);
        expect(items.map((x) => x.id).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      }),
      { seed: 5151 },
    );
  });
});
