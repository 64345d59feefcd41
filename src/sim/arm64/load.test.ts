// The per-CPU load of the arm64 CPU tiles (issue 13 item 8): what reaches each CPU, as the
// GIC routes it: an SPI on the CPU of its effective affinity, the PPIs on every online CPU.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import type { Scenario } from '../scenario/schema';

function loadAt(steps: Scenario['steps'], at: number): number[] {
  const sc = { scenario: 2, title: 'arm64 load', machine: { arch: 'arm64', cpus: 4, kernel: { version: '7.0' } }, steps } as Scenario;
  const t = new Timeline(sc, createBackend);
  t.seek(at);
  return [...t.snapshot().cpus.load];
}

describe('arm64 CPU load', () => {
  const intx = { do: 'device.add', id: 'ata0', type: 'intx', pin: 'A', slot: 1 } as const;

  it('counts the boot PPIs (timers, PMU, vgic) on every online CPU, not the hidden IPIs', () => {
    expect(loadAt([], 0)).toEqual([5, 5, 5, 5]);
  });

  it('puts a shared INTx line (a GICv3 SPI) on the CPU of its effective affinity', () => {
    expect(loadAt([intx], 1)).toEqual([6, 5, 5, 5]);
    expect(loadAt([intx, { do: 'irq.affinity', device: 'ata0', vector: 0, cpus: [2, 3] }], 2)).toEqual([5, 5, 6, 5]);
  });

  it('an offline CPU has nothing', () => {
    expect(loadAt([intx, { do: 'cpu.offline', cpu: 1 }], 2)).toEqual([6, 0, 5, 5]);
  });
});
