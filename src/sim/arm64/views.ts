// What the arm64 machine shows: the snapshot (descriptors, irq_data chains, domains with
// their mapcounts, LPIs and ITS devices, per-CPU load) and the kernel's text views:
// /proc/interrupts (kernel/irq/proc.c + arch/arm64/kernel/smp.c arch_show_interrupts) and
// /sys/kernel/debug/irq/{domains/<name>, irqs/N}.
import { cpumaskFirst, cpumaskPbl } from '../core/cpumask';
import { IRQ_HIDDEN, IRQD_IRQ_STARTED, IRQD_LEVEL, IRQD_PER_CPU, irqdAffinityIsManaged } from '../core/irqdata';
import { arm64ArchLines, showInterrupts, type ProcIrqRow } from '../core/proc_interrupts';
import { formatList } from '../lib/bitmap';
import type { IrqLevel, IrqRow, ItsDeviceRow, Snapshot } from '../snapshot';
import type { Arm64Backend } from './backend';
import { domainDebugShow, irqDebugShow, irqdStateNames } from './debugfs';
import type { GicState } from './gic';
import { LPI_BASE } from './lpi';

const PROC_INTERRUPTS = '/proc/interrupts';
const CPU_ONLINE = '/sys/devices/system/cpu/online';
const DOMAINS = '/sys/kernel/debug/irq/domains/';
const IRQS = '/sys/kernel/debug/irq/irqs/';

function onlineList(b: Arm64Backend): number[] {
  const out: number[] = [];
  for (let c = 0; c < b.cfg.cpus; c++) if (b.core.cpuOnline(c)) out.push(c);
  return out;
}

export function arm64FillSnapshot(b: Arm64Backend, s: Snapshot): void {
  const core = b.core;
  const nr = b.cfg.cpus;
  for (let c = 0; c < nr; c++) s.cpus.online[c] = core.cpuOnline(c) ? 1 : 0;
  const space = core.space;
  const ranges = space.ranges();
  const flat = new Int32Array(ranges.length * 2);
  ranges.forEach(([a, e], i) => {
    flat[2 * i] = a;
    flat[2 * i + 1] = e;
  });
  s.descriptors = { policy: space.policy, limit: space.limit, nrIrqs: space.nrIrqs, allocated: space.allocatedCount, ranges: flat };
  const rows: IrqRow[] = [];
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq)!;
    const d = desc.irqData;
    const levels: IrqLevel[] = [];
    for (let x: typeof d | null = d; x; x = x.parentData) {
      levels.push({ domain: x.domain ? x.domain.name : '', hwirq: x.hwirq, chip: x.chip ? x.chip.name : '' });
    }
    const perCpu = (d.common.state & IRQD_PER_CPU) !== 0;
    const first = cpumaskFirst(d.common.effectiveAffinity, nr);
    const cpu = !perCpu && first < nr ? first : -1;
    if (cpu >= 0 && (d.common.state & IRQD_IRQ_STARTED) !== 0) s.cpus.load[cpu]++;
    let count = 0;
    for (let c = 0; c < nr; c++) count += desc.kstat[c];
    rows.push({
      irq,
      name: desc.actions.map((a) => a.name).join(', '),
      device: null,
      index: 0,
      levels,
      affinity: cpumaskPbl(d.common.affinity, nr),
      effective: cpumaskPbl(d.common.effectiveAffinity, nr),
      vector: -1,
      cpu,
      managed: irqdAffinityIsManaged(d),
      state: irqdStateNames(d.common.state),
      count,
    });
  }
  s.irqs = rows;
  s.domains = core.domains.map((d) => ({ name: d.name, parent: d.parent ? d.parent.name : null, mapcount: d.mapcount, size: d.revmapSize }));
  const free: number[] = [];
  for (let i = 0; i < b.lpis.length; i++) free.push(b.lpis.baseAt(i), b.lpis.spanAt(i));
  const devices: ItsDeviceRow[] = [];
  for (const its of b.itses) {
    for (const dev of its.devices.values()) {
      devices.push({
        id: `0x${dev.device_id.toString(16)}`,
        deviceId: dev.device_id,
        lpiBase: dev.lpi_base,
        nrLpis: dev.nr_lpis,
        eventMap: dev.event_map.format(),
        shared: dev.shared,
      });
    }
  }
  s.lpis = { first: LPI_BASE, end: b.lpis.end, freeRanges: Int32Array.from(free), devices };
}

/** /proc/interrupts: one row per descriptor with an action or a count (hidden IPIs excluded). */
export function procInterrupts(b: Arm64Backend): string {
  const core = b.core;
  const rows: ProcIrqRow[] = [];
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq)!;
    if (desc.status & IRQ_HIDDEN) continue;
    const d = desc.irqData;
    rows.push({
      irq,
      counts: desc.kstat,
      chip: d.chip ? d.chip.name : null,
      hwirq: d.domain ? d.hwirq : null,
      level: (d.common.state & IRQD_LEVEL) !== 0,
      handlerName: null,
      actions: desc.actions.map((a) => a.name),
    });
  }
  const st = b.gic.hostData as GicState;
  return showInterrupts({
    nrIrqs: core.space.nrIrqs,
    online: onlineList(b),
    rows,
    showLevel: true,
    arch: arm64ArchLines(b.cfg.cpus, st.ipiCounts),
  });
}

/**
 * The views listed for the UI: /proc/interrupts, the CPU list, every domain that is not a
 * per-vPE vSGI domain, and irqs/N of requested interrupts. text() answers any of them and also
 * the vSGI domains and every irqs/N (listing 139K files per snapshot would cost more than it shows).
 */
export function arm64TextViews(b: Arm64Backend): string[] {
  const out = [PROC_INTERRUPTS, CPU_ONLINE];
  for (const d of b.core.domains) if (!d.name.startsWith('GICv4-sgi-')) out.push(DOMAINS + d.name);
  for (const irq of b.core.activeIrqs()) {
    const desc = b.core.irqToDesc(irq)!;
    if (desc.actions.length && !(desc.status & IRQ_HIDDEN)) out.push(IRQS + irq);
  }
  return out;
}

export function arm64Text(b: Arm64Backend, path: string): string | null {
  if (path === PROC_INTERRUPTS) return procInterrupts(b);
  if (path === CPU_ONLINE) return `${formatList(onlineList(b))}\n`;
  if (path.startsWith(DOMAINS)) {
    const name = path.slice(DOMAINS.length);
    const d = b.core.domains.find((x) => x.name === name);
    return d ? domainDebugShow(d) : null;
  }
  if (path.startsWith(IRQS)) {
    const irq = Number(path.slice(IRQS.length));
    const desc = Number.isInteger(irq) ? b.core.irqToDesc(irq) : undefined;
    return desc ? irqDebugShow(desc, b.cfg.cpus) : null;
  }
  return null;
}
