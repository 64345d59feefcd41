import { describe, expect, it } from 'vitest';
import type { CpuSnapshot, StepOutcome } from '../../sim/snapshot';
import { cpuRefusals, groupCpus, maxLoad, pages, startCollapsed } from './machine-layout';

function cpus(n: number, nodes: number, smt: number): CpuSnapshot {
  return {
    possible: n,
    online: new Uint8Array(n).fill(1),
    node: Uint16Array.from({ length: n }, (_, i) => Math.floor((i * nodes) / n)),
    core: Uint32Array.from({ length: n }, (_, i) => Math.floor(i / smt)),
    load: Uint32Array.from({ length: n }, (_, i) => i),
  };
}

describe('groupCpus', () => {
  it('groups CPUs by node, then SMT siblings by core, with aggregates', () => {
    const c = cpus(8, 2, 2);
    c.online[5] = 0;
    const g = groupCpus(c);
    expect(g.map((n) => n.node)).toEqual([0, 1]);
    expect(g[1].cores).toEqual([
      { core: 2, cpus: [4, 5] },
      { core: 3, cpus: [6, 7] },
    ]);
    expect(g[1]).toMatchObject({ cpus: 4, online: 3, load: 4 + 5 + 6 + 7 });
    expect(maxLoad(c)).toBe(7);
  });

  it('handles 1024 CPUs in 8 nodes', () => {
    const g = groupCpus(cpus(1024, 8, 2));
    expect(g.length).toBe(8);
    expect(g.every((n) => n.cpus === 128 && n.cores.length === 64)).toBe(true);
    expect(startCollapsed(1024, 8)).toBe(true);
    expect(startCollapsed(8, 1)).toBe(false);
    expect(pages(300, 128)).toEqual([
      [0, 128],
      [128, 256],
      [256, 300],
    ]);
  });
});

describe('cpuRefusals', () => {
  const steps = [
    { do: 'cpu.offline', cpu: 3 },
    { do: 'device.add' },
    { do: 'cpu.offline', cpu: 2 },
    { do: 'cpu.offline', cpu: 3 },
  ];
  const o = (index: number, ok: boolean, extra: Partial<StepOutcome> = {}): StepOutcome => ({
    index,
    do: steps[index].do,
    ok,
    warnings: 0,
    ...extra,
  });

  it('reports the kernel reason of the latest refused hotplug per CPU', () => {
    const r = cpuRefusals(
      [o(0, false, { error: '-ENOSPC', reason: 'CPU 3 has 175 vectors, 69 available. Cannot disable CPU' }), o(1, true), o(2, false, { error: '-EBUSY' })],
      steps,
    );
    expect(r.get(3)).toEqual({ step: 0, do: 'cpu.offline', error: '-ENOSPC', reason: 'CPU 3 has 175 vectors, 69 available. Cannot disable CPU' });
    expect(r.get(2)?.error).toBe('-EBUSY');
  });

  it('forgets a refusal once a later hotplug of that CPU succeeded', () => {
    const r = cpuRefusals([o(0, false, { error: '-ENOSPC' }), o(3, true)], steps);
    expect(r.has(3)).toBe(false);
  });
});
