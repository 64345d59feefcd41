// A Xen HVM guest's /proc/interrupts against real ones (../shared/fixtures/real): the per-CPU
// VIRQ/IPI lines, the xenbus line (drivers/xen/xenbus/xenbus_comms.c xs_init binds the
// xenstore channel as "xenbus", xen_dynamic_chip "-event" from events_base.c) and the HYP row
// arch/x86/kernel/irq.c prints when HYPERVISOR_CALLBACK_VECTOR is in use ("%*s: ", "%10u " per
// CPU, "  Hypervisor callback interrupts").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../engine/recorder';
import { resolveMachine } from '../scenario/schema';
import { XenBackend } from './backend';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/real/', import.meta.url));
const fixture = (name: string) => readFileSync(FIXTURES + name, 'utf8').split('\n');

function guest(cpus: number, role: 'hvm' | 'pv' | 'dom0' = 'hvm') {
  const cfg = resolveMachine({ arch: 'x86_64', cpus, ioapics: 1, xen: { role } });
  return new XenBackend(cfg, new EventRecorder(), { nodes: [Array.from({ length: cpus }, (_, i) => i)] } as never);
}

const irqOf = (b: XenBackend, owner: string) => [...b.xen.events.irqInfo.values()].find((i) => i.owner === owner)!.irq;

describe('Xen HVM guest /proc/interrupts', () => {
  it('numbers and prints the per-CPU bindings and xenbus as the 2-vCPU guest does', () => {
    const real = fixture('proc-interrupts-x86-2cpu-xen-hvm-guest-pirq-msi-qemu-xen-emu-excerpt.txt');
    const b = guest(2);
    for (let i = 0; i < 8; i++) b.fire(irqOf(b, 'xenbus'));
    const ours = b.text('/proc/interrupts')!.split('\n');
    // Byte for byte: the xenbus line (8 events on CPU 0).
    const xenbus = real.find((l) => l.endsWith(' xenbus'))!;
    expect(ours).toContain(xenbus);
    // The per-CPU lines 24..35: same IRQ, chip, flow name and handler (counts aside).
    const shape = (l: string) => l.replace(/^(\s*\d+:)(\s+\d+)+/, '$1');
    const perCpu = real.filter((l) => /xen-percpu/.test(l)).map(shape);
    expect(perCpu).toHaveLength(12);
    expect(ours.filter((l) => /xen-percpu/.test(l)).map(shape)).toEqual(perCpu);
  });

  it('prints the HYP row after MCP, counting every upcall through the callback vector', () => {
    const real = fixture('proc-interrupts-x86-1cpu-xen-hvm-aws-guest-redpanda.txt');
    const b = guest(1);
    for (let i = 0; i < 3; i++) b.fire(irqOf(b, 'timer0'));
    b.fire(irqOf(b, 'xenbus'));
    const ours = b.text('/proc/interrupts')!.split('\n');
    const realHyp = real.find((l) => l.startsWith('HYP:'))!;
    // The real row with its count (1384378) replaced by ours (4), same widths.
    expect(ours).toContain(realHyp.replace(/^HYP:( +)1384378 /, (_, sp: string) => `HYP:${sp}${' '.repeat(6)}4 `));
    const labels = (ls: string[]) => ls.map((l) => /^\s*([A-Z]{3}):/.exec(l)?.[1]).filter(Boolean);
    expect(labels(ours)).toEqual(labels(real));
  });

  it('a PV guest and dom0 have no HYP row', () => {
    expect(guest(1, 'pv').text('/proc/interrupts')).not.toMatch(/^HYP:/m);
    expect(guest(1, 'dom0').text('/proc/interrupts')).not.toMatch(/^HYP:/m);
  });
});
