import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommonEvent } from '../events/common';
import type { ItsEvent } from '../events/its';
import { LPI_BASE, LpiRanges } from './lpi';

function collect() {
  const events: Array<ItsEvent | CommonEvent> = [];
  return { events, emit: (e: ItsEvent | CommonEvent) => void events.push(e) };
}

/** Free list invariants: sorted, non-overlapping, never two adjacent ranges, no empty range. */
function checkFreeList(r: LpiRanges): void {
  const list = r.toArray();
  for (let i = 0; i < list.length; i++) {
    const [base, span] = list[i];
    expect(span).toBeGreaterThan(0);
    expect(base).toBeGreaterThanOrEqual(LPI_BASE);
    expect(base + span).toBeLessThanOrEqual(r.end);
    if (i > 0) {
      const [pb, ps] = list[i - 1];
      // strictly after the previous one, with a gap (adjacent ranges are always merged)
      expect(pb + ps).toBeLessThan(base);
    }
  }
}

describe('LpiRanges (its_lpi_init / alloc_lpi_range / free_lpi_range)', () => {
  it('starts as one range [8192, 2^lpi_bits)', () => {
    expect(new LpiRanges(16).toArray()).toEqual([[8192, 57344]]);
    expect(new LpiRanges(14).total).toBe(8192);
  });

  it('honours a hypervisor-restricted LPI count, and warns when it is too large', () => {
    const log = collect();
    expect(new LpiRanges(16, { numLpis: 4096, sink: log }).toArray()).toEqual([[8192, 4096]]);
    expect(log.events[0]).toMatchObject({ type: 'log', message: 'ITS: Using hypervisor restricted LPI range [4096]' });
    const log2 = collect();
    expect(new LpiRanges(14, { numLpis: 65536, sink: log2 }).toArray()).toEqual([[8192, 8192]]);
    expect(log2.events[0]).toMatchObject({ type: 'warning', site: 'its_lpi_init' });
  });

  it('allocates first fit from the front of the range and halves on failure', () => {
    const r = new LpiRanges(14); // 8192 LPIs
    expect(r.alloc(100)).toEqual({ ret: 0, base: 8192, nr_lpis: 100 });
    expect(r.alloc(32)).toEqual({ ret: 0, base: 8292, nr_lpis: 32 });
    r.free(8192, 100);
    // 64 fits in the hole at 8192: first fit, not best fit
    expect(r.alloc(64)).toEqual({ ret: 0, base: 8192, nr_lpis: 64 });
    // 10000 does not fit anywhere: 5000 does (in the tail range)
    expect(r.alloc(10000)).toEqual({ ret: 0, base: 8324, nr_lpis: 5000 });
    expect(r.toArray()).toEqual([
      [8256, 36],
      [13324, 3060],
    ]);
    // the first range (36 LPIs) is the first fit for 17
    expect(r.alloc(17).base).toBe(8256);
  });

  it('returns -ENOSPC with base = nr_lpis = 0 when nothing is left', () => {
    const r = new LpiRanges(14);
    expect(r.alloc(8192)).toEqual({ ret: 0, base: 8192, nr_lpis: 8192 });
    expect(r.toArray()).toEqual([]);
    expect(r.alloc(1)).toEqual({ ret: -28, base: 0, nr_lpis: 0 });
    expect(r.alloc(0)).toEqual({ ret: -28, base: 0, nr_lpis: 0 });
  });

  it('merges a freed range with both neighbours', () => {
    const r = new LpiRanges(14);
    r.alloc(10);
    r.alloc(10);
    r.alloc(10);
    r.free(8192, 10);
    r.free(8212, 10);
    expect(r.toArray()).toEqual([
      [8192, 10],
      [8212, 8172],
    ]);
    r.free(8202, 10);
    expect(r.toArray()).toEqual([[8192, 8192]]);
  });

  it('keeps the free list sorted and merged, and accounts for every LPI (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 14, max: 18 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5000 }), fc.nat()), { maxLength: 200 }),
        (bits, ops) => {
          const r = new LpiRanges(bits);
          const held: Array<[number, number]> = [];
          for (const [isAlloc, nr, pick] of ops) {
            if (isAlloc || held.length === 0) {
              const res = r.alloc(nr);
              if (res.ret === 0) {
                expect(res.nr_lpis).toBeGreaterThan(0);
                expect(res.nr_lpis).toBeLessThanOrEqual(nr);
                // nothing allocated twice: disjoint from every range still held
                for (const [b, n] of held) expect(res.base + res.nr_lpis <= b || b + n <= res.base).toBe(true);
                held.push([res.base, res.nr_lpis]);
              } else {
                expect(res).toEqual({ ret: -28, base: 0, nr_lpis: 0 });
              }
            } else {
              const [[b, n]] = held.splice(pick % held.length, 1);
              expect(r.free(b, n)).toBe(0);
            }
            checkFreeList(r);
            const heldCount = held.reduce((s, [, n]) => s + n, 0);
            expect(r.freeCount() + heldCount).toBe(r.total);
            // no held range overlaps a free range
            for (const [fb, fs] of r.toArray())
              for (const [b, n] of held) expect(fb + fs <= b || b + n <= fb).toBe(true);
          }
          for (const [b, n] of held) r.free(b, n);
          expect(r.toArray()).toEqual([[LPI_BASE, 2 ** bits - LPI_BASE]]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
