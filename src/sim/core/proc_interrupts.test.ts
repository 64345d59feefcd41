import { describe, expect, it } from 'vitest';
import { arm64ArchLines, irqColumnWidth, showInterrupts, x86ArchLines } from './proc_interrupts';

describe('/proc/interrupts', () => {
  it('sizes the irq column from nr_irqs as show_interrupts does', () => {
    expect(irqColumnWidth(256)).toBe(3);
    expect(irqColumnWidth(999)).toBe(3);
    expect(irqColumnWidth(1000)).toBe(4);
    expect(irqColumnWidth(10000)).toBe(5);
  });

  it('prints x86 rows byte for byte like the real N100 machine', () => {
    const counts = Uint32Array.from([290, 230, 85, 60]);
    const text = showInterrupts({
      nrIrqs: 1096,
      online: [0, 1, 2, 3],
      showLevel: false,
      rows: [
        { irq: 8, counts: new Uint32Array(4), chip: 'IR-IO-APIC', hwirq: 8, level: false, handlerName: 'edge', actions: ['rtc0'] },
        { irq: 144, counts, chip: 'IR-PCI-MSIX-0000:03:00.0', hwirq: 1, level: false, handlerName: 'edge', actions: ['enp3s0-TxRx-0'] },
        { irq: 200, counts: new Uint32Array(4), chip: 'IR-PCI-MSI', hwirq: 0, level: false, handlerName: 'edge', actions: [] },
      ],
      arch: [],
    });
    // Lines copied from ../shared/fixtures/real/proc-interrupts-x86-4cpu-n100-ir-pcimsi-dbdf-and-msix.txt
    // (the fixture's header lost its trailing spaces; the kernel prints them).
    expect(text.split('\n')).toEqual([
      '            CPU0       CPU1       CPU2       CPU3       ',
      '   8:          0          0          0          0  IR-IO-APIC    8-edge      rtc0',
      ' 144:        290        230         85         60  IR-PCI-MSIX-0000:03:00.0    1-edge      enp3s0-TxRx-0',
      '',
    ]);
  });

  it('prints arm64 rows with Level/Edge like the real Graviton machine', () => {
    const text = showInterrupts({
      nrIrqs: 128,
      online: [0, 1],
      showLevel: true,
      rows: [{ irq: 14, counts: [7815, 0], chip: 'GICv3', hwirq: 37, level: true, handlerName: null, actions: ['ttyS0'] }],
      arch: [],
    });
    expect(text.split('\n')[1]).toBe(' 14:       7815          0     GICv3  37 Level     ttyS0');
  });

  it('prints arm64 IPI lines', () => {
    const text = showInterrupts({ nrIrqs: 128, online: [0], showLevel: true, rows: [], arch: arm64ArchLines(1, [[5]]) });
    const lines = text.split('\n');
    // as in ../shared/fixtures/real/proc-interrupts-arm64-gicv3-its-8cpu-graviton-nvme-ena.txt
    expect(lines[1]).toBe('IPI0:         5       Rescheduling interrupts');
    expect(lines[8]).toBe('Err:          0');
  });

  it('ends x86 output with the arch lines', () => {
    const text = showInterrupts({ nrIrqs: 1096, online: [0, 1], showLevel: false, rows: [], arch: x86ArchLines(2) });
    const lines = text.split('\n');
    expect(lines[1]).toBe(' NMI:          0          0  Non-maskable interrupts');
    expect(lines).toContain(' ERR:          0');
  });
});
