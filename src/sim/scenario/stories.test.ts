// Each preset's story, replayed under each kernel policy: which step fails, with which error,
// and that the other policy succeeds — so the stories cannot silently break.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { presetById, presetScenario } from './presets';

function replay(id: string, variant: number) {
  const p = presetById(id)!;
  const t = new Timeline(presetScenario(p, variant), createBackend);
  const failed = t.outcomes.filter((o) => !o.ok).map((o) => ({ index: o.index, do: o.do, error: o.error }));
  return { t, failed, snapshot: t.snapshot() };
}

describe('story E: Xen event channels crowding the IRQ space', () => {
  it('2011: dynamic IRQs eat into the GSI space, and GSI 18 then clashes with -EEXIST', () => {
    const { t, failed } = replay('xen-evtchn-nr-irqs', 0);
    const last = t.length - 1;
    expect(failed).toEqual([{ index: last, do: 'device.add', error: '-EEXIST' }]);
    const eating = t.recorder.events.filter((e) => e.type === 'log' && e.message.startsWith('Out of dynamic IRQ space and eating into GSI space'));
    expect(eating.length).toBeGreaterThan(0);
    const clash = t.recorder.events.find((e) => e.type === 'failure' && e.site === 'xen_allocate_irq_gsi');
    expect(clash && 'message' in clash && clash.message).toMatch(/GSI 18 .* needs IRQ 18, but IRQ 18 is taken by .*ate into the GSI space/);
  });

  it('current: the same guests and device all succeed; nr_irqs grew past 256', () => {
    const { failed, snapshot } = replay('xen-evtchn-nr-irqs', 1);
    expect(failed).toEqual([]);
    expect(snapshot.descriptors.nrIrqs).toBeGreaterThan(256);
    expect(snapshot.summary.evtchns!.bound).toBeGreaterThan(200);
  });
});
