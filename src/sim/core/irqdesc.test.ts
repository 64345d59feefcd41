import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from '../events';
import { EEXIST, EINVAL, ENOMEM, ENOSPC } from '../lib/errno';
import { INT_MAX, IrqNumberSpace, domainAllocHint, type DescPolicy } from './irqdesc';
import { arm64NrIrqs, x86DynirqLowerBound, x86NrIrqs } from './nr_irqs';

function space(policy: DescPolicy, nrIrqsCompile = 64, nrIrqs = nrIrqsCompile, preallocated = 0, expandable = true) {
  return new IrqNumberSpace({ policy, nrIrqsCompile, nrIrqs, preallocated, expandable });
}

describe('early_irq_init', () => {
  it('preallocates 0..initcnt-1 and prints the boot line', () => {
    const log = new EventLog();
    const s = new IrqNumberSpace({ policy: 'bitmap', nrIrqsCompile: 4352, nrIrqs: 256, preallocated: 16, sink: log });
    expect(s.ranges()).toEqual([[0, 16]]);
    expect(s.allocatedCount).toBe(16);
    expect(s.nrIrqs).toBe(256);
    expect(s.limit).toBe(4352 + 8196);
    expect(log.events).toEqual([
      { type: 'log', level: 'info', site: 'early_irq_init', message: 'NR_IRQS: 4352, nr_irqs: 256, preallocated irqs: 16' },
    ]);
  });

  it('warns and clamps nr_irqs above IRQ_BITMAP_BITS; initcnt raises nr_irqs', () => {
    const log = new EventLog();
    const s = new IrqNumberSpace({ policy: 'bitmap', nrIrqsCompile: 64, nrIrqs: 9000, preallocated: 0, sink: log });
    expect(s.nrIrqs).toBe(8260);
    expect(log.events.filter((e) => e.type === 'warning')).toHaveLength(1);
    const t = new IrqNumberSpace({ policy: 'maple', nrIrqsCompile: 64, nrIrqs: 8, preallocated: 16 });
    expect(t.nrIrqs).toBe(16);
    expect(t.limit).toBe(INT_MAX);
  });
});

describe('__irq_alloc_descs, both eras', () => {
  for (const policy of ['bitmap', 'maple'] as const) {
    it(`${policy}: -EINVAL for cnt 0 and for from > irq`, () => {
      const s = space(policy);
      expect(s.alloc(-1, 0, 0)).toBe(-EINVAL);
      expect(s.alloc(5, 6, 1)).toBe(-EINVAL);
      expect(s.allocatedCount).toBe(0);
    });

    it(`${policy}: first fit from @from, exact requests, -EEXIST when the exact number is busy`, () => {
      const s = space(policy, 64, 64, 16);
      expect(s.alloc(-1, 0, 4)).toBe(16);
      expect(s.alloc(-1, 30, 2)).toBe(30);
      expect(s.alloc(-1, 18, 12)).toBe(32); // 20..29 is only 10 wide
      expect(s.alloc(-1, 18, 10)).toBe(20);
      expect(s.alloc(31, 31, 1)).toBe(-EEXIST);
      expect(s.alloc(29, 0, 2)).toBe(-EEXIST); // 29 free but 30 busy: the search lands elsewhere
      expect(s.alloc(44, 40, 1)).toBe(44);
      expect(s.isAllocated(44)).toBe(true);
      expect(s.ranges()).toEqual([[0, 45]]);
    });

    it(`${policy}: nr_irqs grows to start + cnt and never shrinks`, () => {
      const s = space(policy, 64, 64, 0);
      expect(s.alloc(-1, 60, 10)).toBe(60);
      expect(s.nrIrqs).toBe(70);
      s.free(60, 10);
      expect(s.nrIrqs).toBe(70);
      expect(s.allocatedCount).toBe(0);
    });

    it(`${policy}: not expandable (v2.6.39): start + cnt > nr_irqs is -ENOMEM`, () => {
      const s = space(policy, 4352, 256, 16, false);
      expect(s.alloc(-1, 250, 6)).toBe(250);
      expect(s.alloc(-1, 250, 1)).toBe(-ENOMEM);
      expect(s.alloc(-1, 40, 1)).toBe(40);
      expect(s.nrIrqs).toBe(256);
    });
  }

  it('bitmap: no area below IRQ_BITMAP_BITS is -ENOMEM, an exact request past it -EEXIST', () => {
    const s = space('bitmap', 64, 64, 0);
    expect(s.alloc(-1, 0, 8260)).toBe(0);
    expect(s.nrIrqs).toBe(8260);
    expect(s.alloc(-1, 0, 1)).toBe(-ENOMEM);
    s.free(100, 10);
    expect(s.alloc(-1, 0, 11)).toBe(-ENOMEM);
    expect(s.alloc(-1, 0, 10)).toBe(100);
    const t = space('bitmap', 64, 64, 0);
    expect(t.alloc(8259, 8259, 2)).toBe(-EEXIST);
    expect(t.alloc(9000, 9000, 1)).toBe(-EEXIST);
    expect(t.alloc(-1, 9000, 1)).toBe(-ENOMEM);
    expect(t.alloc(8259, 8259, 1)).toBe(8259);
  });

  it('maple: past INT_MAX; -ENOMEM for small counts, -ENOSPC from 28 up (unsigned wrap of start + cnt)', () => {
    const s = space('maple', 64, 64, 0);
    expect(s.alloc(-1, INT_MAX - 5, 10)).toBe(-ENOMEM);
    expect(s.alloc(-1, INT_MAX - 5, 30)).toBe(-ENOSPC);
    // A gap ending exactly at INT_MAX is found, but nr_irqs cannot reach INT_MAX + 1.
    expect(s.alloc(-1, INT_MAX - 3, 4)).toBe(-ENOMEM);
    expect(s.alloc(INT_MAX, INT_MAX, 1)).toBe(-ENOMEM);
    expect(s.alloc(INT_MAX - 4, INT_MAX - 4, 4)).toBe(INT_MAX - 4);
    expect(s.nrIrqs).toBe(INT_MAX);
    expect(s.alloc(INT_MAX - 4, 0, 4)).toBe(-EEXIST);
  });

  it('maple: 139,264 descriptors in blocks of 32 + 16 per vCPU (GICv4.1 story) stay fast and exact', () => {
    const s = space('maple', 64, 64, 0);
    const t0 = performance.now();
    let last = 0;
    for (let vm = 0; vm < 256; vm++) {
      last = s.domainAllocDescs(-1, 32, 0);
      for (let v = 0; v < 32; v++) last = s.domainAllocDescs(-1, 16, 0);
    }
    expect(s.allocatedCount).toBe(256 * 32 * 17);
    expect(last).toBe(139264 - 16 + 1);
    expect(s.ranges()).toEqual([[1, 139265]]);
    expect(performance.now() - t0).toBeLessThan(2000);
    const b = space('bitmap', 64, 64, 0);
    let vms = 0;
    for (;;) {
      if (b.domainAllocDescs(-1, 32, 0) < 0) break;
      let ok = true;
      for (let v = 0; v < 32 && ok; v++) ok = b.domainAllocDescs(-1, 16, 0) > 0;
      if (!ok) break;
      vms++;
    }
    expect(vms).toBe(15); // 15 * 544 = 8160; the 16th VM's blocks no longer fit in 8260 - 1
    expect(b.domainAllocDescs(-1, 16, 0)).toBe(-ENOMEM);
  });
});

describe('irq_free_descs and lookups', () => {
  it('ignores ranges reaching past nr_irqs; warns on numbers without a descriptor', () => {
    const log = new EventLog();
    const s = new IrqNumberSpace({ policy: 'bitmap', nrIrqsCompile: 64, nrIrqs: 64, preallocated: 16, sink: log });
    s.free(10, 60);
    expect(s.allocatedCount).toBe(16);
    expect(log.events.filter((e) => e.type === 'warning')).toHaveLength(0);
    s.free(14, 4);
    expect(s.ranges()).toEqual([[0, 14]]);
    const w = log.events.filter((e) => e.type === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ site: 'free_desc' });
    expect((w[0] as { message: string }).message).toContain('first: 16');
  });

  it('splits runs on partial frees and finds the next allocated number', () => {
    const s = space('maple', 64, 64, 0);
    s.alloc(-1, 0, 40);
    s.free(10, 5);
    s.free(20, 1);
    expect(s.ranges()).toEqual([[0, 10], [15, 20], [21, 40]]);
    expect(s.nextAllocated(10)).toBe(15);
    expect(s.nextAllocated(20)).toBe(21);
    expect(s.nextAllocated(40)).toBe(-1);
    expect(s.isAllocated(20)).toBe(false);
    expect(s.alloc(-1, 0, 3)).toBe(10);
    expect(s.alloc(-1, 0, 1)).toBe(13);
    expect(s.alloc(-1, 0, 2)).toBe(40);
    expect(s.alloc(-1, 0, 1)).toBe(14);
    expect(s.ranges()).toEqual([[0, 20], [21, 42]]);
  });

  it('domain hint: hwirq % nr_irqs, 0 -> 1, and a retry from 1', () => {
    expect(domainAllocHint(0, 64)).toBe(1);
    expect(domainAllocHint(77, 64)).toBe(13);
    expect(domainAllocHint(64, 64)).toBe(1);
    const s = space('bitmap', 64, 64, 0, false);
    expect(s.domainAllocDescs(-1, 1, 77)).toBe(13);
    expect(s.domainAllocDescs(-1, 1, 63)).toBe(63);
    // nr_irqs is fixed here: from hint 63 nothing fits below 64, so the retry from 1 answers
    expect(s.domainAllocDescs(-1, 1, 63)).toBe(1);
    expect(s.domainAllocDescs(-1, 1, 0)).toBe(2);
    expect(s.domainAllocDescs(5, 1, 0)).toBe(5);
    expect(s.domainAllocDescs(5, 1, 0)).toBe(-EEXIST);
  });

  it('x86 arch_dynirq_lower_bound replaces @from by the IO-APIC base, identity without one', () => {
    const s = new IrqNumberSpace({ policy: 'maple', nrIrqsCompile: 4352, nrIrqs: 440, preallocated: 16, dynirqLowerBound: x86DynirqLowerBound(24) });
    expect(s.alloc(-1, 100, 1)).toBe(24);
    expect(s.alloc(-1, 0, 1)).toBe(25);
    expect(s.alloc(3, 3, 1)).toBe(-EEXIST); // exact requests skip the bound (and 3 is legacy)
    expect(s.alloc(20, 20, 1)).toBe(20);
    expect(x86DynirqLowerBound(0)(7)).toBe(7);
  });

  it('clone is independent', () => {
    const s = space('maple');
    s.alloc(-1, 0, 4);
    const c = s.clone();
    c.alloc(-1, 0, 4);
    expect(s.allocatedCount).toBe(4);
    expect(c.allocatedCount).toBe(8);
  });
});

describe('nr_irqs computation', () => {
  it('x86 2011: one 24-pin IO-APIC, 1 vCPU -> nr_irqs_gsi 40, nr_irqs 256; 2 vCPUs -> 512', () => {
    const one = x86NrIrqs({ era: '2011', nrCpuIds: 1, ioapics: 1 });
    expect(one).toMatchObject({ nrIrqsGsi: 40, nrIrqs: 256, preallocated: 16, gsiTop: 24, dynirqBase: 0 });
    expect(one.NR_IRQS).toBeGreaterThanOrEqual(512);
    expect(x86NrIrqs({ era: '2011', nrCpuIds: 2, ioapics: 1 }).nrIrqs).toBe(512);
    expect(x86NrIrqs({ era: '2011', nrCpuIds: 8, ioapics: 1 }).nrIrqs).toBe(40 + 64 + 640);
    // irq_vectors.h of 2.6.39 (CONFIG_SPARSE_IRQ): CPU_VECTOR_LIMIT is 64 * NR_CPUS, as today.
    expect(x86NrIrqs({ era: '2011', nrCpuIds: 8, ioapics: 1, nrCpusCompile: 512 }).NR_IRQS).toBe(256 + 64 * 512);
  });

  it('x86 today: gsi_top + legacy + 8/cpu + MSI headroom, capped at 256 per CPU', () => {
    expect(x86NrIrqs({ era: 'current', nrCpuIds: 8, ioapics: 1 })).toMatchObject({
      NR_IRQS: 256 + 4096,
      nrIrqs: 24 + 16 + 64 + 16 * 24,
      preallocated: 16,
      gsiTop: 24,
      dynirqBase: 24,
    });
    expect(x86NrIrqs({ era: 'current', nrCpuIds: 1, ioapics: 1 }).nrIrqs).toBe(256);
    expect(x86NrIrqs({ era: 'current', nrCpuIds: 4, ioapics: 0, legacyPic: false }).nrIrqs).toBe(0 + 0 + 32 + 32);
    expect(x86NrIrqs({ era: 'current', nrCpuIds: 8192, ioapics: 1 }).NR_IRQS).toBe(256 + 64 * 8192);
  });

  it('arm64: NR_IRQS 64, nothing preallocated, cap 8260 under the bitmap', () => {
    const a = arm64NrIrqs();
    expect(a).toEqual({ NR_IRQS: 64, nrIrqs: 64, preallocated: 0 });
    const s = new IrqNumberSpace({ policy: 'bitmap', nrIrqsCompile: a.NR_IRQS, nrIrqs: a.nrIrqs, preallocated: a.preallocated });
    expect(s.limit).toBe(8260);
  });
});

// ---- properties against a naive model ----

type Op = { kind: 'alloc'; irq: number; from: number; cnt: number } | { kind: 'free'; pick: number } | { kind: 'freeRaw'; from: number; cnt: number };

const opArb = (maxNum: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ kind: fc.constant('alloc' as const), irq: fc.oneof(fc.constant(-1), fc.constant(-1), fc.integer({ min: 0, max: maxNum })), from: fc.integer({ min: 0, max: maxNum }), cnt: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('freeRaw' as const), from: fc.integer({ min: 0, max: maxNum }), cnt: fc.integer({ min: 0, max: 20 }) }),
  );

/** Naive model: a boolean array of numbers, linear first-fit with the same rules. */
function naiveAlloc(used: boolean[], policy: DescPolicy, limit: number, nrIrqs: number, irq: number, from: number, cnt: number): { ret: number; nrIrqs: number } {
  if (cnt <= 0) return { ret: -EINVAL, nrIrqs };
  if (irq >= 0) {
    if (from > irq) return { ret: -EINVAL, nrIrqs };
    from = irq;
  }
  const endBound = policy === 'bitmap' ? limit : limit + 1;
  let start = -1;
  for (let s = from; s + cnt <= endBound; s++) {
    let busy = -1;
    for (let k = s; k < s + cnt; k++) if (used[k]) { busy = k; break; }
    if (busy < 0) { start = s; break; }
    s = busy; // the next candidate is past the busy number
  }
  if (start < 0 || (irq >= 0 && start !== irq)) return { ret: start < 0 && irq < 0 ? -ENOMEM : -EEXIST, nrIrqs };
  if (start + cnt > nrIrqs) {
    if (start + cnt > limit) return { ret: -ENOMEM, nrIrqs };
    nrIrqs = start + cnt;
  }
  for (let k = start; k < start + cnt; k++) used[k] = true;
  return { ret: start, nrIrqs };
}

describe('properties (random alloc/free)', () => {
  for (const policy of ['bitmap', 'maple'] as const) {
    it(`${policy}: matches the naive model; union of live allocations; first fit; no double allocation; cap; nr_irqs monotone`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 20 }), fc.array(opArb(policy === 'bitmap' ? 8300 : 400), { maxLength: 60 }), (prealloc, ops) => {
          // Small NR_IRQS for the bitmap so its cap (NR_IRQS + 8196) is reachable; huge allocations
          // are then cheap to fill.
          const s = new IrqNumberSpace({ policy, nrIrqsCompile: 8, nrIrqs: 8, preallocated: prealloc });
          const used: boolean[] = [];
          for (let i = 0; i < s.preallocated; i++) used[i] = true;
          let nr = s.nrIrqs;
          const live: Array<[number, number]> = [];
          for (const op of ops) {
            const before = s.nrIrqs;
            if (op.kind === 'alloc') {
              const cnt = op.cnt * (op.cnt > 35 ? 250 : 1); // sometimes a huge block, to reach the cap
              const m = naiveAlloc(used, policy, s.limit, nr, op.irq, op.from, cnt);
              const r = s.alloc(op.irq, op.from, cnt);
              expect(r).toBe(m.ret);
              nr = m.nrIrqs;
              if (r >= 0) {
                for (const [a, b] of live) expect(r + cnt <= a || r >= b).toBe(true);
                live.push([r, r + cnt]);
              }
            } else if (op.kind === 'free') {
              if (live.length === 0) continue;
              const [a, b] = live.splice(op.pick % live.length, 1)[0];
              s.free(a, b - a);
              for (let k = a; k < b; k++) used[k] = false;
            } else {
              // free only a range nobody holds (so the live list stays exact)
              const a = op.from;
              const b = op.from + op.cnt;
              if (live.some(([x, y]) => a < y && x < b) || a < s.preallocated) continue;
              s.free(a, op.cnt);
            }
            expect(s.nrIrqs).toBeGreaterThanOrEqual(before);
            expect(s.nrIrqs).toBe(nr);
            if (policy === 'bitmap') expect(s.nrIrqs).toBeLessThanOrEqual(s.limit);
          }
          // allocated numbers == preallocated + union of live allocations
          const expected: boolean[] = [];
          for (let i = 0; i < s.preallocated; i++) expected[i] = true;
          for (const [a, b] of live) for (let k = a; k < b; k++) expected[k] = true;
          let count = 0;
          for (let k = 0; k < expected.length; k++) if (expected[k]) count++;
          expect(s.allocatedCount).toBe(count);
          for (const [a, b] of s.ranges()) {
            expect(a).toBeLessThan(b);
            if (policy === 'bitmap') expect(b).toBeLessThanOrEqual(s.limit);
            for (let k = a; k < b; k++) expect(expected[k]).toBe(true);
          }
          const rs = s.ranges();
          for (let i = 1; i < rs.length; i++) expect(rs[i][0]).toBeGreaterThan(rs[i - 1][1]);
          // free everything: only the preallocated range is left
          for (const [a, b] of live) s.free(a, b - a);
          expect(s.ranges()).toEqual(s.preallocated > 0 ? [[0, s.preallocated]] : []);
          expect(s.allocatedCount).toBe(s.preallocated);
        }),
        { numRuns: 150 },
      );
    });
  }
});
