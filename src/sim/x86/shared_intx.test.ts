// Two INTx devices on one line: removing one frees only its own action (free_irq matches the
// dev_id), whatever the release, hence whichever vector allocator and genirq the engine builds.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { notableReleases } from '../scenario/releases';
import { releaseKey } from '../scenario/release_number';
import { parseScenario } from '../scenario/validate';

function run(version: string) {
  const p = parseScenario({
    scenario: 2,
    title: `shared INTx on ${version}`,
    machine: { arch: 'x86_64', cpus: 4, kernel: { version } },
    steps: [
      { do: 'device.add', id: 'sata1', type: 'intx', pin: 'A' },
      { do: 'device.add', id: 'sata', type: 'intx', pin: 'A' },
      { do: 'irq.fire', device: 'sata1', vector: 0 },
      { do: 'irq.fire', device: 'sata1', vector: 0 },
      { do: 'device.remove', id: 'sata' },
      { do: 'irq.fire', device: 'sata1', vector: 0 },
    ],
  });
  if (!p.ok) return null;
  const t = new Timeline(p.scenario, createBackend);
  t.seek(p.scenario.steps.length);
  return t;
}

describe('shared INTx line: removing "sata" keeps "sata1"', () => {
  const releases = notableReleases(releaseKey).filter((v) => run(v) !== null);

  it('covers the pre-4.15 and the matrix allocator', () => {
    expect(releases).toContain('4.14');
    expect(releases).toContain('4.15');
  });

  it.each(releases)('%s', (version) => {
    const t = run(version)!;
    const snap = t.snapshot();
    const sata1 = snap.devices.find((d) => d.id === 'sata1')!;
    const irq = sata1.irqs[0];
    const row = snap.irqs.find((r) => r.irq === irq)!;
    expect(row.name).toBe('sata1');
    expect(row.count).toBe(3);
    expect(t.outcomes.every((o) => o.ok)).toBe(true);
    const proc = t.engine.backend.text('/proc/interrupts')!;
    expect(proc).toMatch(new RegExp(`^\\s*${irq}:.*  sata1\\n`, 'm'));
  });
});
