// Xen interrupts are descriptors of the shared genirq core: request_irq / free_irq / affinity
// writes go through kernel/irq/manage.c, and the snapshot rows are the core's.
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../engine/recorder';
import { resolveMachine } from '../scenario/schema';
import { XenBackend } from './backend';

function dom0(cpus: number) {
  const cfg = resolveMachine({ arch: 'x86_64', cpus, ioapics: 1, xen: { role: 'dom0' } });
  return new XenBackend(cfg, new EventRecorder(), { nodes: [Array.from({ length: cpus }, (_, i) => i)] } as never);
}

const dev = { id: 'ahci', bdf: '0000:00:1f.2', rid: 0xfa } as never;
const irqOf = (b: XenBackend, owner: string) => [...b.xen.events.irqInfo.values()].find((i) => i.owner === owner)!.irq;

describe('Xen on the genirq core', () => {
  it('a GSI PIRQ: request_irq starts it (startup_pirq binds the port), the last free_irq shuts it down', () => {
    const b = dom0(2);
    const m = b.intxMap(dev, 0);
    expect(m.ok).toBe(true);
    const irq = (m as { value: number }).value;
    expect(b.xen.events.irqInfo.get(irq)!.evtchn).toBe(0);
    expect(b.requestIrq(irq, 'ahci', 'ahci', true).ok).toBe(true);
    expect(b.requestIrq(irq, 'ehci', 'ehci', true).ok).toBe(true);
    const port = b.xen.events.irqInfo.get(irq)!.evtchn;
    expect(port).toBeGreaterThan(0);
    const desc = b.xen.core.irqToDesc(irq)!;
    expect(desc.irqData.chip!.name).toBe('xen-pirq');
    expect(desc.actions.map((a) => a.name)).toEqual(['ahci', 'ehci']);
    b.freeIrq(irq, 'ahci');
    expect(desc.actions.map((a) => a.name)).toEqual(['ehci']);
    expect(b.xen.events.irqInfo.get(irq)!.evtchn).toBe(port);
    b.freeIrq(irq, 'ehci');
    expect(b.xen.events.irqInfo.get(irq)!.evtchn).toBe(0);
  });

  it('affinity writes: a per-CPU VIRQ is -EIO, an event channel moves to the lowest online CPU of the mask', () => {
    const b = dom0(4);
    const r = b.setAffinity(irqOf(b, 'timer1'), [2]);
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toBe('-EIO');
    expect(b.vmLaunch('g1', 1, 'xen').ok).toBe(true);
    const irq = irqOf(b, 'vif1.0-q0-tx');
    expect(b.setAffinity(irq, [3, 2]).ok).toBe(true);
    expect(b.xen.events.irqInfo.get(irq)!.cpu).toBe(2);
    const s = { cpus: { online: new Uint8Array(4), load: new Uint32Array(4) } } as never as Parameters<XenBackend['fillSnapshot']>[0];
    b.fillSnapshot(s);
    const row = s.irqs.find((x) => x.irq === irq)!;
    expect(row).toMatchObject({ name: 'vif1.0-q0-tx', affinity: '2-3', effective: '2', cpu: 2 });
    expect(row.levels).toEqual([{ domain: '', hwirq: 0, chip: 'xen-dyn' }]);
    expect(row.state).toContain('IRQD_AFFINITY_SET');
    const timer1 = s.irqs.find((x) => x.irq === irqOf(b, 'timer1'))!;
    expect(timer1).toMatchObject({ affinity: '1', effective: '1', cpu: 1 });
    expect(timer1.state).toEqual(expect.arrayContaining(['IRQD_IRQ_STARTED', 'IRQD_PER_CPU', 'IRQD_NO_BALANCING']));
  });
});
