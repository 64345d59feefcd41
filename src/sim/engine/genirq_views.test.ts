import { describe, expect, it } from 'vitest';
import { parsePbl } from '../lib/bitmap';
import { X86Machine } from '../x86/machine';
import { procRows } from './genirq_views';

describe('procRows', () => {
  it('gives every never-fired descriptor one shared zero row of counts, a fired one its own', () => {
    const m = new X86Machine({ nrCpus: 4, systemVectors: parsePbl('0-19,21,128,236,240-242,244,246-255') });
    const { irqs } = m.allocMsi({ type: 'msix', count: 3 });
    for (const irq of irqs) expect(m.requestIrq(irq)).toBe(0);
    const cpu = m.state(irqs[1])!.cpu;
    expect(m.fire(irqs[1], cpu)).toBe(0);
    const rows = new Map(procRows(m.core, true).map((r) => [r.irq, r]));
    const [a, b, c] = irqs.map((irq) => rows.get(irq)!);
    expect(a.counts).toBe(c.counts); // no array per descriptor (57K of them on an 8192-CPU dom0)
    expect(Array.from(a.counts)).toEqual([0, 0, 0, 0]);
    expect(b.counts).not.toBe(a.counts);
    expect(b.counts[cpu]).toBe(1);
    expect(m.core.irqToDesc(irqs[0])!.kstat).toBeNull();
  });
});
