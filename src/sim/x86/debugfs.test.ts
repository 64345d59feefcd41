import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePbl } from '../lib/bitmap';
import { X86Machine } from './machine';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');
const SYSTEM = parsePbl('0-19,21,128,236,240-242,244,246-255');

describe('debugfs views of the x86 machine', () => {
  it('irqs/N reproduces tglx\'s PCI-MSIX irq 204 (vector 35 on CPU 50) byte for byte', () => {
    const m = new X86Machine({ nrCpus: 64, systemVectors: SYSTEM });
    // Three other interrupts take vectors 32-34 on CPU 50 first.
    const other = m.allocMsi({ type: 'msix', dev: '0000:02:00.0', count: 3, affinity: [[50]] });
    expect(other.ret).toBe(0);
    for (const irq of other.irqs) {
      expect(m.setAffinity(irq, [50])).toBe(0);
      expect(m.requestIrq(irq)).toBe(0);
    }
    m.device('0000:01:00.0', true, true, 0);
    const r = m.allocMsi({ type: 'msix', dev: '0000:01:00.0', count: 1, irq: 204, index: 0x65, node: 0 });
    expect(r).toEqual({ ret: 0, irqs: [204] });
    expect(m.setAffinity(204, [50])).toBe(0);
    expect(m.requestIrq(204)).toBe(0);
    const expected = readFileSync(`${FIXTURES}/debugfs-irq-x86-pci-msix-vector-target50-tglx.txt`, 'utf8');
    expect(m.debugfsIrq(204)).toBe(expected);
  });

  it('names status bits as debugfs.c stringifies them (_IRQ_*), and no trigger bits there', () => {
    const m = new X86Machine({ nrCpus: 2, systemVectors: SYSTEM });
    const r = m.allocMsi({ type: 'msix', dev: '0000:02:00.0', count: 1 });
    const desc = m.core.irqToDesc(r.irqs[0])!;
    // irqdesc_states (debugfs.c of 4.14.5 and 7.0.0) lists _IRQ_NOPROBE.._IRQ_HIDDEN only.
    desc.status |= (1 << 11) | (1 << 8) | 0x8;
    const text = m.debugfsIrq(r.irqs[0])!;
    expect(text).toContain('status:   0x00000908\n            _IRQ_NOREQUEST\nistate:');
  });

  it('the VECTOR domain file has the domain header and the matrix with indentation 1', () => {
    const m = new X86Machine({ nrCpus: 2, systemVectors: SYSTEM });
    const text = m.debugfsDomain('VECTOR')!;
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['name:   VECTOR', ' size:   0', ' mapped: 0', ' flags:  0x00000103']);
    expect(lines).toContain('Online bitmaps:        2');
    expect(lines).toContain(' | CPU | avl | man | mac | act | vectors');
    expect(lines).toContain('     0   187     0     0   15  48-49,51-63');
    expect(lines).toContain('     1   202     0     0    0  ');
  });

  it('a child domain file nests VECTOR under "parent:" at indentation 4', () => {
    const m = new X86Machine({ nrCpus: 2, systemVectors: SYSTEM, remapping: true });
    const r = m.allocMsi({ type: 'msix', dev: '0000:03:00.0', count: 2 });
    expect(r.ret).toBe(0);
    const name = m.devices.get('0000:03:00.0')!.domain.name;
    expect(name).toBe('IR-PCI-MSIX-0000:03:00.0-12');
    const text = m.debugfsDomain(name)!;
    expect(text).toContain(' parent: INTEL-IR-0-13\n    name:   INTEL-IR-0-13\n');
    expect(text).toContain('     parent: VECTOR\n        name:   VECTOR\n         size:   0\n         mapped: 2\n');
    // The irq file walks three levels: IR-PCI-MSIX -> INTEL-IR -> VECTOR.
    const irq = m.debugfsIrq(r.irqs[0])!;
    expect(irq).toContain(' parent:\n    domain:  INTEL-IR-0-13\n');
    expect(irq).toContain('     parent:\n        domain:  VECTOR\n');
    expect(irq).toContain('         Vector:     0\n');
    expect(irq).toContain('         has_reserved:     1\n');
  });

  it('device MSI / MSI-X and INTEL-IR domains are named and sized as in the real 32-CPU captures', () => {
    // Every domain file of the capture: "<file>:<line>". Per domain, keep the lines that do not
    // depend on load (mapped counts) and drop the matrix below the hierarchy.
    const grep = readFileSync(`${FIXTURES}/debugfs-domains-grep-x86-32cpu-vector-intel-ir-msix.txt`, 'utf8');
    const realHeader = (file: string): string[] =>
      grep
        .split('\n')
        .filter((l) => l.startsWith(`${file}:`))
        .map((l) => l.slice(file.length + 1))
        .filter((l) => /^ *(name|size|flags|parent):/.test(l));
    const m = new X86Machine({ nrCpus: 32, systemVectors: SYSTEM, remapping: true });
    expect(m.allocMsi({ type: 'msix', dev: '0000:02:00.0', count: 2 }).ret).toBe(0);
    expect(m.allocMsi({ type: 'msi', dev: '0000:00:01.0', count: 1 }).ret).toBe(0);
    const ours = (name: string): string[] =>
      m
        .debugfsDomain(name)!
        .split('\n')
        .filter((l) => /^ *(name|size|flags|parent):/.test(l));
    for (const file of ['IR-PCI-MSIX-0000:02:00.0-12', 'IR-PCI-MSI-0000:00:01.0-11', 'INTEL-IR-0-13']) {
      const real = realHeader(file);
      expect(real.length).toBeGreaterThan(3);
      expect(ours(file)).toEqual(real);
    }
  });

  it('without remapping the device domain is "PCI-MSIX-<bdf>-12" above VECTOR (tglx\'s irq 204)', () => {
    const m = new X86Machine({ nrCpus: 4, systemVectors: SYSTEM });
    expect(m.allocMsi({ type: 'msix', dev: '0000:01:00.0', count: 1 }).ret).toBe(0);
    expect(m.allocMsi({ type: 'msi', dev: '0000:00:1c.0', count: 1 }).ret).toBe(0);
    expect(m.core.domains.map((d) => d.name)).toEqual(['VECTOR', 'IO-APIC-0', 'PCI-MSIX-0000:01:00.0-12', 'PCI-MSI-0000:00:1c.0-11']);
  });
});
