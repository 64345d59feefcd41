import { describe, expect, it } from 'vitest';
import { EVENTS_FTRACE_PATH, EVENTS_JSON_PATH, visibleEvents } from '../../sim/engine/export_paths';
import { Session } from '../../sim/engine/session';
import type { Scenario } from '../../sim/scenario/schema';
import { exportFtrace } from '../../sim/trace/ftrace_export';
import { importTrace } from '../../sim/trace/replay';
import { wholeText, type ReadLines } from './whole-text';

function session() {
  const s = new Session();
  const sc: Scenario = {
    scenario: 2,
    title: 'x86, 8 CPUs, NVMe and a NIC, CPU 3 offlined',
    machine: { arch: 'x86_64', cpus: 8 },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
      { do: 'cpu.offline', cpu: 3 },
    ],
  };
  const r = s.run({ kind: 'load', scenario: sc });
  if (!r.ok) throw new Error(r.message);
  const read: ReadLines = async (path, from, count) => s.text(path, from, count);
  return { s, sc, read };
}

describe('the whole text of a view, read in pieces', () => {
  it('joins pieces into exactly the text the worker holds, for every view and piece size', async () => {
    const { s, read } = session();
    const paths = [...s.loaded!.snapshot().textViews, EVENTS_FTRACE_PATH, EVENTS_JSON_PATH];
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) {
      const whole = s.loaded!.engine.backend.text(path) ?? (await read(path, 0, Infinity)).text;
      for (const piece of [1, 3, 7, 1000]) {
        const got = await wholeText(path, piece, read);
        if (typeof got === 'string') throw new Error(got);
        expect(got.text, `${path} in pieces of ${piece}`).toBe(whole);
      }
    }
  });

  it('says when the view does not exist', async () => {
    const { read } = session();
    expect(await wholeText('/sys/kernel/debug/irq/irqs/99999', 10, read)).toBe('/sys/kernel/debug/irq/irqs/99999 does not exist at this state');
  });

  it('starts again when the view changes length while being read', async () => {
    let calls = 0;
    const read: ReadLines = async (_p, from, count) => {
      calls++;
      // The first read sees 4 lines, the next answers a view of 5: a scrub in between.
      const total = calls === 2 ? 5 : 4;
      const lines = Array.from({ length: total }, (_, i) => `l${i}`);
      const end = Math.min(total, from + count);
      return { text: lines.slice(from, end).join('\n') + '\n', lines: total };
    };
    const got = await wholeText('x', 2, read);
    expect(got).toEqual({ text: 'l0\nl1\nl2\nl3\n', lines: 4 });
    expect(calls).toBe(4);
  });
});

describe('the event stream exports', () => {
  it('ftrace text of the events up to the position shown, which the trace replay reads back', async () => {
    const { s, sc, read } = session();
    const events = visibleEvents(s.loaded!);
    expect(events.length).toBeGreaterThan(10);
    const got = await wholeText(EVENTS_FTRACE_PATH, 50, read);
    if (typeof got === 'string') throw new Error(got);
    expect(got.text).toBe(exportFtrace(events, { scenario: sc }));
    const back = importTrace(got.text);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.replay.counts.inconsistent).toBe(0);
      expect(back.replay.counts.events).toBeGreaterThan(0);
    }
    // Scrubbed back to the booted machine: only the boot's events.
    s.run({ kind: 'seek', at: 0 });
    const boot = await wholeText(EVENTS_JSON_PATH, 50, read);
    if (typeof boot === 'string') throw new Error(boot);
    const steps = boot.text.trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((st) => st < 0)).toBe(true);
  });
});
