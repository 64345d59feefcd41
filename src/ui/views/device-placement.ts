// Which kernel rule placed each interrupt of a device, in words for the machine panel: a managed
// queue's mask comes from the release's spreading (IrqRow.placedBy: group_cpus_evenly or the
// older irq_build_affinity_masks), a regular vector's CPU from the arch's allocator.
import type { DeviceRow, IrqRow, Snapshot } from '../../sim/snapshot';

/** How the arch picks the CPU of an interrupt that is not managed. */
export function allocatorRule(s: Pick<Snapshot, 'arch' | 'xen' | 'vectors'>): string {
  if (s.xen) return 'bound to an event channel on the CPU Xen delivers it to';
  if (s.arch === 'arm64') return 'its_select_cpu: the least loaded online CPU of its affinity';
  if (s.vectors?.allocator === 'legacy') return '__assign_irq_vector: the search from current_vector over its affinity';
  return 'irq_matrix_alloc: the CPU of its affinity with the most free vectors';
}

/** "group_cpus_evenly, cluster-aware (v7.0)" -> "group_cpus_evenly (v7.0)": the function and release. */
export function shortRule(rule: string): string {
  const m = /^([^,]+),.*(\([^()]+\))$/.exec(rule);
  return m ? `${m[1]} ${m[2]}` : rule;
}

export interface Placement {
  /** One line for the device: the managed queues' rule, or null when nothing is managed. */
  summary: string | null;
  /** The same, short enough for one line of the machine panel. */
  short: string | null;
  /** A tooltip per irq of the device. */
  perIrq: Map<number, string>;
}

export function devicePlacement(d: DeviceRow, rows: ReadonlyMap<number, IrqRow>, s: Pick<Snapshot, 'arch' | 'xen' | 'vectors'>): Placement {
  const perIrq = new Map<number, string>();
  const rules = new Set<string>();
  let managed = 0;
  for (const irq of d.irqs) {
    const r = rows.get(irq);
    if (!r) {
      perIrq.set(irq, `irq ${irq}`);
      continue;
    }
    const head = `irq ${irq}${r.name ? ` ${r.name}` : ''} · vector ${r.index} · affinity ${r.affinity} · effective ${r.effective || '-'}`;
    if (r.managed) {
      managed++;
      const rule = r.placedBy ?? 'the kernel';
      rules.add(rule);
      perIrq.set(irq, `${head}\nmanaged: mask spread by ${rule}`);
    } else {
      perIrq.set(irq, `${head}\nnot managed: ${allocatorRule(s)}`);
    }
  }
  const summary = managed ? `${managed} managed queue${managed === 1 ? '' : 's'} spread by ${[...rules].join(' and ')}` : null;
  const short = managed ? `queues spread by ${[...rules].map(shortRule).join(' and ')}` : null;
  return { summary, short, perIrq };
}
