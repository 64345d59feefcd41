// The summary of `sim run`: the kernel the machine runs (release, overrides, counterfactual)
// and the kernel's own err/warn log lines; and the rule that placed each managed interrupt.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { createBackend } from './backends';
import { Timeline } from './timeline';

function run(doc: unknown) {
  const p = parseScenario(doc);
  if (!p.ok) throw new Error(p.message);
  const t = new Timeline(p.scenario as Scenario, createBackend);
  return { ...t.snapshot(), summary: t.summary(), steps: t.outcomes };
}

describe('summary.kernel', () => {
  it('names the release, and no overrides for a plain release', () => {
    expect(run({ scenario: 2, machine: { kernel: { version: 'v6.5' } }, steps: [] }).summary.kernel).toEqual({ version: '6.5', counterfactual: false, overrides: [] });
    expect(run({ scenario: 2, machine: {}, steps: [] }).summary.kernel.version).toBe('7.0');
  });

  it('lists the overrides and says why a combination no release had is counterfactual', () => {
    const k = run({ scenario: 2, machine: { kernel: { version: '7.0', vectors: 'legacy' } }, steps: [] }).summary.kernel;
    expect(k).toEqual({
      version: '7.0',
      counterfactual: true,
      overrides: [{ knob: 'vectors', value: 'legacy', release: 'matrix' }],
      why: 'vectors: "legacy" with descriptors: "maple": no release had both (legacy until v4.14, maple from v6.5)',
    });
  });

  it('a version-1 document runs on 7.0 with its knobs as overrides', () => {
    const k = run({ scenario: 1, machine: { arch: 'arm64', kernel: { itsFree: 'per-irq' } }, steps: [] }).summary.kernel;
    expect(k).toMatchObject({ version: '7.0', counterfactual: true, overrides: [{ knob: 'itsFree', value: 'per-irq', release: 'per-device' }] });
  });
});

describe('summary.log', () => {
  it('carries the err and warn lines with their step, boot included, and not the info ones', () => {
    // The 2.6.39 Xen dom0 of story E with few IRQs left: dynamic IRQs eat into the GSI space.
    const guests = Array.from({ length: 58 }, (_, i) => ({ do: 'vm.launch', id: `g${i}`, type: 'xen', vcpus: 2 }));
    const s = run({ scenario: 2, machine: { cpus: 1, xen: { role: 'dom0', evtchnAbi: '2l' }, kernel: { version: '2.6.39' } }, steps: guests });
    expect(s.summary.log.length).toBeGreaterThan(0);
    for (const l of s.summary.log) {
      expect(['err', 'warn']).toContain(l.level);
      expect(l.step).toBeGreaterThanOrEqual(-1);
      expect(l.step).toBeLessThan(58);
      expect(typeof l.site).toBe('string');
    }
    expect(s.summary.log[0]).toMatchObject({ level: 'err', site: 'xen_allocate_irq_dynamic' });
    expect(s.summary.log[0].message).toMatch(/^Out of dynamic IRQ space and eating into GSI space/);
  });

  it('a warn-level line is both a warning and a log line', () => {
    const s = run({ scenario: 2, machine: { cpus: 2, remapping: false }, steps: [{ do: 'device.add', id: 'm', type: 'msi', vectors: 4 }] });
    const warn = s.summary.log.filter((l) => l.level === 'warn');
    expect(warn.length).toBeGreaterThan(0);
    for (const w of warn) expect(s.summary.warnings).toContainEqual({ step: w.step, message: w.message });
  });
});

describe('IrqRow.placedBy', () => {
  it('names the spreading rule of the release on every managed interrupt, and only there', () => {
    const doc = (version: string) => ({ scenario: 2, machine: { cpus: 8, nodes: 2, kernel: { version } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 }] });
    for (const [version, label] of [
      ['7.0', 'group_cpus_evenly, cluster-aware (v7.0)'],
      ['6.9', 'group_cpus_evenly, heapsort of v6.9 (v6.9)'],
      ['6.4', 'group_cpus_evenly, nodes by CPU ratio (v6.3)'],
      ['5.10', 'irq_build_affinity_masks, nodes by CPU ratio (v5.4)'],
      ['4.15', 'irq_build_affinity_masks, equal share per node (v4.17)'],
    ]) {
      const rows = run(doc(version)).irqs.filter((r) => r.device === 'nvme0');
      expect(rows.filter((r) => r.managed).map((r) => r.placedBy)).toEqual(Array(8).fill(label));
      expect(rows.filter((r) => !r.managed).map((r) => r.placedBy)).toEqual([undefined]);
    }
  });

  it('4.15 puts two equal nodes in node order, 7.0 node 1 first', () => {
    const doc = (version: string) => ({ scenario: 2, machine: { cpus: 8, nodes: 2, kernel: { version } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 2 }] });
    const masks = (v: string) => run(doc(v)).irqs.filter((r) => r.managed).sort((a, b) => a.index - b.index).map((r) => r.affinity);
    expect(masks('4.15')).toEqual(['0-3', '4-7']);
    expect(masks('7.0')).toEqual(['0-3', '4-7']);
    // With 2 queues and 2 nodes each node is one group ("numgrps <= nodes"): node order in both.
    const three = (v: string) =>
      run({ scenario: 2, machine: { cpus: 8, nodes: 2, kernel: { version: v } }, steps: [{ do: 'device.add', id: 'n', type: 'nvme', queues: 4 }] })
        .irqs.filter((r) => r.managed)
        .sort((a, b) => a.index - b.index)
        .map((r) => r.affinity);
    expect(three('4.15')).toEqual(['0-1', '2-3', '4-5', '6-7']);
    expect(three('6.4')).toEqual(['4-5', '6-7', '0-1', '2-3']);
  });

  it('before v6.17 an NVMe with more queues than CPUs is refused (-EINVAL, empty mask); 7.0 probes it', () => {
    const doc = (version: string) => ({ scenario: 2, machine: { cpus: 4, kernel: { version } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 6 }] });
    const old = run(doc('6.4'));
    expect(old.summary.steps).toEqual([{ do: 'device.add', ok: false, error: '-EINVAL' }]);
    expect(old.steps[0].reason).toBe('alloc_descs: vector 5 has an empty affinity mask (group_cpus_evenly, nodes by CPU ratio (v6.3) found CPUs for fewer groups than the 6 queues)');
    expect(run(doc('7.0')).summary.steps).toEqual([{ do: 'device.add', ok: true }]);
  });
});
