// Dynamic irq numbers on the pre-4.15 machine: io_apic.c of v4.4 and v4.14 already has
// arch_dynirq_lower_bound (ioapic_dynirq_base, the end of the legacy IO-APIC's GSIs), so an
// MSI allocation never takes the number of an IO-APIC pin and a PCI INTx device probed after
// a NIC still gets its GSI as irq.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../engine/backends';
import { Timeline } from '../../engine/timeline';
import { parseScenario } from '../../scenario/validate';

function nicThenIntx(version: string) {
  const p = parseScenario({
    scenario: 2,
    title: `NIC before INTx on ${version}`,
    machine: { arch: 'x86_64', cpus: 4, kernel: { version } },
    steps: [
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
      { do: 'device.add', id: 'ahci', type: 'intx', pin: 'B' },
    ],
  });
  if (!p.ok) throw new Error(p.message);
  const t = new Timeline(p.scenario, createBackend);
  t.seek(p.scenario.steps.length);
  return t;
}

describe('pre-4.15 x86: MSI irqs are numbered above the IO-APIC GSIs', () => {
  it.each(['4.4', '4.14', '4.15', '7.0'])('%s: the NIC starts at gsi_top (24), the INTx device gets GSI 17', (version) => {
    const t = nicThenIntx(version);
    expect(t.outcomes.every((o) => o.ok)).toBe(true);
    const snap = t.snapshot();
    const eth0 = snap.devices.find((d) => d.id === 'eth0')!;
    const ahci = snap.devices.find((d) => d.id === 'ahci')!;
    expect(Math.min(...eth0.irqs)).toBe(24);
    expect(ahci.irqs).toEqual([17]);
  });
});
