import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newBits, testBit } from '../lib/bitmap';
import {
  bitmapFindFreeRegion,
  bitmapFindZeroArea,
  bitmapReleaseRegion,
  EventLpiMap,
  getCountOrder,
  roundupPowOfTwo,
} from './its_events';

/** Bit-by-bit reference of bitmap_find_free_region on a boolean array. */
function refFindFreeRegion(bits: boolean[], order: number): number {
  const len = 2 ** order;
  for (let pos = 0; pos + len <= bits.length; pos += len) {
    let free = true;
    for (let i = pos; i < pos + len; i++) if (bits[i]) free = false;
    if (free) {
      for (let i = pos; i < pos + len; i++) bits[i] = true;
      return pos;
    }
  }
  return -12;
}

describe('event map helpers (lib/bitmap.c regions, get_count_order)', () => {
  it('get_count_order and roundup_pow_of_two', () => {
    expect([1, 2, 3, 4, 5, 17, 27, 32, 33].map(getCountOrder)).toEqual([0, 1, 2, 2, 3, 5, 5, 5, 6]);
    expect(getCountOrder(0)).toBe(-1);
    expect([1, 2, 3, 27, 32, 33, 1000].map(roundupPowOfTwo)).toEqual([1, 2, 4, 32, 32, 64, 1024]);
  });

  it('27 events take a whole aligned block of 32; single releases leave the padding', () => {
    const m = new EventLpiMap(8192, 32);
    expect(m.allocRegion(27)).toBe(0);
    expect(m.format()).toBe('0-31');
    for (let e = 0; e < 27; e++) m.releaseRegion(e, 1);
    expect(m.format()).toBe('27-31');
    expect(m.isEmpty()).toBe(false);
    expect(m.allocRegion(27)).toBe(-12);
    m.releaseRegion(0, 27);
    expect(m.isEmpty()).toBe(true);
  });

  it('only regions ending within nr_lpis qualify', () => {
    const m = new EventLpiMap(0, 100);
    expect(m.allocRegion(64)).toBe(0);
    expect(m.allocRegion(64)).toBe(-12);
    expect(m.allocRegion(32)).toBe(64);
    expect(m.allocRegion(4)).toBe(96);
    expect(m.allocRegion(1)).toBe(-12);
  });

  it('finds an aligned zero area of exact length (region model)', () => {
    const b = newBits(64);
    for (let i = 0; i < 27; i++) b[0] |= 1 << i;
    expect(bitmapFindZeroArea(b, 64, 4, 3)).toBe(28);
    expect(bitmapFindZeroArea(b, 64, 27, 31)).toBe(32);
    expect(bitmapFindZeroArea(b, 64, 33, 31)).toBe(64); // none
  });

  it('matches a bit-by-bit reference on random alloc/release sequences (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 130 }), fc.nat()), { maxLength: 120 }),
        (nbits, ops) => {
          const b = newBits(nbits);
          const ref: boolean[] = new Array<boolean>(nbits).fill(false);
          const held: Array<[number, number]> = [];
          for (const [isAlloc, nvecs, pick] of ops) {
            const order = getCountOrder(nvecs);
            if (isAlloc || held.length === 0) {
              const got = bitmapFindFreeRegion(b, nbits, order);
              expect(got).toBe(refFindFreeRegion(ref, order));
              if (got >= 0) {
                expect(got % 2 ** order).toBe(0);
                held.push([got, order]);
              }
            } else {
              const [[pos, o]] = held.splice(pick % held.length, 1);
              bitmapReleaseRegion(b, pos, o);
              for (let i = pos; i < pos + 2 ** o; i++) ref[i] = false;
            }
            for (let i = 0; i < nbits; i++) expect(testBit(b, i)).toBe(ref[i]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
