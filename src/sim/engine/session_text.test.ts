// Kernel text windows of a view the backend reads by line (a Xen dom0's /proc/interrupts): the
// window is the same text as the whole view's lines, and the whole view is never built.
import { describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { Session } from './session';

function dom0(cpus: number): Session {
  const sc: Scenario = { scenario: 2, machine: { arch: 'x86_64', cpus, xen: { role: 'dom0' } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 }, { do: 'irq.fire', device: 'nvme0', vector: 1 }] };
  const s = new Session();
  const r = s.run({ kind: 'load', scenario: sc });
  if (!r.ok) throw new Error(r.message);
  return s;
}

describe('session text of a dom0', () => {
  it('a window equals the same lines of the whole view', () => {
    const s = dom0(64);
    const whole = s.loaded!.engine.backend.text('/proc/interrupts')!;
    const lines = whole.split('\n').slice(0, -1);
    const all = s.text('/proc/interrupts');
    expect(all.lines).toBe(lines.length);
    expect(all.text).toBe(whole);
    for (const [from, count] of [[0, 1], [1, 5], [lines.length - 3, 10], [lines.length, 5], [5, 0]]) {
      const w = s.text('/proc/interrupts', from, count);
      const end = Math.min(lines.length, from + count);
      expect(w).toEqual({ from: Math.min(from, lines.length), lines: lines.length, text: lines.slice(from, end).map((l) => l + '\n').join('') });
    }
    expect(s.text('/xen/evtchn').text).toBe(s.loaded!.engine.backend.text('/xen/evtchn'));
  });

  it('at 2048 CPUs a window costs its rows: the whole 300 MB view is never built', () => {
    const s = dom0(2048);
    const backend = s.loaded!.engine.backend;
    const whole = vi.spyOn(backend, 'text');
    const w = s.text('/proc/interrupts', 100, 40);
    expect(whole).not.toHaveBeenCalled();
    expect(w.lines).toBeGreaterThan(12_000);
    expect(w.text!.split('\n')).toHaveLength(41);
    expect(w.text!.length).toBeLessThan(40 * 2048 * 11 + 40 * 200);
    expect(w.text!.split('\n')[0]).toMatch(/^ *\d+: /);
  });
});
