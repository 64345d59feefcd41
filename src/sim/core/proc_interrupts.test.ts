import { readFileSync, readdirSync } from 'node:fs';
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
    // The newest release prints eight rows (IPI6 backtrace, IPI7 KGDB roundup), then Err.
    expect(lines[7]).toBe('IPI6:         0       CPU backtrace interrupts');
    expect(lines[9]).toBe('Err:          0');
  });

  it('ends x86 output with the arch lines: "%10u " per CPU, then two spaces before the text', () => {
    const text = showInterrupts({ nrIrqs: 1096, online: [0, 1], showLevel: false, rows: [], arch: x86ArchLines(2) });
    const lines = text.split('\n');
    expect(lines[1]).toBe(' NMI:          0          0   Non-maskable interrupts');
    expect(lines).toContain(' ERR:          0');
  });

  // Every real x86 capture whose arch rows are exactly the ones the machine model prints.
  const FIXTURES = '/work/shared/fixtures/real';
  const captures = readdirSync(FIXTURES).filter((f) => /^proc-interrupts-x86-.*\.txt$/.test(f));
  const ourLabels = x86ArchLines(1).map((l) => l.label).join(' ');
  it.each(captures.filter((f) => archTail(readFileSync(`${FIXTURES}/${f}`, 'utf8')).labels.join(' ') === ourLabels))(
    'reproduces the arch rows of %s byte for byte',
    (file) => {
      const real = readFileSync(`${FIXTURES}/${file}`, 'utf8');
      const tail = archTail(real);
      const stats: Record<string, Uint32Array> = {};
      for (const [label, counts] of tail.counts) stats[label] = Uint32Array.from(counts);
      const arch = x86ArchLines(tail.cpus, stats).map((l) => (l.counts === null ? { ...l, total: tail.totals.get(l.label) ?? -1 } : l));
      const online = Array.from({ length: tail.cpus }, (_, i) => i);
      const nrIrqs = 10 ** (tail.prec - 1);
      const ours = showInterrupts({ nrIrqs, online, showLevel: false, rows: [], arch });
      expect(ours.split('\n').slice(1).join('\n')).toBe(tail.text);
    },
  );
  it('found at least five such captures', () => {
    expect(captures.filter((f) => archTail(readFileSync(`${FIXTURES}/${f}`, 'utf8')).labels.join(' ') === ourLabels).length).toBeGreaterThanOrEqual(5);
  });
});

/** The arch rows of a real /proc/interrupts (from the NMI line to the end) and what they say. */
function archTail(text: string) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^ *NMI:/.test(l));
  const rows = start < 0 ? [] : lines.slice(start);
  const header = lines.find((l) => /CPU0/.test(l)) ?? '';
  const cpus = (header.match(/CPU\d+/g) ?? []).length;
  const counts = new Map<string, number[]>();
  const totals = new Map<string, number>();
  const labels: string[] = [];
  for (const [i, r] of rows.entries()) {
    const m = /^ *([A-Z]+):(.*)$/.exec(r);
    // A line that is no arch row (the empty line a fixture's source added) keeps the labels apart.
    if (!m) {
      if (i < rows.length - 1) labels.push('?');
      continue;
    }
    labels.push(m[1]);
    const nums = m[2].trim().split(/\s+/).slice(0, cpus).map(Number);
    if (/^ +\d+$/.test(m[2]) && cpus > 1) totals.set(m[1], nums[0]);
    else if (m[1] === 'ERR' || m[1] === 'MIS') totals.set(m[1], nums[0]);
    else counts.set(m[1], nums);
  }
  const prec = start < 0 ? 3 : rows[0].indexOf(':');
  return { text: rows.join('\n'), labels, cpus, counts, totals, prec };
}
