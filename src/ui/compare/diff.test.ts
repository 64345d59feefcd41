import { describe, expect, it } from 'vitest';
import { createBackend } from '../../sim/engine/backends';
import { Timeline } from '../../sim/engine/timeline';
import { PRESETS, presetById, presetScenario } from '../../sim/scenario/presets';
import { channelDiffs, counterRows, cpuVectorDiffs, formatRuns, lpiAllocatedRuns, rangesOnlyIn, vectorCellDiff } from './diff';

describe('compare mode differences', () => {
  const p = presetById('x86-vectors-offline')!;
  const a = new Timeline(presetScenario(p, 0), createBackend);
  const b = new Timeline(presetScenario(p, 1), createBackend);

  it('counters: refusals and the vector matrix differ between 4.14 and 4.15, CPU counts do not', () => {
    const rows = counterRows(a.snapshot(), b.snapshot(), a.outcomes, b.outcomes);
    const row = (n: string) => rows.find((r) => r.name === n)!;
    expect(row('online CPUs')).toMatchObject({ differs: false });
    expect(row('vectors: total allocated').differs).toBe(true);
    expect(rows.find((r) => r.name === 'LPIs allocated')).toBeUndefined();
  });

  it('cells and per-CPU counters: nothing differs at boot, something after the NICs', () => {
    a.seek(0);
    b.seek(0);
    const boot = vectorCellDiff(a.snapshot(), b.snapshot())!;
    expect(boot.nrVectors).toBe(256);
    a.seek(5);
    b.seek(5);
    const d = vectorCellDiff(a.snapshot(), b.snapshot())!;
    expect(d.count).toBeGreaterThan(boot.count);
    expect(cpuVectorDiffs(a.snapshot(), b.snapshot()).length).toBeGreaterThan(0);
  });

  it('descriptor runs held by one side only', () => {
    const x = Int32Array.from([0, 16, 24, 40, 100, 110]);
    const y = Int32Array.from([0, 10, 30, 35, 100, 120]);
    expect(rangesOnlyIn(x, y)).toEqual([
      [10, 16],
      [24, 30],
      [35, 40],
    ]);
    expect(rangesOnlyIn(y, x)).toEqual([[110, 120]]);
    expect(formatRuns([[10, 16], [24, 25]])).toBe('10-15, 24 — 7 descriptors');
  });
});

describe('LPI and event-channel differences', () => {
  it('the LPIs allocated are the LPI space minus its free ranges, and only-in runs follow', () => {
    const p = presetById('gicv41-descriptor-cap')!;
    const a = new Timeline(presetScenario(p, 0), createBackend).snapshot();
    const runs = lpiAllocatedRuns(a);
    let n = 0;
    for (let i = 0; i < runs.length; i += 2) n += runs[i + 1] - runs[i];
    let free = 0;
    for (let i = 1; i < a.lpis!.freeRanges.length; i += 2) free += a.lpis!.freeRanges[i];
    expect(n).toBe(a.lpis!.end - a.lpis!.first - free);
    expect(rangesOnlyIn(runs, runs)).toEqual([]);
    expect(formatRuns([[8192, 8224]], 6, 'LPI')).toBe('8192-8223 — 32 LPIs');
  });

  it('event channels bound differently are listed per port', () => {
    const p = PRESETS.find((x) => x.scenario.machine.xen)!;
    const a = new Timeline(presetScenario(p, 0), createBackend).snapshot();
    expect(channelDiffs(a, a)).toEqual([]);
    const b = { ...a, xenState: { ...a.xenState!, channels: a.xenState!.channels.slice(1) } };
    const d = channelDiffs(a, b);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ port: a.xenState!.channels[0].port, b: '—' });
  });
});
