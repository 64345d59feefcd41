import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../sim/snapshot';
import {
  FilteredIndex,
  NO_FILTER,
  formatEvent,
  matchEvent,
  parseCpuList,
  severity,
  type EventFilter,
  type FilterContext,
} from './event-format';

function alloc(cpu: number, bit: number, step: number, seq: number): StampedEvent {
  return {
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
    step,
    seq,
  };
}

const warn: StampedEvent = { type: 'warning', site: 'irq_matrix_free', message: 'bit not set', step: 2, seq: 9 };
const fail: StampedEvent = { type: 'failure', site: 'irq_matrix_alloc', errno: -28, message: 'no vector', step: 3, seq: 10 };
const its: StampedEvent = { type: 'its_events_alloc', device_id: 0x10, event: 0, nvecs: 4, reserved: 4, hwirq: 8192, step: 1, seq: 11 } as StampedEvent;

const ctx: FilterContext = {
  stepDevice: (s) => (s === 0 ? 'nvme0' : s === 1 ? 'nic0' : null),
  irqDevice: () => null,
  irqDomains: () => [],
  itsDevice: (id) => (id === 0x10 ? 'nic0' : null),
};

describe('formatEvent', () => {
  it('prints ftrace-like lines with the step first', () => {
    expect(formatEvent(alloc(2, 33, 0, 1))).toBe(
      '   step 1  irq_matrix_alloc: bit=33 cpu=2 online=1 available=200 allocated=3 managed=0 online_maps=4 global_available=800 global_reserved=0 total_allocated=12',
    );
    expect(formatEvent({ ...alloc(0, 40, -1, 0) })).toMatch(/^ {5}boot {2}irq_matrix_alloc: bit=40 /);
    expect(formatEvent(warn)).toBe('   step 3  warning: WARNING in irq_matrix_free: bit not set');
  });

  it('ranks warnings and failures', () => {
    expect(severity(warn)).toBe('warning');
    expect(severity(fail)).toBe('failure');
    expect(severity(alloc(0, 1, 0, 0))).toBe('normal');
    expect(severity({ type: 'log', level: 'err', site: 'x', message: 'y', step: 0, seq: 0 })).toBe('warning');
    expect(severity({ type: 'log', level: 'info', site: 'x', message: 'y', step: 0, seq: 0 })).toBe('normal');
  });
});

describe('matchEvent', () => {
  const f = (p: Partial<EventFilter>): EventFilter => ({ ...NO_FILTER, ...p });

  it('filters by CPU list, kind and problems', () => {
    expect(matchEvent(alloc(2, 33, 0, 1), f({ cpus: new Set([2, 3]) }), ctx)).toBe(true);
    expect(matchEvent(alloc(1, 33, 0, 1), f({ cpus: new Set([2, 3]) }), ctx)).toBe(false);
    expect(matchEvent(warn, f({ cpus: new Set([2]) }), ctx)).toBe(false);
    expect(matchEvent(warn, f({ kind: 'warning' }), ctx)).toBe(true);
    expect(matchEvent(alloc(0, 1, 0, 0), f({ kind: 'warning' }), ctx)).toBe(false);
    expect(matchEvent(fail, f({ problemsOnly: true }), ctx)).toBe(true);
    expect(matchEvent(alloc(0, 1, 0, 0), f({ problemsOnly: true }), ctx)).toBe(false);
  });

  it('relates events to devices by their step, their irq or their ITS DevID', () => {
    expect(matchEvent(alloc(0, 40, 0, 0), f({ device: 'nvme0' }), ctx)).toBe(true);
    expect(matchEvent(alloc(0, 40, 2, 0), f({ device: 'nvme0' }), ctx)).toBe(false);
    expect(matchEvent({ ...its, step: 7 }, f({ device: 'nic0' }), ctx)).toBe(true);
    const withIrq = { ...warn, irq: 45 } as StampedEvent;
    expect(matchEvent(withIrq, f({ device: 'disk' }), { ...ctx, irqDevice: (i) => (i === 45 ? 'disk' : null) })).toBe(true);
  });

  it('relates events to domains by their tracepoint family', () => {
    expect(matchEvent(alloc(0, 40, 0, 0), f({ domain: 'VECTOR' }), ctx)).toBe(true);
    expect(matchEvent(alloc(0, 40, 0, 0), f({ domain: 'IO-APIC-0' }), ctx)).toBe(false);
    expect(matchEvent(its, f({ domain: 'ITS@0x08080000' }), ctx)).toBe(true);
  });
});

describe('FilteredIndex', () => {
  it('extends incrementally on append and equals a fresh filter (property)', () => {
    const ev = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 32, max: 255 }), fc.integer({ min: -1, max: 3 }));
    fc.assert(
      fc.property(fc.array(fc.array(ev, { maxLength: 20 }), { maxLength: 6 }), fc.integer({ min: 0, max: 7 }), (batches, cpu) => {
        const filter: EventFilter = { ...NO_FILTER, cpus: new Set([cpu]) };
        const fi = new FilteredIndex();
        let all: StampedEvent[] = [];
        let seq = 0;
        for (const b of batches) {
          all = all.concat(b.map(([c, bit, step]) => alloc(c, bit, step, seq++)));
          fi.update(all, filter, ctx);
        }
        const got = [...fi.update(all, filter, ctx)];
        const want = all.flatMap((e, i) => (matchEvent(e, filter, ctx) ? [i] : []));
        expect(got).toEqual(want);
      }),
    );
  });

  it('starts over when the stream is replaced or the filter changes', () => {
    const fi = new FilteredIndex();
    const f1: EventFilter = { ...NO_FILTER, cpus: new Set([1]) };
    const a = [alloc(1, 40, 0, 0), alloc(2, 41, 0, 1)];
    expect(fi.update(a, f1, ctx)).toEqual([0]);
    const b = [alloc(2, 40, 0, 0), alloc(1, 41, 0, 1), alloc(1, 42, 0, 2)];
    expect(fi.update(b, f1, ctx)).toEqual([1, 2]);
    const f2: EventFilter = { ...NO_FILTER, cpus: new Set([2]) };
    expect(fi.update(b, f2, ctx)).toEqual([0]);
  });
});

describe('parseCpuList', () => {
  it('reads kernel CPU lists', () => {
    expect(parseCpuList('')).toBeNull();
    expect([...parseCpuList('0-3,8')!]).toEqual([0, 1, 2, 3, 8]);
    expect(parseCpuList('3-1')).toBeUndefined();
    expect(parseCpuList('x')).toBeUndefined();
  });
});
