import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../engine/session';
import type { Scenario } from '../scenario/schema';
import { showInterrupts, arm64ArchLines } from '../core/proc_interrupts';
import { ARM64_IPIS } from '../scenario/releases';
import { releaseRowValue } from '../scenario/releases_resolve';

function boot(version: string) {
  const sc = { scenario: 2, machine: { arch: 'arm64', cpus: 4, kernel: { version } }, steps: [] } as unknown as Scenario;
  const s = new Session();
  const r = s.run({ kind: 'load', scenario: sc });
  if (!r.ok) throw new Error(r.message);
  return s;
}

/** The IPI rows of /proc/interrupts without their counts: "IPI6: CPU wake-up interrupts". */
const ipiRows = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^ *IPI\d+:/.test(l))
    .map((l) => l.replace(/^( *IPI\d+:)[\d ]+ {6}/, '$1 '));

describe('arm64 IPIs follow the release (arch/arm64/kernel/smp.c)', () => {
  it('5.10-6.6 print seven rows ending with CPU wake-up, byte for byte like the real Graviton capture', () => {
    const real = readFileSync('/work/shared/fixtures/real/proc-interrupts-arm64-gicv3-its-8cpu-graviton-nvme-ena.txt', 'utf8').split('\n');
    const realIpis = real.filter((l) => /^IPI\d+:/.test(l));
    const counts = realIpis.map((l) => Uint32Array.from(l.replace(/^IPI\d+:/, '').trim().split(/\s+/).slice(0, 8).map(Number)));
    const names = releaseRowValue(ARM64_IPIS, '6.1').shown;
    const ours = showInterrupts({ nrIrqs: 64, online: [0, 1, 2, 3, 4, 5, 6, 7], showLevel: true, rows: [], arch: arm64ArchLines(8, counts, names) });
    expect(ours.split('\n').filter((l) => /^IPI/.test(l))).toEqual(realIpis);
  });

  it('/proc/interrupts and the IPI descriptors change with the release', () => {
    const rows = (v: string) => ipiRows(boot(v).text('/proc/interrupts').text!);
    expect(rows('6.6')).toHaveLength(7);
    expect(rows('6.6')[6]).toBe('IPI6: CPU wake-up interrupts');
    expect(rows('6.7')).toHaveLength(6);
    const r611 = rows('6.11');
    expect(r611).toHaveLength(8);
    expect(r611[3]).toBe('IPI3: CPU stop (for crash dump) interrupts');
    expect(r611[6]).toBe('IPI6: CPU backtrace interrupts');
    expect(r611[7]).toBe('IPI7: KGDB roundup interrupts');
    expect(rows('7.0')[3]).toBe('IPI3: CPU stop NMIs');
  });

  it('set_smp_ipi_range requests nr_ipi of the 8 SGIs: 7 before 6.7, 8 after (debugfs irqs/N)', () => {
    const requested = (v: string) => {
      const s = boot(v);
      let n = 0;
      // set_smp_ipi_range hides (and requests) only the first nr_ipi SGIs.
      for (let irq = 1; irq <= 8; irq++) if (/_IRQ_HIDDEN/.test(s.text(`/sys/kernel/debug/irq/irqs/${irq}`).text ?? '')) n++;
      return n;
    };
    expect(requested('6.6')).toBe(7);
    expect(requested('6.7')).toBe(8);
  });
});
