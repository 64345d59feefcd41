import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from './fixture.test-util';
import { CELL } from '../../sim/snapshot';
import { cellInfo } from './vector-info';

describe('cellInfo', () => {
  it('names the irq, device, domain chain and vector of an allocated cell', () => {
    const info = cellInfo(fixtureSnapshot(), 1, 33)!;
    expect(info.irq).toBe(45);
    expect(info.device).toBe('nvme0');
    expect(info.domain).toBe('PCI-MSIX-0000:00:03.0');
    expect(info.lines[0]).toBe('CPU 1 · vector 0x21 (33)');
    expect(info.lines).toContain('irq 45 nvme0q0');
    expect(info.lines.join('\n')).toContain('PCI-MSIX-0000:00:03.0 → INTEL-IR-0 → VECTOR');
  });

  it('describes exception and free cells without an irq', () => {
    const s = fixtureSnapshot();
    expect(cellInfo(s, 0, 3)!.lines).toEqual(['CPU 0 · vector 0x03 (3)', 'exception (0-31)', 'CPU exception vector']);
    expect(cellInfo(s, 0, 100)!.irq).toBeNull();
    expect(cellInfo(s, 9, 0)).toBeNull();
    expect(cellInfo(s, 0, 256)).toBeNull();
  });

  it('marks offline CPUs', () => {
    const s = fixtureSnapshot();
    s.cpus.online[2] = 0;
    expect(cellInfo(s, 2, 34)!.lines[0]).toBe('CPU 2 (offline) · vector 0x22 (34)');
  });

  it('names a system vector as the kernel does', () => {
    const s = fixtureSnapshot();
    const names = new Array<string>(256).fill('');
    names[0xec] = 'LOCAL_TIMER_VECTOR';
    s.vectors = { ...s.vectors!, systemNames: names };
    expect(cellInfo(s, 0, 0xec)!.lines[1]).toBe('0xec LOCAL_TIMER_VECTOR (system)');
    // A system cell the kernel names nothing stays "system".
    expect(cellInfo(s, 0, 0xf5)!.lines[1]).toBe('system');
  });

  it('never ends on an empty "domains" part: a v4.14 row without domain names shows its chip', () => {
    const s = fixtureSnapshot();
    s.vectors!.cells[0 * 256 + 0x30] = CELL.allocated;
    s.vectors!.owner[0 * 256 + 0x30] = 0;
    s.irqs = [
      ...s.irqs,
      { ...s.irqs[0], irq: 0, name: 'timer', device: null, managed: false, levels: [{ domain: '', hwirq: 2, chip: 'IR-IO-APIC' }] },
    ];
    const lines = cellInfo(s, 0, 0x30)!.lines;
    expect(lines).toContain('irq 0 timer');
    expect(lines).toContain('chip IR-IO-APIC');
    expect(lines.some((l) => /^domains/.test(l))).toBe(false);
  });

  it('says which rule placed the irq: the allocator for an NVMe admin queue, the release spreading for a queue', () => {
    const s = fixtureSnapshot();
    const admin = cellInfo(s, 1, 33)!.lines;
    expect(admin).toContain('NVMe admin queue, not managed: irq_matrix_alloc: the CPU of its affinity with the most free vectors');
    expect(admin).toContain('equally loaded CPUs take turns: a run of them steps across the CPUs');
    s.irqs = [...s.irqs, { ...s.irqs[0], irq: 46, name: 'nvme0q1', index: 1, managed: true, placedBy: 'group_cpus_evenly, cluster-aware (v7.0)' }];
    const queue = cellInfo(s, 2, 34)!.lines;
    expect(queue).toContain('managed: mask spread by group_cpus_evenly, cluster-aware (v7.0)');
    expect(queue.some((l) => /not managed/.test(l))).toBe(false);
  });
});
