import { describe, expect, it } from 'vitest';
import { EventLog } from '../events';
import { parsePbl } from '../lib/bitmap';
import { X86Machine } from './machine';

const SYSTEM = parsePbl('0-19,21,128,236,240-242,244,246-255');
const machine = (over: Partial<ConstructorParameters<typeof X86Machine>[0]> = {}) =>
  new X86Machine({ nrCpus: 4, systemVectors: SYSTEM, ...over });

describe('X86Machine', () => {
  it('boots with the ISA vectors on CPU 0 and irq 2 mapped on every CPU', () => {
    const m = machine();
    expect(m.vectorIrqList(0).map(([v]) => v)).toEqual(Array.from({ length: 16 }, (_, i) => 48 + i));
    expect(m.vectorIrqList(3)).toEqual([[50, 2]]);
    expect(m.matrix.globalAvailable).toBe(187 + 3 * 202);
  });

  it('maskable MSI only reserves until request_irq, then takes the CPU with most vectors', () => {
    const m = machine();
    const { ret, irqs } = m.allocMsi({ type: 'msix', count: 2 });
    expect(ret).toBe(0);
    expect(m.matrix.globalReserved).toBe(2);
    expect(m.state(irqs[0])).toMatchObject({ vector: 0, hw_vector: 239, has_reserved: true, activated: false });
    expect(m.requestIrq(irqs[0])).toBe(0);
    expect(m.state(irqs[0])).toMatchObject({ vector: 32, cpu: 1, has_reserved: false, activated: true, started: true });
    expect(m.matrix.globalReserved).toBe(1);
  });

  it('without remapping a move needs two interrupts, then the old vector waits for the timer', () => {
    const m = machine();
    const [irq] = m.allocMsi({ type: 'msix', count: 1 }).irqs;
    m.requestIrq(irq);
    expect(m.setAffinity(irq, [3])).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 1, move_pending: true, pending_mask: '3' });
    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 3, prev_cpu: 1, prev_vector: 32, move_in_progress: true });
    expect(m.fire(irq, 3)).toBe(0);
    expect(m.state(irq)).toMatchObject({ move_in_progress: false, cleanup_pending: true });
    expect(m.cleanupTimers()).toEqual([1]);
    expect(m.cleanup(1)).toBe(1);
    expect(m.cleanup(1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ prev_vector: 0, cleanup_pending: false });
    expect(m.vectorIrqList(1)).toEqual([[50, 2]]);
  });

  it('with remapping the move happens at once and the cleanup is queued in the same step', () => {
    const m = machine({ remapping: true });
    const [irq] = m.allocMsi({ type: 'msix', count: 1 }).irqs;
    m.requestIrq(irq);
    expect(m.setAffinity(irq, [2])).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 2, prev_cpu: 1, cleanup_pending: true, move_pending: false });
    expect(m.cleanupTimers()).toEqual([1]);
  });

  it('managed interrupts shut down with their last CPU and restart when it comes back', () => {
    const m = machine();
    const [irq] = m.allocMsi({ type: 'managed', count: 1, affinity: [[2]] }).irqs;
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 2, is_managed: true, started: true });
    expect(m.setAffinity(irq, [1])).toBe(-5);
    expect(m.cpuOffline(2).ret).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 0, hw_vector: 239, managed_shutdown: true, started: false });
    expect(m.matrix.managed[2]).toBe(1);
    expect(m.cpuOnline(2)).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 2, managed_shutdown: false, started: true });
  });

  it('a managed irq requested while its CPUs are offline starts when one comes online (depth 1 on abort)', () => {
    for (const startupAbortDepth of [true, false]) {
      const m = machine({ startupAbortDepth });
      expect(m.cpuOffline(2).ret).toBe(0);
      const [irq] = m.allocMsi({ type: 'managed', count: 1, affinity: [[2]] }).irqs;
      expect(m.requestIrq(irq)).toBe(0);
      expect(m.state(irq)).toMatchObject({ vector: 0, hw_vector: 239, managed_shutdown: true, started: false });
      const desc = m.core.irqToDesc(irq)!;
      expect(desc.depth).toBe(startupAbortDepth ? 1 : 0);
      expect(m.cpuOnline(2)).toBe(0);
      if (startupAbortDepth) {
        // The kernel (chip.c irq_startup, cpuhotplug.c irq_startup_managed): depth 1 -> 0, started.
        expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 2, managed_shutdown: false, started: true });
        expect(desc.depth).toBe(0);
      } else {
        // The x86_vector traces' glue: depth 0 wraps, the irq stays down.
        expect(m.state(irq)).toMatchObject({ vector: 0, managed_shutdown: false, started: false });
        expect(desc.depth).toBe(0xffffffff);
      }
    }
  });

  it('refuses to offline a CPU whose vectors do not fit elsewhere, with the kernel message', () => {
    const m = machine({ nrCpus: 2 });
    // Fill CPU 1 with non-managed vectors until CPU 0 cannot take them all.
    let n = 0;
    while (m.matrix.availableFor(1, true) >= m.matrix.allocatedOn(1)) {
      const r = m.allocMsi({ type: 'msi-nomask', count: 1, affinity: [[1]] });
      if (r.ret) break;
      n++;
    }
    expect(n).toBeGreaterThan(0);
    const r = m.cpuOffline(1);
    expect(r.ret).toBe(-28);
    expect(r.message).toMatch(/^CPU 1 has \d+ vectors, \d+ available\. Cannot disable CPU$/);
    expect(m.core.cpuOnline(1)).toBe(true);
  });

  it('bad input is an errno or a warning, never a throw', () => {
    const log = new EventLog();
    const m = machine({ sink: log });
    expect(m.fire(999, 0)).toBe(-22);
    expect(m.fire(16, 77)).toBe(-22);
    expect(m.requestIrq(999)).toBe(-22);
    expect(m.freeIrq(999)).toBe(-22);
    expect(m.free(999, 1)).toBe(-22);
    expect(m.setAffinity(999, [0])).toBe(-22);
    expect(m.setAffinity(3, [9])).toBe(-22);
    expect(m.cpuOffline(-1).ret).toBe(-22);
    expect(m.cpuOnline(42)).toBe(-22);
    expect(m.cleanup(99)).toBe(0);
    expect(m.allocLegacy(2)).toBe(-22);
    expect(m.allocMsi({ type: 'msix', count: 0 }).ret).toBe(-22);
    expect(log.events.some((e) => e.type === 'warning')).toBe(true);
  });

  it('legacy takeover releases 0x30+irq on CPU 0 and puts the irq in reservation mode', () => {
    const m = machine();
    const avl = m.matrix.globalAvailable;
    expect(m.allocLegacy(4)).toBe(0);
    expect(m.matrix.globalAvailable).toBe(avl + 1);
    expect(m.vectorIrqList(0)).toContainEqual([52, -1]);
    expect(m.state(4)).toMatchObject({ vector: 0, cpu: 0, can_reserve: true, has_reserved: true });
    expect(m.debugfsIrq(4)).toContain('domain:  IO-APIC-0\n');
  });

  it('IRQ 0 is IO-APIC pin 2 (the timer override) and the ACPI SCI (IRQ 9) is level / fasteoi', () => {
    const m = machine();
    for (const irq of [0, 1, 9]) expect(m.allocLegacy(irq)).toBe(0);
    const d0 = m.debugfsIrq(0)!;
    expect(d0).toContain('handler:  handle_edge_irq\n');
    expect(d0).toContain('domain:  IO-APIC-0\n hwirq:   0x2\n');
    expect(d0).not.toContain('IRQD_LEVEL');
    const d9 = m.debugfsIrq(9)!;
    expect(d9).toContain('handler:  handle_fasteoi_irq\n');
    expect(d9).toContain('domain:  IO-APIC-0\n hwirq:   0x9\n');
    expect(d9).toContain('IRQD_LEVEL');
    expect(d9).toMatch(/status:   0x0000.1..\n/);
    expect(m.debugfsIrq(1)!).toContain(' hwirq:   0x1\n');
  });

  it('IRQD_AFFINITY_SET at allocation follows the release: v6.11+ keeps a driver\'s mask at request_irq', () => {
    const dstate = (m: X86Machine, irq: number) => m.debugfsIrq(irq)!.split('\n').filter((l) => /^ +IRQD_/.test(l)).map((l) => l.trim());
    const old = machine();
    const a = old.allocMsi({ type: 'msix', dev: '0000:05:00.0', count: 1, affinity: [[3]] });
    expect(a.ret).toBe(0);
    expect(dstate(old, a.irqs[0])).not.toContain('IRQD_AFFINITY_SET');
    const now = machine({ affinitySetAtAlloc: true });
    const b = now.allocMsi({ type: 'msix', dev: '0000:05:00.0', count: 1, affinity: [[3]] });
    expect(b.ret).toBe(0);
    expect(dstate(now, b.irqs[0])).toContain('IRQD_AFFINITY_SET');
    expect(now.requestIrq(b.irqs[0])).toBe(0);
    expect(now.debugfsIrq(b.irqs[0])).toContain('affinity: 3\n');
    // Without an affinity nothing is set.
    const c = now.allocMsi({ type: 'msix', dev: '0000:06:00.0', count: 1 });
    expect(dstate(now, c.irqs[0])).not.toContain('IRQD_AFFINITY_SET');
  });
});
