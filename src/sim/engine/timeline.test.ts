import { describe, expect, it } from 'vitest';
import { PRESETS, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { createBackend } from './backends';
import { CheckpointPolicy } from './checkpoints';
import { Timeline, type TimelineOptions } from './timeline';

/** What must be identical between two engines in the same state. */
function fingerprint(t: Timeline) {
  const e = t.engine;
  const s = e.snapshot();
  const views: Record<string, string | null> = {};
  for (const p of e.backend.textViews()) views[p] = e.backend.text(p);
  return { summary: t.summary(), irqs: s.irqs, domains: s.domains, devices: s.devices, vms: s.vms, views };
}

function prefix(sc: Scenario, k: number): Scenario {
  return { ...sc, steps: sc.steps.slice(0, k) };
}

/** A clock that ticks once per reading: every step (and every copy) then costs 1 ms. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

/** Checkpoints every `gap` steps, deterministically. */
function every(gap: number): TimelineOptions {
  return { clock: tickingClock(), checkpoints: { ratio: 0, minGapMs: gap } };
}

describe('timeline: state after step k = a fresh replay of k steps', () => {
  for (const p of PRESETS) {
    const sc = presetScenario(p, 0);
    it(`${p.id}`, () => {
      const t = new Timeline(sc, createBackend, every(3));
      expect(t.checkpointPositions.length).toBeGreaterThan(0);
      const n = sc.steps.length;
      for (const k of [0, 1, Math.floor(n / 2), n - 1, n, 2, n]) {
        t.seek(k);
        expect(t.position).toBe(k);
        expect(fingerprint(t)).toEqual(fingerprint(new Timeline(prefix(sc, k), createBackend, { checkpoints: 'none' })));
      }
    });
  }
});

describe('timeline: how it moves', () => {
  const sc = presetScenario(PRESETS[1], 0);

  it('a forward seek applies the missing steps to the engine already there', () => {
    const t = new Timeline(sc, createBackend, every(1000));
    t.seek(2);
    const engine = t.engine;
    expect(t.plan(5)).toMatchObject({ from: 'current', at: 2 });
    t.seek(5);
    expect(t.engine === engine).toBe(true);
    expect(t.position).toBe(5);
  });

  it('leaving the end parks it; coming back to the end costs nothing', () => {
    const t = new Timeline(sc, createBackend, every(1000));
    const head = t.engine;
    t.seek(1);
    expect(t.engine === head).toBe(false);
    expect(t.plan(sc.steps.length)).toMatchObject({ from: 'head', costMs: 0 });
    t.seek(sc.steps.length);
    expect(t.engine === head).toBe(true);
  });

  it('a backward seek starts from the nearest copy when that is cheapest', () => {
    const t = new Timeline(sc, createBackend, every(2));
    const at = t.checkpointPositions.filter((k) => k > 0 && k < sc.steps.length - 1).pop()!;
    expect(at).toBeGreaterThan(0);
    t.seek(at + 1);
    t.seek(at);
    expect(t.plan(at + 1)).toMatchObject({ from: 'current' });
    t.seek(0);
    expect(t.plan(at)).toMatchObject({ from: 'checkpoint', at });
  });

  it('truncate then append gives the same state as replaying the edited scenario', () => {
    const t = new Timeline(sc, createBackend, every(2));
    t.truncate(3);
    expect(t.checkpointPositions.every((k) => k <= 3)).toBe(true);
    t.append({ do: 'cpu.offline', cpu: 2 });
    const edited = { ...sc, steps: [...sc.steps.slice(0, 3), { do: 'cpu.offline' as const, cpu: 2 }] };
    expect(fingerprint(t)).toEqual(fingerprint(new Timeline(edited, createBackend)));
    expect(t.outcomes.length).toBe(4);
  });

  it('events are recorded once per step even after seeking back and forth', () => {
    const d = presetScenario(PRESETS[3], 0);
    const t = new Timeline(d, createBackend, every(1));
    const before = t.recorder.store.end;
    t.seek(1);
    t.seek(0);
    t.seek(d.steps.length);
    t.seek(2);
    expect(t.recorder.store.end).toBe(before);
  });

  it('replays in slices: advance and seek stop at the deadline and resume where they were', () => {
    const clock = tickingClock();
    const t = new Timeline(sc, createBackend, { clock, checkpoints: { ratio: 0, minGapMs: 1000 }, replay: false });
    let slices = 0;
    while (!t.advance(clock() + 3)) slices++;
    expect(slices).toBeGreaterThan(1);
    expect(t.computed).toBe(sc.steps.length);
    const full = new Timeline(sc, createBackend);
    expect(fingerprint(t)).toEqual(fingerprint(full));
    expect(t.outcomes).toEqual(full.outcomes);
    slices = 0;
    t.seek(0);
    while (!t.seek(sc.steps.length - 1, clock() + 2)) slices++;
    expect(slices).toBeGreaterThan(0);
    expect(t.position).toBe(sc.steps.length - 1);
  });

  it('with checkpoints off (the command line) nothing is copied and seeks replay from boot', () => {
    const t = new Timeline(sc, createBackend, { checkpoints: 'none' });
    expect(t.checkpointed).toBe(false);
    expect(t.checkpointPositions).toEqual([]);
    t.seek(2);
    expect(fingerprint(t)).toEqual(fingerprint(new Timeline(prefix(sc, 2), createBackend)));
  });
});

describe('checkpoint policy', () => {
  it('copies when the replay since the last copy reaches ratio x the copy cost (and the gap)', () => {
    const p = new CheckpointPolicy({ ratio: 4, minGapMs: 10 });
    expect(p.due(9)).toBe(false);
    expect(p.due(10)).toBe(true);
    p.took(50);
    expect(p.due(199)).toBe(false);
    expect(p.due(200)).toBe(true);
  });

  it('keeps all copying under 1/ratio of all replaying, pricing the next copy at twice the last', () => {
    const p = new CheckpointPolicy({ ratio: 4, minGapMs: 10 });
    p.took(50);
    // (50 copied + 2 x 50 next) x 4 = 600 ms of replay needed in all.
    expect(p.due(1000, 599)).toBe(false);
    expect(p.due(1000, 600)).toBe(true);
    expect(p.copiedMs).toBe(50);
  });

  it('a whole replay spends at most about 1/ratio of its time copying', () => {
    const sc = presetScenario(PRESETS[0], 1);
    const t = new Timeline(sc, createBackend, { checkpoints: { ratio: 4, minGapMs: 1 } });
    expect(t.checkpointPositions.length).toBeGreaterThan(0);
    expect(t.copiedMs).toBeLessThanOrEqual(t.replayCost(t.length) / 4 + 3 * Math.max(...[t.copiedMs / t.checkpointPositions.length]));
  });

  it('keeps all copies under the byte budget by dropping every other one and spacing the rest out', () => {
    const p = new CheckpointPolicy({ ratio: 4, budgetBytes: 100 });
    const held = [10, 20, 30, 40, 50].map((at) => ({ at, cloneMs: 1, bytes: 20 }));
    const drop = p.makeRoom(held, 20)!;
    expect(drop.map((c) => c.at)).toEqual([20, 40]);
    expect(p.ratio).toBe(8);
    expect(p.makeRoom([], 101)).toBeNull();
  });

  it('a timeline under a small budget never holds more than the budget, and still seeks right', () => {
    const sc = presetScenario(PRESETS[1], 0);
    const probe = new Timeline(sc, createBackend, every(1));
    const oneCopy = probe.checkpointBytes / probe.checkpointPositions.length;
    const budget = Math.floor(oneCopy * 3.5);
    const t = new Timeline(sc, createBackend, { clock: tickingClock(), checkpoints: { ratio: 0, minGapMs: 1, budgetBytes: budget } });
    expect(t.checkpointBytes).toBeLessThanOrEqual(budget);
    expect(t.checkpointPositions.length).toBeLessThanOrEqual(3);
    for (const k of [5, 0, 7, 3]) {
      t.seek(k);
      expect(t.checkpointBytes).toBeLessThanOrEqual(budget);
      expect(fingerprint(t)).toEqual(fingerprint(new Timeline(prefix(sc, k), createBackend)));
    }
  });
});
