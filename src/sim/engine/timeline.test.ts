import { describe, expect, it } from 'vitest';
import { PRESETS, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { createBackend } from './backends';
import { Timeline } from './timeline';
import { Session } from './session';

/** What must be identical between two engines in the same state. */
function fingerprint(t: Timeline) {
  const e = t.engine;
  const s = e.snapshot();
  const views: Record<string, string | null> = {};
  for (const p of e.backend.textViews()) views[p] = e.backend.text(p);
  return { summary: s.summary, irqs: s.irqs, domains: s.domains, devices: s.devices, vms: s.vms, views };
}

function prefix(sc: Scenario, k: number): Scenario {
  return { ...sc, steps: sc.steps.slice(0, k) };
}

describe('timeline', () => {
  for (const p of PRESETS) {
    const sc = presetScenario(p, 0);
    it(`${p.id}: the state after any step k equals a fresh replay of k steps`, () => {
      const t = new Timeline(sc, createBackend, { interval: 3 });
      const n = sc.steps.length;
      for (const k of [0, 1, Math.floor(n / 2), n - 1, n, 2]) {
        t.seek(k);
        const fresh = new Timeline(prefix(sc, k), createBackend);
        expect(fingerprint(t)).toEqual(fingerprint(fresh));
      }
    });
  }

  it('truncate then append gives the same state as replaying the edited scenario', () => {
    const sc = presetScenario(PRESETS[1], 0);
    const t = new Timeline(sc, createBackend, { interval: 2 });
    t.truncate(3);
    t.append({ do: 'cpu.offline', cpu: 2 });
    const edited = { ...sc, steps: [...sc.steps.slice(0, 3), { do: 'cpu.offline' as const, cpu: 2 }] };
    expect(fingerprint(t)).toEqual(fingerprint(new Timeline(edited, createBackend)));
    expect(t.outcomes.length).toBe(4);
  });

  it('events are recorded once per step even after seeking back and forth', () => {
    const sc = presetScenario(PRESETS[3], 0);
    const t = new Timeline(sc, createBackend, { interval: 1 });
    const before = t.recorder.events.length;
    t.seek(1);
    t.seek(0);
    t.seek(sc.steps.length);
    expect(t.recorder.events.length).toBe(before);
  });
});

describe('session (what the worker runs)', () => {
  it('refuses a bad scenario with the validation message and keeps the loaded one', () => {
    const s = new Session();
    const good = s.load(presetScenario(PRESETS[2], 0));
    expect(good.ok).toBe(true);
    const bad = s.load({ scenario: 1, machine: { cpus: 4 }, steps: [{ do: 'cpu.offline', cpu: 9 }] });
    expect(bad).toEqual({ ok: false, message: 'steps[0].cpu: CPU 9 does not exist (machine has 4)' });
    expect(s.text('/nonexistent')).toBeNull();
  });

  it('appends validated steps only, and rewinds history when appending from the past', () => {
    const s = new Session();
    const sc = presetScenario(PRESETS[2], 0);
    s.load(sc);
    const r = s.append({ do: 'irq.fire', device: 'nosuch', vector: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nosuch/);
    const seek = s.seek(1);
    expect(seek.ok && seek.snapshot.at).toBe(1);
    const appended = s.append({ do: 'cpu.offline', cpu: 1 });
    expect(appended.ok && appended.snapshot.total).toBe(2);
    const batch = s.takeEvents();
    expect(batch?.reset).toBe(true);
    expect(batch!.events.every((e) => e.step < 2)).toBe(true);
  });
});
