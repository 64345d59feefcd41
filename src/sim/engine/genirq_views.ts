// What any genirq-based machine shows the outside world: rows of interrupts with their
// irq_data chains, IRQ domains with mapcounts, the descriptor number space, and the lines of
// /proc/interrupts — read from the Genirq core, shared by the x86 and arm64 backends.
import { cpumaskPbl } from '../core/cpumask';
import { IRQDATA_STATES } from '../core/debugfs';
import type { IrqDesc } from '../core/desc';
import type { Genirq } from '../core/genirq';
import { IRQD_AFFINITY_MANAGED, IRQD_LEVEL, irqdHas, type IrqData } from '../core/irqdata';
import type { ProcIrqRow } from '../core/proc_interrupts';
import type { DescriptorSnapshot, DomainRow, IrqLevel, IrqRow } from '../snapshot';

/** The irq_data chain of a descriptor, top domain first. */
export function irqLevels(desc: IrqDesc): IrqLevel[] {
  const out: IrqLevel[] = [];
  for (let d: IrqData | null = desc.irqData; d; d = d.parentData) {
    out.push({ domain: d.domain?.name ?? '', hwirq: d.hwirq, chip: d.chip?.name ?? '' });
  }
  return out;
}

export function irqStateNames(d: IrqData): string[] {
  return IRQDATA_STATES.filter(([bit]) => irqdHas(d, bit)).map(([, name]) => name);
}

/**
 * Past this many descriptors a snapshot lists only the interrupts that have a handler or a
 * vector: a host with 256 guests holds 139K descriptors, mostly vSGIs nobody requested, which
 * the descriptor ranges and the VM rows already show; copying a row (and an irqs/N path) for
 * each to the UI on every step would only cost time.
 */
export const ALL_ROWS_UP_TO = 4096;

/** The descriptors a snapshot describes one by one (every one, on a machine of normal size). */
export function listedIrqs(core: Genirq, hasVector: (irq: number) => boolean = () => false): number[] {
  const all = core.activeIrqs();
  if (all.length <= ALL_ROWS_UP_TO) return all;
  return all.filter((irq) => core.irqToDesc(irq)!.actions.length > 0 || hasVector(irq));
}

/** The snapshot row of one descriptor; `v` is its (vector, cpu) where the arch has them. */
export function irqRow(core: Genirq, desc: IrqDesc, v: { vector: number; cpu: number } | null): IrqRow {
  const d = desc.irqData;
  return {
    irq: desc.irq,
    name: desc.actions.map((a) => a.name).join(', '),
    device: null,
    index: 0,
    levels: irqLevels(desc),
    affinity: cpumaskPbl(d.common.affinity, core.nrCpus),
    effective: cpumaskPbl(d.common.effectiveAffinity, core.nrCpus),
    vector: v ? v.vector : -1,
    cpu: v ? v.cpu : -1,
    managed: irqdHas(d, IRQD_AFFINITY_MANAGED),
    state: irqStateNames(d),
    count: desc.total,
  };
}

/**
 * Snapshot rows of the listed descriptors; `vectorOf` gives (vector, cpu) where the arch has them,
 * `alsoList` names descriptors a large machine lists even without an action or vector.
 */
export function irqRows(
  core: Genirq,
  vectorOf: (irq: number) => { vector: number; cpu: number } | null,
  alsoList: (irq: number) => boolean = () => false,
): IrqRow[] {
  return listedIrqs(core, (i) => (vectorOf(i)?.vector ?? 0) > 0 || alsoList(i)).map((irq) => irqRow(core, core.irqToDesc(irq)!, vectorOf(irq)));
}

export function domainRows(core: Genirq): DomainRow[] {
  return core.domains.map((d) => ({ name: d.name, parent: d.parent?.name ?? null, mapcount: d.mapcount, size: d.revmapSize }));
}

export function descriptorSnapshot(core: Genirq): DescriptorSnapshot {
  const sp = core.space;
  return {
    policy: sp.policy,
    limit: sp.limit,
    nrIrqs: sp.nrIrqs,
    allocated: sp.allocatedCount,
    ranges: Int32Array.from(sp.ranges().flat()),
  };
}

/** "handle_fasteoi_irq" -> "fasteoi": what x86 prints as desc->name in /proc/interrupts. */
function flowName(handler: string): string | null {
  const m = /^handle_(\w+)_irq$/.exec(handler);
  return m ? m[1] : null;
}

/** Rows of /proc/interrupts from the descriptors. */
export function procRows(core: Genirq, withFlowName: boolean): ProcIrqRow[] {
  const none = new Uint32Array(core.nrCpus); // shared by every descriptor that never fired
  return core.activeIrqs().map((irq) => {
    const desc = core.irqToDesc(irq)!;
    const d = desc.irqData;
    return {
      irq,
      counts: desc.kstat ?? none,
      chip: d.chip ? d.chip.name : null,
      hwirq: d.domain ? d.hwirq : null,
      level: irqdHas(d, IRQD_LEVEL),
      handlerName: withFlowName ? (desc.name ?? flowName(desc.handler)) : null,
      actions: desc.actions.map((a) => a.name),
    };
  });
}

/** Paths of the genirq debugfs files: one per domain and one per descriptor. */
export function debugfsPaths(core: Genirq): string[] {
  return [
    ...core.domains.map((d) => `/sys/kernel/debug/irq/domains/${d.name}`),
    ...listedIrqs(core).map((irq) => `/sys/kernel/debug/irq/irqs/${irq}`),
  ];
}
