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
  /** The tooltip of one irq of the device (built when asked: a big device has thousands). */
  titleOf(irq: number): string;
}

export function devicePlacement(d: DeviceRow, rows: ReadonlyMap<number, IrqRow>, s: Pick<Snapshot, 'arch' | 'xen' | 'vectors'>): Placement {
  const rules = new Set<string>();
  let managed = 0;
  for (const irq of d.irqs) {
    const r = rows.get(irq);
    if (!r?.managed) continue;
    managed++;
    rules.add(r.placedBy ?? 'the kernel');
  }
  const titleOf = (irq: number): string => {
    const r = rows.get(irq);
    if (!r) return `irq ${irq}`;
    const head = `irq ${irq}${r.name ? ` ${r.name}` : ''} · vector ${r.index} · affinity ${r.affinity} · effective ${r.effective || '-'}`;
    return r.managed ? `${head}\nmanaged: mask spread by ${r.placedBy ?? 'the kernel'}` : `${head}\nnot managed: ${allocatorRule(s)}`;
  };
  const summary = managed ? `${managed} managed queue${managed === 1 ? '' : 's'} spread by ${[...rules].join(' and ')}` : null;
  const short = managed ? `queues spread by ${[...rules].map(shortRule).join(' and ')}` : null;
  return { summary, short, titleOf };
}

/** The one-line form of a summary: "8 managed queues spread by A and B" -> "queues spread by A' and B'". */
export function shortPlacement(summary: string): string {
  const m = /spread by (.*)$/.exec(summary);
  return m ? `queues spread by ${m[1].split(' and ').map(shortRule).join(' and ')}` : summary;
}
