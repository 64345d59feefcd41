// Each preset's story, replayed on each of its releases: which step fails, with which error,
// and that the other release succeeds — so the stories cannot silently break.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { PRESETS, presetById, presetScenario } from './presets';

function replay(id: string, variant: number) {
  const p = presetById(id)!;
  expect(p.variants[variant]).toBeDefined();
  const t = new Timeline(presetScenario(p, variant), createBackend);
  const failed = t.outcomes.filter((o) => !o.ok).map((o) => ({ index: o.index, do: o.do, error: o.error }));
  return { t, failed, snapshot: t.snapshot(), summary: t.summary() };
}

describe('story A: GICv4.1 guests against the descriptor cap, 6.4 vs 6.5', () => {
  it('6.4 (bitmap): guests 16-18 fail with "VPE IRQ allocation failure"; guest 16 leaves 64 descriptors behind', () => {
    const { failed, snapshot, summary } = replay('gicv41-descriptor-cap', 0);
    expect(failed).toEqual([17, 18, 19].map((index) => ({ index, do: 'vm.launch', error: 'VPE IRQ allocation failure' })));
    expect(summary.kernel).toEqual({ version: '6.4', counterfactual: false, overrides: [] });
    expect(snapshot.descriptors.policy).toBe('bitmap');
    // 15 guests take 8191; guest 16 fails at vPE 2's vSGIs and its 32 doorbells + 32 vSGIs stay.
    expect(snapshot.descriptors.allocated).toBe(8191 + 64);
    expect(summary.warnings.map((w) => w.step)).toEqual([17]);
    expect(summary.warnings[0].message).toMatch(/^vgic-v4: guest vm16 launch failed: 64 descriptors left allocated/);
    // kvm_err's line is in the summary's kernel log, once per failed guest.
    expect(summary.log.filter((l) => l.message.startsWith('VPE IRQ allocation failure')).map((l) => l.step)).toEqual([17, 18, 19]);
  });

  it('6.5 (maple tree): all 18 guests launch, 9823 descriptors', () => {
    const { failed, snapshot } = replay('gicv41-descriptor-cap', 1);
    expect(failed).toEqual([]);
    expect(snapshot.descriptors.policy).toBe('maple');
    expect(snapshot.descriptors.allocated).toBe(9823);
  });

  it('both run the v6.x ITS (one ITS-PCI-MSI domain, per-irq free) and v6.3 queue spreading, not v6.16+ or v7.0', () => {
    for (const v of [0, 1]) {
      const { snapshot } = replay('gicv41-descriptor-cap', v);
      expect(snapshot.domains.some((d) => d.name.startsWith('ITS-PCI-MSIX-'))).toBe(false);
      const q = snapshot.irqs.filter((r) => r.managed);
      expect(q).toHaveLength(8);
      expect(new Set(q.map((r) => r.placedBy))).toEqual(new Set(['group_cpus_evenly, nodes by CPU ratio (v6.3)']));
    }
  });
});

describe('story C: shared INTx lines, mainline vs the unmerged refcount proposal', () => {
  it('7.0: removing one device tears the shared mapping down; both later fires are unexpected', () => {
    const { failed, summary } = replay('intx-mapping-refcount', 0);
    expect(failed.map((f) => f.index)).toEqual([4, 5]);
    expect(failed[0].error).toMatch(/^Unexpected interrupt/);
    expect(summary.kernel.counterfactual).toBe(false);
  });

  it('the proposal: the mapping survives until the last user, and the kernel is marked counterfactual', () => {
    const { failed, summary } = replay('intx-mapping-refcount', 1);
    expect(failed).toEqual([]);
    expect(summary.kernel).toMatchObject({ version: '7.0', counterfactual: true, overrides: [{ knob: 'mappingRefcount', value: true, release: false }] });
    expect(summary.kernel.why).toMatch(/Kardashevskiy.*never merged/);
  });
});

describe('story D: ITS Multi-MSI reinsertion on 5.10, 6.4, 6.16 and the region proposal', () => {
  const errors = (v: number) => replay('its-multimsi-reinsertion', v).summary.steps.map((x) => x.error ?? 'ok');
  it('5.10 (bulk free): rebind works', () => expect(errors(0)).toEqual(['ok', 'ok', 'ok']));
  it('6.4 (per-irq free): rebind refused with -ENOSPC, no warning', () => {
    expect(errors(1)).toEqual(['ok', 'ok', '-ENOSPC']);
    expect(replay('its-multimsi-reinsertion', 1).summary.warnings).toEqual([]);
  });
  it('6.16 (per-device domains): refused too, plus the teardown WARN at unbind', () => {
    expect(errors(2)).toEqual(['ok', 'ok', '-ENOSPC']);
    expect(replay('its-multimsi-reinsertion', 2).summary.warnings.map((w) => w.step)).toEqual([1]);
  });
  it('the region proposal: rebind works, marked counterfactual (never merged)', () => {
    expect(errors(3)).toEqual(['ok', 'ok', 'ok']);
    const k = replay('its-multimsi-reinsertion', 3).summary.kernel;
    expect(k.counterfactual).toBe(true);
    expect(k.why).toContain('never merged');
  });
});

describe('story E: Xen event channels crowding the IRQ space', () => {
  it('2.6.39: dynamic IRQs eat into the GSI space, and GSI 18 then clashes with -EEXIST', () => {
    const { t, failed } = replay('xen-evtchn-nr-irqs', 0);
    const last = t.length - 1;
    expect(failed).toEqual([{ index: last, do: 'device.add', error: '-EEXIST' }]);
    const eating = t.recorder.events.filter((e) => e.type === 'log' && e.message.startsWith('Out of dynamic IRQ space and eating into GSI space'));
    expect(eating.length).toBeGreaterThan(0);
    const clash = t.recorder.events.find((e) => e.type === 'failure' && e.site === 'xen_allocate_irq_gsi');
    expect(clash && 'message' in clash && clash.message).toMatch(/GSI 18 .* needs IRQ 18, but IRQ 18 is taken by .*ate into the GSI space/);
  });

  it('2.6.39: the KERN_ERR line is in the summary\'s kernel log', () => {
    const { summary } = replay('xen-evtchn-nr-irqs', 0);
    const eating = summary.log.filter((l) => l.message.startsWith('Out of dynamic IRQ space and eating into GSI space'));
    expect(eating.length).toBeGreaterThan(0);
    expect(eating.every((l) => l.level === 'err' && l.site === 'xen_allocate_irq_dynamic')).toBe(true);
    expect(summary.kernel).toEqual({ version: '2.6.39', counterfactual: false, overrides: [] });
  });

  it('7.0: the same guests and device all succeed; nr_irqs grew past 256', () => {
    const { failed, snapshot, summary } = replay('xen-evtchn-nr-irqs', 1);
    expect(failed).toEqual([]);
    expect(snapshot.descriptors.nrIrqs).toBeGreaterThan(256);
    expect(summary.evtchns!.bound).toBeGreaterThan(200);
  });
});

describe('story B: x86 vectors, CPU offline, managed vs regular, 4.14 vs 4.15', () => {
  it('4.15 (matrix): CPUs 3 and 2 go offline, CPU 1 is refused with the kernel message, CPU 3 returns', () => {
    const { t, failed, snapshot, summary } = replay('x86-vectors-offline', 1);
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

  it('4.14 (legacy): the same offline is refused by check_irq_vectors_for_cpu_disable with -ERANGE', () => {
    const { t, failed } = replay('x86-vectors-offline', 0);
    expect(failed.map((f) => t.steps[f.index])).toEqual([{ do: 'cpu.offline', cpu: 1 }]);
    expect(t.outcomes[failed[0].index].error).toBe('-ERANGE');
    expect(t.outcomes[failed[0].index].message).toMatch(/^CPU 1 disable failed: CPU has \d+ vectors assigned and there are only \d+ available\.$/);
  });
});

describe('every story variant is a release', () => {
  it('names its release; only the unmerged proposals are counterfactual', () => {
    for (const p of PRESETS) {
      p.variants.forEach((v, i) => {
        expect(v.label).toContain(v.proposal ? 'not merged' : `v${v.release}`);
        const k = replay(p.id, i).summary.kernel;
        expect(k.version).toBe(v.release);
        expect(k.counterfactual).toBe(v.proposal === true);
      });
    }
  });
});
