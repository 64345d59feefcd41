import { describe, expect, it } from 'vitest';
import { PRESETS, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/schema';
import { NO_FILTER } from './event_query';
import { Session } from './session';

function loaded(sc: Scenario = presetScenario(PRESETS[2], 0)) {
  const s = new Session();
  const r = s.run({ kind: 'load', scenario: sc });
  if (!r.ok) throw new Error(r.message);
  return { s, state: r.state, sc };
}

describe('session (what the worker runs)', () => {
  it('refuses a bad scenario with the validation message and keeps the loaded one', () => {
    const { s } = loaded();
    const bad = s.run({ kind: 'load', scenario: { scenario: 1, machine: { cpus: 4 }, steps: [{ do: 'cpu.offline', cpu: 9 }] } });
    expect(bad).toEqual({ ok: false, message: 'steps[0].cpu: CPU 9 does not exist (machine has 4)' });
    expect(s.loaded!.length).toBeGreaterThan(0);
    expect(s.text('/nonexistent').text).toBeNull();
  });

  it('sends step outcomes as deltas: all at load, one per append, none for a seek, a cut for truncate', () => {
    const { s, state, sc } = loaded();
    const n = sc.steps.length;
    expect(state.outcomes).toMatchObject({ from: 0, length: n });
    expect(state.outcomes.items).toHaveLength(n);
    const seek = s.run({ kind: 'seek', at: 1 });
    expect(seek.ok && seek.state.outcomes).toEqual({ from: n, items: [], length: n });
    expect(seek.ok && seek.state.snapshot.at).toBe(1);
    // Appending from the past drops the later steps first.
    const app = s.run({ kind: 'append', step: { do: 'cpu.offline', cpu: 1 } });
    expect(app.ok && app.state.outcomes.from).toBe(1);
    expect(app.ok && app.state.outcomes.items.map((o) => o.do)).toEqual(['cpu.offline']);
    expect(app.ok && app.state.outcomes.length).toBe(2);
    expect(app.ok && app.state.snapshot.total).toBe(2);
    const cut = s.run({ kind: 'truncate', keep: 1 });
    expect(cut.ok && cut.state.outcomes).toEqual({ from: 1, items: [], length: 1 });
  });

  it('validates appended steps against the steps before the position', () => {
    const { s } = loaded();
    const r = s.run({ kind: 'append', step: { do: 'irq.fire', device: 'nosuch', vector: 0 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nosuch/);
  });

  it('a load runs in slices and reports its progress', () => {
    const s = new Session();
    const sc: Scenario = { scenario: 1, machine: { cpus: 8 }, steps: Array.from({ length: 300 }, (_, i) => ({ do: i % 2 ? 'cpu.online' : 'cpu.offline', cpu: 3 }) as const) };
    expect(s.begin({ kind: 'load', scenario: sc })).toEqual({ ok: true });
    let slices = 0;
    let last = -1;
    while (!s.work(performance.now() + 0.2)) {
      const p = s.progress()!;
      expect(p.what).toBe('replaying');
      expect(p.total).toBe(300);
      expect(p.done).toBeGreaterThanOrEqual(last);
      last = p.done;
      slices++;
    }
    expect(slices).toBeGreaterThan(0);
    expect(s.progress()).toBeNull();
    expect(s.answer().outcomes.length).toBe(300);
  });

  it('answers event rows: the tail, a range, a filter, up to the position shown', () => {
    const { s, sc } = loaded(presetScenario(PRESETS[1], 1));
    const all = s.events({ filter: NO_FILTER, from: 0, count: 5 });
    expect(all.rows).toHaveLength(5);
    expect(all.rows[0].seq).toBe(0);
    expect(all.kinds).toContain('irq_matrix_alloc');
    const tail = s.events({ filter: NO_FILTER, from: -1, count: 3 });
    expect(tail.from).toBe(all.total - 3);
    expect(tail.rows.map((r) => r.seq)).toEqual([all.total - 3, all.total - 2, all.total - 1]);
    const failures = s.events({ filter: { ...NO_FILTER, problemsOnly: true }, from: 0, count: 100 });
    expect(failures.rows.some((r) => r.severity === 'failure' && /Cannot disable CPU/.test(r.line))).toBe(true);
    const cpu2 = s.events({ filter: { ...NO_FILTER, cpus: [2], kinds: ['irq_matrix_alloc'] }, from: 0, count: 10_000 });
    expect(cpu2.total).toBeGreaterThan(0);
    expect(cpu2.rows.every((r) => r.cpu === 2 && r.type === 'irq_matrix_alloc')).toBe(true);
    // A text filter scans within a time budget and resumes where it stopped: ask again, as the
    // log does, until the scan is complete (a loaded machine may need several calls).
    let text = s.events({ filter: { ...NO_FILTER, text: 'CANNOT DISABLE' }, from: 0, count: 10 });
    for (let i = 0; i < 1000 && !text.complete; i++) text = s.events({ filter: { ...NO_FILTER, text: 'CANNOT DISABLE' }, from: 0, count: 10 });
    expect(text.complete).toBe(true);
    expect(text.rows.length).toBeGreaterThan(0);
    expect(text.rows.every((r) => /cannot disable/i.test(r.line))).toBe(true);
    // At the booted machine only boot events are visible.
    s.run({ kind: 'seek', at: 0 });
    const boot = s.events({ filter: NO_FILTER, from: 0, count: 10_000 });
    expect(boot.total).toBeLessThan(all.total);
    expect(boot.rows.every((r) => r.step < 0)).toBe(true);
    const failedAtBoot = s.events({ filter: { ...NO_FILTER, problemsOnly: true }, from: 0, count: 100 });
    expect(failedAtBoot.rows.every((r) => r.step < 0)).toBe(true);
    expect(sc.steps.length).toBeGreaterThan(0);
  });

  it('a device filter follows the device through its steps and irqs', () => {
    const { s } = loaded(presetScenario(PRESETS[1], 1));
    const r = s.events({ filter: { ...NO_FILTER, device: 'nvme0' }, from: 0, count: 10_000 });
    expect(r.total).toBeGreaterThan(0);
    expect(r.rows.every((row) => row.step === 0 || row.irq >= 0 || row.type.startsWith('irq_matrix'))).toBe(true);
  });

  it('gives kernel text views by line ranges', () => {
    const { s } = loaded();
    const whole = s.text('/proc/interrupts');
    expect(whole.text).not.toBeNull();
    const lines = whole.text!.split('\n');
    const part = s.text('/proc/interrupts', 1, 2);
    expect(part.lines).toBe(whole.lines);
    expect(part.from).toBe(1);
    expect(part.text).toBe(lines.slice(1, 3).join('\n') + '\n');
  });
});
