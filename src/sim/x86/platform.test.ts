import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../engine/session';
import type { Scenario } from '../scenario/schema';

const REAL = readFileSync('/work/shared/fixtures/real/proc-interrupts-x86-2cpu-kvm-guest-ioapic-pcimsi.txt', 'utf8').split('\n');

/** Line `irq` of /proc/interrupts without its counts. */
const shape = (lines: string[], irq: number) => {
  const l = lines.find((x) => x.startsWith(`${String(irq).padStart(3)}:`));
  return l ? l.replace(/^( *\d+:)(\s+\d+)+/, '$1 <counts>') : null;
};

describe('the PC platform: ISA interrupt source overrides', () => {
  it.each(['7.0', '4.14'])('Linux %s prints "0: IO-APIC 2-edge timer" and "9: IO-APIC 9-fasteoi acpi" as real PCs do', (version) => {
    const sc = { scenario: 2, machine: { cpus: 2, remapping: false, kernel: { version } }, steps: [] } as unknown as Scenario;
    const s = new Session();
    const r = s.run({ kind: 'load', scenario: sc });
    if (!r.ok) throw new Error(r.message);
    const ours = s.text('/proc/interrupts').text!.split('\n');
    for (const irq of [0, 1, 8, 9]) {
      expect(shape(REAL, irq)).not.toBeNull();
      expect(shape(ours, irq)).toBe(shape(REAL, irq));
    }
  });
});
