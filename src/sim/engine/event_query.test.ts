import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../events';
import { EventStore } from './event_store';
import { EventQueries, NO_FILTER, type EventFilter, type FilterContext } from './event_query';

const alloc = (cpu: number, bit: number): SimEvent => ({
  type: 'irq_matrix_alloc',
  bit,
  cpu,
  online: true,
  available: 200,
  allocated: 3,
  managed: 0,
  online_maps: 4,
  global_available: 800,
  global_reserved: 0,
  total_allocated: 12,
});

const ctx: FilterContext = {
  version: 1,
  stepDevice: (s) => (s === 0 ? 'nvme0' : s === 1 ? 'nic0' : null),
  irqDevice: (irq) => (irq === 45 ? 'disk' : null),
  irqDomains: (irq) => (irq === 45 ? ['PCI-MSIX-0000:01:00.0-12', 'VECTOR'] : []),
  itsDevice: (id) => (id === 0x10 ? 'nic0' : null),
};

function storeOf(events: Array<[SimEvent, number]>): EventStore {
  const s = new EventStore();
  for (const [e, step] of events) s.push(e, step);
  return s;
}

const f = (p: Partial<EventFilter>): EventFilter => ({ ...NO_FILTER, ...p });

function matching(events: Array<[SimEvent, number]>, filter: EventFilter): number[] {
  const store = storeOf(events);
  const q = new EventQueries(store);
  return q.rows({ filter, from: 0, count: 10_000 }, store.end, ctx).rows.map((r) => r.seq);
}

describe('event queries', () => {
  const events: Array<[SimEvent, number]> = [
    [alloc(2, 33), 0],
    [alloc(1, 34), 2],
    [{ type: 'warning', site: 'irq_matrix_free', message: 'bit not set' }, 2],
    [{ type: 'failure', site: 'irq_matrix_alloc', errno: -28, message: 'no vector' }, 3],
    [{ type: 'its_events_alloc', device_id: 0x10, event: 0, nvecs: 4, reserved: 4, hwirq: 8192 }, 7],
    [{ type: 'vector_reserve', irq: 45, ret: 0 }, 8],
  ];

  it('filters by CPU list, kind and problems', () => {
    expect(matching(events, f({ cpus: [2, 3] }))).toEqual([0]);
    expect(matching(events, f({ kinds: ['warning'] }))).toEqual([2]);
    expect(matching(events, f({ problemsOnly: true }))).toEqual([2, 3]);
    expect(matching(events, f({ irq: 45 }))).toEqual([5]);
  });

  it('relates events to devices by their step, their irq or their ITS DevID', () => {
    expect(matching(events, f({ device: 'nvme0' }))).toEqual([0]);
    expect(matching(events, f({ device: 'nic0' }))).toEqual([4]);
    expect(matching(events, f({ device: 'disk' }))).toEqual([5]);
  });

  it('relates events to domains by their tracepoint family or their irq chain', () => {
    expect(matching(events, f({ domain: 'VECTOR' }))).toEqual([0, 1, 5]);
    expect(matching(events, f({ domain: 'ITS@0x08080000' }))).toEqual([4]);
    expect(matching(events, f({ domain: 'PCI-MSIX-0000:01:00.0-12' }))).toEqual([5]);
  });

  it('finds text in the lines, case-insensitively', () => {
    expect(matching(events, f({ text: 'BIT NOT' }))).toEqual([2]);
    expect(matching(events, f({ text: 'cpu=1 ' }))).toEqual([1]);
  });

  it('counts only the events before the position shown, and pages from the end', () => {
    const store = storeOf(events);
    const q = new EventQueries(store);
    const upTo3 = q.rows({ filter: NO_FILTER, from: -1, count: 2 }, store.seqOfStep(3), ctx);
    expect(upTo3.total).toBe(3);
    expect(upTo3.rows.map((r) => r.seq)).toEqual([1, 2]);
    const problemsUpTo3 = q.rows({ filter: f({ problemsOnly: true }), from: 0, count: 10 }, store.seqOfStep(3), ctx);
    expect(problemsUpTo3.rows.map((r) => r.seq)).toEqual([2]);
    expect(q.rows({ filter: NO_FILTER, from: 0, count: 10 }, store.end, ctx).kinds).toEqual([
      'failure',
      'irq_matrix_alloc',
      'its_events_alloc',
      'vector_reserve',
      'warning',
    ]);
  });

  it('an index grows with the store and starts over after a cut, equal to a fresh filter (property)', () => {
    const ev = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 32, max: 255 }));
    fc.assert(
      fc.property(fc.array(fc.array(ev, { maxLength: 30 }), { maxLength: 6 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 6 }), (batches, cpu, cutAt) => {
        const filter = f({ cpus: [cpu] });
        const store = new EventStore();
        const q = new EventQueries(store);
        const all: Array<[SimEvent, number]> = [];
        batches.forEach((b, step) => {
          for (const [c, bit] of b) {
            store.push(alloc(c, bit), step);
            all.push([alloc(c, bit), step]);
          }
          q.rows({ filter, from: 0, count: 1 }, store.end, ctx);
          if (step === cutAt) {
            store.dropFrom(step);
            all.splice(all.findIndex(([, s]) => s >= step) < 0 ? all.length : all.findIndex(([, s]) => s >= step));
          }
        });
        const got = q.rows({ filter, from: 0, count: 10_000 }, store.end, ctx).rows.map((r) => r.seq);
        const want = all.flatMap(([e], i) => ((e as { cpu: number }).cpu === cpu ? [i] : []));
        expect(got).toEqual(want);
      }),
      { seed: 9003, numRuns: 150 },
    );
  });

  it('a slow filter scans in bounded slices and says when it is not complete', () => {
    const store = new EventStore();
    for (let i = 0; i < 200_000; i++) store.push(alloc(i % 8, 33 + (i % 100)), i >> 6);
    const q = new EventQueries(store);
    const first = q.rows({ filter: f({ text: 'bit=99 cpu=2 ' }), from: 0, count: 5 }, store.end, ctx, 1);
    expect(first.complete).toBe(false);
    let a = first;
    while (!a.complete) a = q.rows({ filter: f({ text: 'bit=99 cpu=2 ' }), from: 0, count: 5 }, store.end, ctx, 50);
    const want = [...Array(200_000).keys()].filter((i) => i % 8 === 2 && 33 + (i % 100) === 99).length;
    expect(want).toBeGreaterThan(0);
    expect(a.total).toBe(want);
  });
});
