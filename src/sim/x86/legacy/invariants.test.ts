// Property test of the v4.14 vector allocator: random call sequences on a small machine
// must keep vector_irq consistent with every irq's apic_chip_data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../events';
import { testBit } from '../../lib/bitmap';
import { ISA_IRQ_VECTOR_BASE, type LegacyMachine, NR_VECTORS } from './types';
import { X86LegacyMachine } from './machine';

type Cmd =
  | { op: 'alloc'; at: number | null; count: number; type: 'msi' | 'managed'; node: number; aff: number[][] }
  | { op: 'legacy'; irq: number }
  | { op: 'request' | 'free_irq'; pick: number }
  | { op: 'free'; pick: number; count: number }
  | { op: 'set_affinity'; pick: number; cpus: number[] }
  | { op: 'fire'; pick: number; slot: number }
  | { op: 'cleanup' | 'cpu_offline' | 'cpu_online'; cpu: number };

const MAX_CPUS = 4;
const FIRST_IRQ = 16;

const cpuList = fc.uniqueArray(fc.integer({ min: 0, max: MAX_CPUS - 1 }), { minLength: 0, maxLength: MAX_CPUS });
/** Mostly an existing irq (index into the sorted list), sometimes a raw irq number. */
const pickArb = fc.nat({ max: 1000 });

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('alloc' as const),
      at: fc.option(fc.integer({ min: FIRST_IRQ, max: 60 }), { freq: 4 }),
      count: fc.integer({ min: 1, max: 8 }),
      type: fc.constantFrom('msi' as const, 'managed' as const),
      node: fc.constantFrom(-1, 0, 1),
      aff: fc.array(cpuList.filter((l) => l.length > 0), { minLength: 8, maxLength: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('legacy' as const), irq: fc.integer({ min: 0, max: 15 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('request' as const, 'free_irq' as const), pick: pickArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('free' as const), pick: pickArb, count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set_affinity' as const), pick: pickArb, cpus: cpuList }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('fire' as const), pick: pickArb, slot: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom('cleanup' as const, 'cleanup' as const, 'cpu_offline' as const, 'cpu_online' as const),
      cpu: fc.integer({ min: 0, max: MAX_CPUS - 1 }),
    }),
  },
);

const machineArb: fc.Arbitrary<LegacyMachine> = fc
  .record({
    nrCpus: fc.integer({ min: 1, max: MAX_CPUS }),
    apic: fc.constantFrom('physflat' as const, 'flat' as const),
    remapping: fc.boolean(),
    // A low first_system_vector makes the CPUs fill up: -ENOSPC and -ERANGE get exercised.
    firstSystemVector: fc.constantFrom(0x48, 0x60, 0xef),
    allOnline: fc.boolean(),
  })
  .map((r) => ({
    nrCpus: r.nrCpus,
    apic: r.apic,
    firstSystemVector: r.firstSystemVector,
    legacyPic: true,
    ioApic: true,
    remapping: r.remapping,
    nodes: r.nrCpus > 1 ? [[0], [...Array(r.nrCpus).keys()].slice(1)] : [[0]],
    online: r.allOnline ? [...Array(r.nrCpus).keys()] : [0],
    systemVectors: [...Array(20).keys(), 0x20, 0x80, ...Array.from({ length: 17 }, (_, i) => 239 + i)],
  }));

/** The irq a `pick` names: an existing one most of the time, else a number that may not exist. */
function pickIrq(dom: X86LegacyMachine, pick: number): number {
  const irqs = dom.activeIrqs();
  if (pick % 10 === 9) return pick % 64;
  const dynamic = irqs.filter((i) => i >= 16);
  const from = pick % 3 !== 0 && dynamic.length > 0 ? dynamic : irqs;
  return from[Math.floor(pick / 10) % from.length];
}

function run(dom: X86LegacyMachine, c: Cmd): number {
  const nr = dom.nrCpus;
  const clip = (l: number[]) => l.filter((x) => x < nr);
  switch (c.op) {
    case 'alloc': {
      const irqs = dom.activeIrqs();
      const irq = c.at ?? Math.max(FIRST_IRQ - 1, irqs[irqs.length - 1]) + 1;
      const aff = c.aff.slice(0, c.count).map(clip);
      if (c.type === 'managed' && aff.some((l) => l.length === 0)) return dom.alloc(irq, c.count, 'msi', c.node);
      return dom.alloc(irq, c.count, c.type, c.node, c.type === 'managed' ? aff : undefined);
    }
    case 'legacy':
      return dom.alloc(c.irq, 1, 'legacy', -1);
    case 'request':
      return dom.request(pickIrq(dom, c.pick));
    case 'free_irq':
      return dom.free_irq(pickIrq(dom, c.pick));
    case 'free': {
      const irq = pickIrq(dom, c.pick);
      // Legacy irqs are never freed (the domain would refuse it with a warning).
      return irq < 16 ? 0 : dom.free(irq, c.count);
    }
    case 'set_affinity':
      return dom.set_affinity(pickIrq(dom, c.pick), clip(c.cpus));
    case 'fire': {
      // Deliver through one of the slots that point at the irq (current or old vector).
      const irq = pickIrq(dom, c.pick);
      const slots: Array<[number, number]> = [];
      for (let cpu = 0; cpu < nr; cpu++) {
        if (!dom.isOnline(cpu)) continue;
        for (let v = 0; v < NR_VECTORS; v++) if (dom.slot(cpu, v) === irq) slots.push([cpu, v]);
      }
      if (slots.length === 0) return dom.fire(irq, 0, 0x41);
      const [cpu, v] = slots[c.slot % slots.length];
      return dom.fire(irq, cpu, v);
    }
    case 'cleanup': {
      // Mostly handle an IPI that is really pending.
      const pending = dom.cleanupIpi.indexOf(1);
      return dom.cleanup(c.cpu % 2 === 0 && pending >= 0 ? pending : c.cpu % nr);
    }
    case 'cpu_offline':
      return dom.cpu_offline(c.cpu % nr);
    case 'cpu_online':
      return dom.cpu_online(c.cpu % nr);
  }
}

/**
 * The invariants; returns a description of the first violation, or null. `isaTakenOver`: an ISA
 * irq went to the IO-APIC in this sequence. Then v4.14 itself can leave an irq's vector unmapped on
 * a CPU of its domain: the ISA irq keeps its old vector (0x30 + irq) on the CPUs its domain left,
 * the allocator may hand that vector to another irq there, and the ISA irq's later cleanup on that
 * CPU empties the slot (a minimised case replayed through v4.14's own vector.c, compiled, gives
 * the same tables as the engine). A slot owned twice is still an error.
 */
function violation(dom: X86LegacyMachine, isaTakenOver: boolean): string | null {
  const nr = dom.nrCpus;
  const owner = new Map<number, number>();
  for (const irq of dom.activeIrqs()) {
    const d = dom.apicd(irq)!;
    if (d.vector === 0) return `irq ${irq} is allocated without a vector`;
    for (let cpu = 0; cpu < nr; cpu++) {
      if (!testBit(d.domain, cpu) || !dom.isOnline(cpu)) continue;
      const slot = dom.slot(cpu, d.vector);
      if (slot !== irq && !(isaTakenOver && slot < 0)) return `irq ${irq} vector ${d.vector} missing on CPU ${cpu}`;
      const key = cpu * NR_VECTORS + d.vector;
      const other = owner.get(key);
      if (other !== undefined) return `vector ${d.vector} of CPU ${cpu} owned by irqs ${other} and ${irq}`;
      owner.set(key, irq);
    }
  }
  for (let cpu = 0; cpu < nr; cpu++) {
    for (let v = 0; v < NR_VECTORS; v++) {
      const irq = dom.slot(cpu, v);
      if (irq < 0) continue;
      if (!dom.has(irq)) return `CPU ${cpu} vector ${v} points at freed irq ${irq}`;
      if (!dom.isOnline(cpu)) return `offline CPU ${cpu} still maps vector ${v}`;
      if (testBit(dom.usedVectors, v)) return `system vector ${v} of CPU ${cpu} maps irq ${irq}`;
    }
  }
  return null;
}

describe('X86LegacyMachine invariants (fast-check)', () => {
  it('keeps vector_irq consistent after every call, and only ISA entries remain after freeing all', () => {
    fc.assert(
      fc.property(machineArb, fc.array(cmdArb, { minLength: 1, maxLength: 80, size: 'max' }), (m, cmds) => {
        const log = new EventLog();
        const dom = new X86LegacyMachine(m, log);
        let isaTakenOver = false;
        for (const c of cmds) {
          const ret = run(dom, c);
          if (c.op === 'legacy' && ret === 0) isaTakenOver = true;
          expect(Number.isInteger(ret) && ret <= 1).toBe(true);
          const bad = violation(dom, isaTakenOver);
          if (bad) throw new Error(`after ${JSON.stringify(c)}: ${bad}`);
        }
        // The only WARN a random sequence may hit is free_irq() of an irq without action.
        for (const e of log.events) if (e.type === 'warning') expect(e.site).toBe('__free_irq');
        // Free every dynamic irq: only the entries of the 16 boot ISA irqs may be left, on
        // 0x30 + irq for the XT-PIC ones; an ISA irq taken over by the IO-APIC may have
        // moved, so its entries are its current or (cleanup pending) old vector.
        for (const irq of dom.activeIrqs().slice()) if (irq >= 16) expect(dom.free(irq, 1)).toBe(0);
        const bad = violation(dom, isaTakenOver);
        if (bad) throw new Error(`after freeing all: ${bad}`);
        for (let cpu = 0; cpu < dom.nrCpus; cpu++) {
          for (let v = 0; v < NR_VECTORS; v++) {
            const irq = dom.slot(cpu, v);
            if (irq < 0) continue;
            expect(irq).toBeLessThan(16);
            const d = dom.apicd(irq)!;
            if (dom.state(irq)!.chip === 'XT-PIC') expect(v).toBe(ISA_IRQ_VECTOR_BASE + irq);
            else expect([d.vector, d.oldVector]).toContain(v);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
