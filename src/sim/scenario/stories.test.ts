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
  return { t, failed, snapshot: t.snapshot(), summary: t.summary() };
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
    const { failed, snapshot, summary } = replay('xen-evtchn-nr-irqs', 1);
    expect(failed).toEqual([]);
    expect(snapshot.descriptors.nrIrqs).toBeGreaterThan(256);
    expect(summary.evtchns!.bound).toBeGreaterThan(200);
  });
});

describe('story B: x86 vectors, CPU offline, managed vs regular, matrix vs legacy', () => {
  it('matrix (v4.15+): CPUs 3 and 2 go offline, CPU 1 is refused with the kernel message, CPU 3 returns', () => {
    const { t, failed, snapshot, summary } = replay('x86-vectors-offline', 0);
    expect(failed).toHaveLength(1);
    const f = t.outcomes[failed[0].index];
    expect(t.steps[f.index]).toEqual({ do: 'cpu.offline', cpu: 1 });
    expect(f.error).toBe('-ENOSPC');
    expect(f.message).toMatch(/^CPU 1 has \d+ vectors, \d+ available\. Cannot disable CPU$/);
    expect(summary.cpus.online).toEqual([0, 1, 3]);
    // CPU 3's managed NVMe queue (spread in the kernel's order, not by queue number) started
    // again when CPU 3 returned; CPU 2's stays shut down.
    const queues = snapshot.irqs.filter((r) => r.managed && r.name.startsWith('nvme0q'));
    expect(queues.map((q) => q.affinity).sort()).toEqual(['0', '1', '2', '3']);
    expect(queues.find((q) => q.affinity === '3')!.cpu).toBe(3);
    expect(queues.find((q) => q.affinity === '2')!.state).toContain('IRQD_MANAGED_SHUTDOWN');
  });

  it('legacy (v4.14): the same offline is refused by check_irq_vectors_for_cpu_disable with -ERANGE', () => {
    const { t, failed } = replay('x86-vectors-offline', 1);
    expect(failed.map((f) => t.steps[f.index])).toEqual([{ do: 'cpu.offline', cpu: 1 }]);
    expect(t.outcomes[failed[0].index].error).toBe('-ERANGE');
    expect(t.outcomes[failed[0].index].message).toMatch(/^CPU 1 disable failed: CPU has \d+ vectors assigned and there are only \d+ available\.$/);
  });
});
