import { describe, expect, it } from 'vitest';
import type { DeviceRow, IrqRow } from '../../sim/snapshot';
import { devicePlacement } from './device-placement';

const row = (irq: number, index: number, managed: boolean, placedBy?: string): IrqRow => ({
  irq,
  name: `nvme0q${index}`,
  device: 'nvme0',
  index,
  levels: [],
  affinity: managed ? `${index - 1}` : '0-3',
  effective: managed ? `${index - 1}` : '2',
  vector: 34,
  cpu: 0,
  managed,
  state: [],
  count: 0,
  ...(placedBy ? { placedBy } : {}),
});

const nvme: DeviceRow = { id: 'nvme0', type: 'nvme', bdf: '0000:01:00.0', bound: true, irqs: [40, 41, 42], detail: '' };

describe('devicePlacement', () => {
  it('names the release rule of the managed queues and the allocator of the admin vector', () => {
    const rule = 'group_cpus_evenly, cluster-aware (v7.0)';
    const rows = new Map([row(40, 0, false), row(41, 1, true, rule), row(42, 2, true, rule)].map((r) => [r.irq, r]));
    const p = devicePlacement(nvme, rows, { arch: 'x86_64', xen: false, vectors: { allocator: 'matrix' } as never });
    expect(p.summary).toBe(`2 managed queues spread by ${rule}`);
    expect(p.short).toBe('queues spread by group_cpus_evenly (v7.0)');
    expect(p.titleOf(41)).toBe(`irq 41 nvme0q1 · vector 1 · affinity 0 · effective 0\nmanaged: mask spread by ${rule}`);
    expect(p.titleOf(40)).toContain('not managed: irq_matrix_alloc');
  });

  it('follows the rule each row carries (an older release) and the arch', () => {
    const old = 'irq_build_affinity_masks, nodes by CPU ratio (v5.4)';
    const rows = new Map([row(40, 0, false), row(41, 1, true, old), row(42, 2, true, old)].map((r) => [r.irq, r]));
    const p = devicePlacement(nvme, rows, { arch: 'arm64', xen: false, vectors: undefined });
    expect(p.summary).toBe(`2 managed queues spread by ${old}`);
    expect(p.short).toBe('queues spread by irq_build_affinity_masks (v5.4)');
    expect(p.titleOf(40)).toContain('its_select_cpu');
    const nic: DeviceRow = { ...nvme, id: 'eth0', irqs: [40] };
    expect(devicePlacement(nic, rows, { arch: 'x86_64', xen: false, vectors: { allocator: 'legacy' } as never }).summary).toBeNull();
  });
});
