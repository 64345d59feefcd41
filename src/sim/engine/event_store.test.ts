import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../events';
import { CHUNK, EventStore } from './event_store';

/** Events of every kind of field: u32 counters past 2^31, negatives, strings, booleans, optional keys. */
const eventArb: fc.Arbitrary<SimEvent> = fc.oneof(
  fc.record({
    type: fc.constant('irq_matrix_alloc' as const),
    bit: fc.integer({ min: 0, max: 255 }),
    cpu: fc.integer({ min: 0, max: 8191 }),
    online: fc.boolean(),
    available: fc.integer({ min: 0, max: 0xffffffff }),
    allocated: fc.integer({ min: 0, max: 255 }),
    managed: fc.integer({ min: 0, max: 255 }),
    online_maps: fc.integer({ min: 0, max: 8192 }),
    global_available: fc.integer({ min: 0, max: 0xffffffff }),
    global_reserved: fc.integer({ min: 0, max: 100 }),
    total_allocated: fc.integer({ min: 0, max: 100000 }),
  }),
  fc.record({ type: fc.constant('vector_reserve' as const), irq: fc.integer({ min: 0, max: 200000 }), ret: fc.integer({ min: -40, max: 0 }) }),
  fc.record({ type: fc.constant('warning' as const), site: fc.constantFrom('a', 'b'), message: fc.string() }),
  fc.record({ type: fc.constant('log' as const), level: fc.constantFrom('err' as const, 'warn' as const, 'info' as const), site: fc.string(), message: fc.string() }),
  fc.record({ type: fc.constant('failure' as const), site: fc.string(), errno: fc.integer({ min: -200, max: 0 }), message: fc.string() }),
  fc.record({ type: fc.constant('xen_irq_bind' as const), irq: fc.nat(), kind: fc.constantFrom('VIRQ' as const, 'IPI' as const), cpu: fc.nat(64), binding: fc.string(), owner: fc.string() }),
);

const problem = (e: SimEvent) => e.type === 'warning' || e.type === 'failure' || (e.type === 'log' && e.level !== 'info');

describe('EventStore', () => {
  it('gives back every event as it was recorded, with its step and sequence number (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), (items) => {
        const store = new EventStore();
        let step = -1;
        const want: Array<SimEvent & { step: number; seq: number }> = [];
        items.forEach(([e, dstep], i) => {
          step += dstep;
          store.push(e, step);
          want.push({ ...e, step, seq: i });
        });
        expect(store.all()).toEqual(want);
        expect(store.problems()).toEqual(want.filter(problem));
        for (let s = -1; s <= step + 1; s++) expect(store.seqOfStep(s)).toBe(want.findIndex((e) => e.step >= s) < 0 ? want.length : want.findIndex((e) => e.step >= s));
      }),
      { seed: 9001, numRuns: 200 },
    );
  });

  it('dropFrom forgets the events of later steps, and numbering goes on from the cut (property)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 60 }), (events, cutStep) => {
        const store = new EventStore();
        events.forEach((e, i) => store.push(e, Math.floor(i / 3)));
        const before = store.truncations;
        store.dropFrom(cutStep);
        const kept = events.filter((_, i) => Math.floor(i / 3) < cutStep);
        expect(store.size).toBe(kept.length);
        expect(store.all().map((e) => e.step)).toEqual(kept.map((_, i) => Math.floor(i / 3)));
        expect(store.truncations).toBe(kept.length < events.length ? before + 1 : before);
        store.push({ type: 'warning', site: 's', message: 'after' }, cutStep);
        expect(store.get(store.end - 1)).toMatchObject({ type: 'warning', message: 'after', seq: kept.length, step: cutStep });
        expect(store.problems().filter((e) => e.step >= cutStep)).toHaveLength(1);
      }),
      { seed: 9002, numRuns: 100 },
    );
  });

  it('keeps at most its byte budget, dropping whole chunks from the front and counting them', () => {
    const store = new EventStore(3 * 1024 * 1024);
    const n = CHUNK * 12;
    for (let i = 0; i < n; i++) store.push({ type: 'vector_reserve', irq: i, ret: 0 }, Math.floor(i / 10));
    expect(store.bytes).toBeLessThanOrEqual(3 * 1024 * 1024 + 512 * 1024);
    expect(store.dropped).toBeGreaterThan(0);
    expect(store.dropped % CHUNK).toBe(0);
    expect(store.start).toBe(store.dropped);
    expect(store.end).toBe(n);
    expect(store.get(store.start)).toMatchObject({ irq: store.start, seq: store.start });
    expect(store.get(n - 1)).toMatchObject({ irq: n - 1, step: Math.floor((n - 1) / 10) });
    expect(() => store.get(0)).toThrow(RangeError);
    // A warning among them survives only while its chunk does.
    expect(store.problems()).toEqual([]);
  });

  it('a million matrix events fit in about 50 bytes each', () => {
    const store = new EventStore();
    const e: SimEvent = { type: 'irq_matrix_alloc', bit: 33, cpu: 2, online: true, available: 200, allocated: 3, managed: 0, online_maps: 4, global_available: 800, global_reserved: 0, total_allocated: 12 };
    for (let i = 0; i < 1_000_000; i++) store.push(e, i >> 8);
    expect(store.size).toBe(1_000_000);
    expect(store.bytes / store.size).toBeLessThan(64);
    expect(store.dropped).toBe(0);
  });
});
