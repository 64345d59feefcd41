// The pre-4.15 machine under the shared genirq core: its irq domain hierarchy, the debugfs
// files and the irq_data chains the snapshot shows (v4.14 already had hierarchical domains
// and GENERIC_IRQ_DEBUGFS).
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../engine/backends';
import { Timeline } from '../../engine/timeline';
import { parseBdf, requesterId } from '../../pci/pci';
import { parseScenario } from '../../scenario/validate';

function machine(remapping: boolean) {
  const p = parseScenario({
    scenario: 2,
    title: 'v4.14',
    machine: { arch: 'x86_64', cpus: 4, remapping, kernel: { version: '4.14' } },
    steps: [
      { do: 'device.add', id: 'ahci', type: 'intx', pin: 'B' },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 2 },
    ],
  });
  if (!p.ok) throw new Error(p.message);
  const t = new Timeline(p.scenario, createBackend);
  t.seek(p.scenario.steps.length);
  return t;
}

describe('v4.14 x86: domains and debugfs', () => {
  it('lists VECTOR with IO-APIC and PCI-MSI above it', () => {
    const snap = machine(false).snapshot();
    expect(snap.domains.map((d) => [d.name, d.parent])).toEqual([
      ['VECTOR', null],
      ['IO-APIC-0', 'VECTOR'],
      ['PCI-MSI', 'VECTOR'],
    ]);
    const eth0 = snap.devices.find((d) => d.id === 'eth0')!;
    const row = snap.irqs.find((r) => r.irq === eth0.irqs[0])!;
    expect(row.levels.map((l) => [l.domain, l.chip])).toEqual([
      ['PCI-MSI', 'PCI-MSI'],
      ['VECTOR', 'APIC'],
    ]);
    expect(row.state).toContain('IRQD_IRQ_STARTED');
    const vector = snap.domains.find((d) => d.name === 'VECTOR')!;
    // 15 ISA irqs taken over by the IO-APIC, the INTx pin, eth0's vectors.
    expect(vector.mapcount).toBe(15 + 1 + eth0.irqs.length);
  });

  it('remapping puts INTEL-IR between VECTOR and the IR chips', () => {
    const t = machine(true);
    const snap = t.snapshot();
    expect(snap.domains.map((d) => [d.name, d.parent])).toEqual([
      ['VECTOR', null],
      ['INTEL-IR-0', 'VECTOR'],
      // mp_irqdomain_create (io_apic.c of 4.14.5) names it "IO-APIC-IR" under remapping.
      ['IO-APIC-IR-0', 'INTEL-IR-0'],
      ['INTEL-IR-MSI-0', 'INTEL-IR-0'],
    ]);
    const ahci = snap.devices.find((d) => d.id === 'ahci')!;
    const row = snap.irqs.find((r) => r.irq === ahci.irqs[0])!;
    expect(row.levels.map((l) => l.chip)).toEqual(['IR-IO-APIC', 'INTEL-IR', 'APIC']);
    // intel_irq_remapping_alloc sets IRQ_MOVE_PCNTXT (0x4000), the level pin IRQ_LEVEL (0x100);
    // IRQD_MOVE_PCNTXT in dstate.
    const text = t.engine.backend.text(`/sys/kernel/debug/irq/irqs/${ahci.irqs[0]}`)!;
    expect(text).toContain('status:   0x00004100\n');
    expect(text).toContain('            IRQD_MOVE_PCNTXT\n');
  });

  it('serves the genirq debugfs files as v4.14 prints them (debugfs.c, irqdomain.c of 4.14.5)', () => {
    const t = machine(false);
    const b = t.engine.backend;
    const views = b.textViews();
    expect(views).toContain('/sys/kernel/debug/irq/domains/VECTOR');
    expect(views).toContain('/sys/kernel/debug/irq/irqs/0');
    expect(b.text('/sys/kernel/debug/irq/domains/PCI-MSI')).toBe(
      // HIERARCHY | MSI | NAME_ALLOCATED, which was bit 6 in 4.14; no flag names.
      'name:   PCI-MSI\n size:   0\n mapped: 2\n flags:  0x00000051\n parent: VECTOR\n    name:   VECTOR\n     size:   0\n     mapped: 18\n     flags:  0x00000041\n',
    );
    const eth0 = t.snapshot().devices.find((d) => d.id === 'eth0')!;
    const irq = b.text(`/sys/kernel/debug/irq/irqs/${eth0.irqs[0]}`)!;
    // No "device:" before 4.15, no IRQS_SYSFS in istate.
    expect(irq).toMatch(/^handler:  handle_edge_irq\nstatus:   0x00000000\nistate:   0x00000000\n/);
    expect(irq).toContain('domain:  PCI-MSI\n');
    expect(irq).toContain('    domain:  VECTOR\n');
    expect(irq).toContain('chip:    APIC\n');
    // The PCI-MSI chip moves from the interrupt path: 4.14 had no IRQCHIP_MOVE_DEFERRED (v6.13).
    expect(irq).toContain(' chip:    PCI-MSI\n  flags:   0x10\n             IRQCHIP_SKIP_SET_WAKE\n');
    expect(irq).not.toContain('IRQD_MOVE_PCNTXT');
  });

  it('PCI INTx pins are level (fasteoi, IRQ_LEVEL, IRQD_LEVEL) and global PCI-MSI hwirqs carry the requester id', () => {
    const t = machine(false);
    const b = t.engine.backend;
    const s = t.snapshot();
    // mp_register_handler of io_apic.c (4.14.5): a level pin gets IRQ_LEVEL (0x100, which
    // irqdesc_states does not name) and irq_modify_status mirrors it into IRQD_LEVEL.
    const ahci = s.devices.find((d) => d.id === 'ahci')!;
    const intx = b.text(`/sys/kernel/debug/irq/irqs/${ahci.irqs[0]}`)!;
    expect(intx).toMatch(/^handler:  handle_fasteoi_irq\nstatus:   0x00000100\n/);
    expect(intx).toContain('IRQD_LEVEL');
    // pci_msi_domain_calc_hwirq (drivers/pci/msi.c of 4.14.5): index | rid << 11 | segment << 27.
    const eth0 = s.devices.find((d) => d.id === 'eth0')!;
    const rid = requesterId(parseBdf(eth0.bdf));
    expect(rid).toBeGreaterThan(0);
    eth0.irqs.forEach((irq, i) => expect(b.text(`/sys/kernel/debug/irq/irqs/${irq}`)).toContain(`\ndomain:  PCI-MSI\n hwirq:   0x${(rid * 2048 + i).toString(16)}\n`));
  });
});
