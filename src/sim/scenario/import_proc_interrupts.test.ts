import { describe, expect, it } from 'vitest';
import { importProcInterrupts } from './import_proc_interrupts';
import { bdfFromMsiHwirq, stemOf } from './proc_interrupts_devices';
import { parseProcInterrupts, parseRowRest } from './proc_interrupts_parse';
import type { DeviceSpec, Scenario } from './schema';

// The real captures are tested file by file in src/sim/import/fixtures.test.ts.
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';

function devices(s: Scenario): DeviceSpec[] {
  return s.steps.map((st) => {
    if (st.do !== 'device.add') throw new Error(`unexpected step ${st.do}`);
    const { do: _do, ...spec } = st;
    return spec;
  });
}


describe('importProcInterrupts on made-up text', () => {
  it('refuses text that is not /proc/interrupts', () => {
    for (const text of ['', 'hello world', '{"scenario":1}', '# a README\n\n1: a list item\n2: another']) {
      const r = importProcInterrupts(text);
      expect(r).toEqual({
        ok: false,
        message:
          'this is not /proc/interrupts text: expected a header of CPU columns ("CPU0 CPU1 ...") and lines like " 24:  0  0  PCI-MSI 524288-edge  nvme0q0"',
      });
    }
  });

  it('CPUs missing from the header are offline', () => {
    const text = '       CPU0   CPU2   CPU3\n 24:  1  2  3  PCI-MSIX-0000:01:00.0  0-edge  nvme0q0\n 25:  1  2  3  PCI-MSIX-0000:01:00.0  1-edge  nvme0q1\n';
    const r = importProcInterrupts(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.machine).toMatchObject({ cpus: 4, online: [0, 2, 3] });
    expect(devices(r.scenario)).toEqual([{ id: 'nvme0', type: 'nvme', queues: 1, bdf: '0000:01:00.0' }]);
  });

  it('refuses more CPUs than the model has', () => {
    const r = importProcInterrupts(' CPU0 CPU9000\n 1: 0 0 IO-APIC 1-edge i8042\n');
    expect(r).toEqual({ ok: false, message: '9001 CPUs: irqscope models at most 8192' });
  });
});

/** A /proc/interrupts of `cpus` CPUs from "irq chip hwirq-handler actions" lines. */
function proc(cpus: number, rows: string[]): string {
  const head = Array.from({ length: cpus }, (_, i) => `CPU${i}`.padStart(11)).join('');
  const zeros = Array.from({ length: cpus }, () => '0'.padStart(11)).join('');
  return `${head}\n${rows.map((r) => { const [irq, ...rest] = r.split(' '); return `${irq.padStart(4)}:${zeros}  ${rest.join(' ')}`; }).join('\n')}\n`;
}

describe('importProcInterrupts: what the issue found broken', () => {
  it('INTx devices without an address never take a bus a captured device owns', () => {
    const text = proc(2, [
      '16 IO-APIC 16-fasteoi uhci_hcd:usb1',
      '17 IO-APIC 17-fasteoi ehci_hcd:usb2',
      '24 PCI-MSIX-0000:01:00.0 0-edge nvme0q0',
      '25 PCI-MSIX-0000:01:00.0 1-edge nvme0q1',
      '26 PCI-MSIX-0000:02:00.0 0-edge enp2s0-TxRx-0',
    ]);
    const r = importProcInterrupts(text);
    if (!r.ok) throw new Error(r.message);
    const bdfs = devices(r.scenario).map((d) => [d.id, d.bdf]);
    expect(bdfs).toEqual([
      ['uhci_hcd_usb1', '0000:03:00.0'],
      ['ehci_hcd_usb2', '0000:04:00.0'],
      ['nvme0', '0000:01:00.0'],
      ['enp2s0', '0000:02:00.0'],
    ]);
    const t = new Timeline(r.scenario, createBackend);
    expect(t.outcomes.every((o) => o.ok)).toBe(true);
    // Each INTx device lands on the line it had: GSI 16 and 17.
    const lines = t.snapshot().devices.filter((d) => d.type === 'intx').map((d) => d.irqs[0]);
    expect(lines).toEqual([16, 17]);
  });

  it('an IO-APIC line is read by its pin (hwirq), not its IRQ number: IRQs 24-26 on pins 4-6 are one IO-APIC', () => {
    const text = proc(2, ['24 IO-APIC 4-edge ttyS0', '25 IO-APIC 5-edge parport0', '26 IO-APIC 6-edge floppy', '27 PCI-MSI 65536-edge virtio0-config']);
    const r = importProcInterrupts(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.machine.ioapics).toBe(1);
    expect(r.notes.some((n) => /IO-APICs of 24 pins/.test(n))).toBe(false);
    // ISA pins are the machine's own, not PCI INTx devices.
    expect(devices(r.scenario).map((d) => d.id)).toEqual(['virtio0']);
  });

  it('virtio block and SCSI devices are managed queues (the nvme shape), virtio-net stays a NIC', () => {
    const text = proc(4, [
      '24 PCI-MSIX-0000:00:04.0 0-edge virtio2-config',
      '25 PCI-MSIX-0000:00:04.0 1-edge virtio2-req.0',
      '26 PCI-MSIX-0000:00:04.0 2-edge virtio2-req.1',
      '27 PCI-MSIX-0000:00:03.0 0-edge virtio1-config',
      '28 PCI-MSIX-0000:00:03.0 1-edge virtio1-input.0',
      '29 PCI-MSIX-0000:00:03.0 2-edge virtio1-output.0',
    ]);
    const r = importProcInterrupts(text);
    if (!r.ok) throw new Error(r.message);
    expect(devices(r.scenario)).toEqual([
      { id: 'virtio2', type: 'nvme', queues: 2, bdf: '0000:00:04.0' },
      { id: 'virtio1', type: 'nic', queues: 3, bdf: '0000:00:03.0' },
    ]);
  });

  it('a PCI line routed to an ISA IRQ by the chipset is imported as INTx; the ACPI SCI is not', () => {
    const r = importProcInterrupts(proc(1, ['9 IO-APIC 9-fasteoi acpi', '11 IO-APIC 11-fasteoi uhci_hcd:usb1, virtio6']));
    if (!r.ok) throw new Error(r.message);
    expect(devices(r.scenario).map((d) => [d.id, d.type])).toEqual([['uhci_hcd_usb1', 'intx'], ['virtio6', 'intx']]);
    expect(r.notes.some((n) => /routed to ISA IRQ 11/.test(n))).toBe(true);
  });

  it('a capture with only its header is cut short; a line cut mid-way is named and skipped', () => {
    expect(importProcInterrupts('           CPU0       CPU1\n')).toEqual({
      ok: false,
      message: '/proc/interrupts with 2 CPU columns but no numbered interrupt line: the capture is cut short (only the header)',
    });
    const r = importProcInterrupts('           CPU0       CPU1\n  24:   1   2   PCI-MSI 65536-edge  virtio0-config\n  25:   7');
    if (!r.ok) throw new Error(r.message);
    expect(r.notes).toContain('line 3 cut short (fewer counts than CPUs, no chip): the capture is incomplete there, skipped');
  });
});

describe('row parsing helpers', () => {
  it('reads each chip column format', () => {
    expect(parseRowRest('IR-PCI-MSIX-0000:02:00.0    1-edge      nvme0q1')).toEqual({ chip: 'IR-PCI-MSIX-0000:02:00.0', hwirq: 1, trigger: 'edge', format: 'x86', actions: ['nvme0q1'] });
    expect(parseRowRest('IR-IO-APIC-fasteoi   ehci_hcd:usb1, mmc0')).toEqual({ chip: 'IR-IO-APIC', hwirq: null, trigger: 'fasteoi', format: 'x86-old', actions: ['ehci_hcd:usb1', 'mmc0'] });
    expect(parseRowRest('SiFive PLIC  32 Edge      ttyS0')).toEqual({ chip: 'SiFive PLIC', hwirq: 32, trigger: 'Edge', format: 'generic', actions: ['ttyS0'] });
    expect(parseRowRest('xen-percpu    -virq      timer0')).toEqual({ chip: 'xen-percpu', hwirq: null, trigger: 'virq', format: 'x86', actions: ['timer0'] });
    expect(parseRowRest('INT344B:00   99  ETD2303:00')).toEqual({ chip: 'INT344B:00', hwirq: 99, trigger: '', format: 'bare', actions: ['ETD2303:00'] });
    expect(parseRowRest('IR-IO-APIC   16-fasteoi')).toMatchObject({ chip: 'IR-IO-APIC', hwirq: 16, actions: [] });
  });

  it('touching 10-digit counts still split into the right columns', () => {
    const p = parseProcInterrupts('     CPU0       CPU1\n 10: 3287008667 3310445093     GICv3  27 Level     arch_timer\nIPI0:2768808080 2844211768       Rescheduling interrupts\n');
    expect(p?.rows[0]).toMatchObject({ irq: 10, chip: 'GICv3', hwirq: 27, actions: ['arch_timer'] });
    expect(p?.archRows[0]).toMatchObject({ name: 'IPI0', description: 'Rescheduling interrupts' });
  });

  it('decodes the PCI address packed in a global PCI-MSI hwirq', () => {
    expect(bdfFromMsiHwirq(524288)).toBe('0000:01:00.0');
    expect(bdfFromMsiHwirq(1572865)).toBe('0000:03:00.0');
    expect(bdfFromMsiHwirq(76021760)).toBe('0000:91:00.0');
    expect(bdfFromMsiHwirq(98304)).toBe('0000:00:06.0');
    expect(bdfFromMsiHwirq(2 ** 27 + 2048 * 9)).toBe('0001:00:01.1');
  });

  it('finds the device part of vector names', () => {
    const cases: [string, string][] = [
      ['nvme12q33', 'nvme12'],
      ['enp1s0-TxRx-3', 'enp1s0'],
      ['eth0-Tx-Rx-7', 'eth0'],
      ['mlx5_comp17@pci:0000:3b:00.0', 'mlx5'],
      ['iwlwifi:queue_12', 'iwlwifi'],
      ['virtio3-req.0', 'virtio3'],
      ['megasas0-msix40', 'megasas0'],
      ['eno8403-rx-4', 'eno8403'],
      ['xhci_hcd', 'xhci_hcd'],
    ];
    for (const [name, stem] of cases) expect(stemOf(name)).toBe(stem);
  });
});
