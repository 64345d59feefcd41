// What the arm64 machine shows: the snapshot (descriptors, irq_data chains, domains with
// their mapcounts, LPIs and ITS devices, per-CPU load) and the kernel's text views:
// /proc/interrupts (kernel/irq/proc.c + arch/arm64/kernel/smp.c arch_show_interrupts) and
// /sys/kernel/debug/irq/{domains/<name>, irqs/N}.
import { cpumaskFirst } from '../core/cpumask';
import { IRQ_HIDDEN, irqdIsPerCpu, irqdIsStarted } from '../core/irqdata';
import { arm64ArchLines, showInterrupts } from '../core/proc_interrupts';
import { descriptorSnapshot, domainRows, irqRows, procRows } from '../engine/genirq_views';
import { formatList } from '../lib/bitmap';
import type { ItsDeviceRow, Snapshot } from '../snapshot';
import type { Arm64Backend } from './backend';
import { domainDebugShow, irqDebugShow } from './debugfs';
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
  s.descriptors = descriptorSnapshot(core);
  // No vectors on arm64. A CPU's load is what reaches it: each started SPI/LPI on the CPU of
  // its effective affinity (the GIC routes it to that one CPU), and each requested per-CPU
  // interrupt (PPI: timers, PMU, vgic maintenance) on every online CPU, where the driver's
  // CPU-starting callback enabled it. Hidden descriptors (the IPIs) are the arch's own, like
  // x86's system vectors, and not counted.
  s.irqs = irqRows(core, (irq) => {
    const desc = core.irqToDesc(irq)!;
    const d = desc.irqData;
    if (irqdIsPerCpu(d)) {
      if (desc.actions.length && !(desc.status & IRQ_HIDDEN)) for (let c = 0; c < nr; c++) s.cpus.load[c] += s.cpus.online[c];
      return null;
    }
    const cpu = cpumaskFirst(d.common.effectiveAffinity, nr);
    if (cpu >= nr) return null;
    if (irqdIsStarted(d)) s.cpus.load[cpu]++;
    return { vector: -1, cpu };
  }, (irq) => b.v4?.leakedIrqs.has(irq) ?? false);
  s.domains = domainRows(core);
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
/** /proc/interrupts: one row per descriptor with an action or a count (hidden IPIs excluded). */
export function procInterrupts(b: Arm64Backend): string {
  const core = b.core;
  const rows = procRows(core, false).filter((r) => !(core.irqToDesc(r.irq)!.status & IRQ_HIDDEN));
  const st = b.gic.hostData as GicState;
  return showInterrupts({
    nrIrqs: core.space.nrIrqs,
    online: onlineList(b),
    rows,
    showLevel: true,
    arch: arm64ArchLines(b.cfg.cpus, st.ipiCounts, st.ipiNames),
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
