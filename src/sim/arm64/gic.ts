// The GICv3 root domain of drivers/irqchip/irq-gic-v3.c: INTIDs by range (SGI 0-15, PPI 16-31,
// SPI 32-1019, LPI 8192+), gic_irq_domain_alloc / gic_irq_domain_map, gic_set_affinity, the
// 8 SGIs gic_smp_init allocates for the IPIs (set_smp_ipi_range, arch/arm64/kernel/smp.c) and
// irq_create_fwspec_mapping (kernel/irq/irqdomain.c) for PPIs and wired SPIs.
import { ARM64_IPIS, type Arm64Ipis } from '../scenario/releases';
import { EINVAL } from '../lib/errno';
import { cpumaskAnd, cpumaskClear, cpumaskFirst } from '../core/cpumask';
import type { Genirq } from '../core/genirq';
import {
  IRQ_LEVEL,
  IRQ_NOAUTOEN,
  IRQ_NOPROBE,
  IRQ_NOTHREAD,
  IRQ_PER_CPU,
  IRQ_PER_CPU_DEVID,
  IRQ_HIDDEN,
  IRQ_SET_MASK_OK_DONE,
  IRQCHIP_MASK_ON_SUSPEND,
  IRQCHIP_SET_TYPE_MASKED,
  IRQCHIP_SKIP_SET_WAKE,
  IRQD_LEVEL,
  IRQD_PER_CPU,
  IRQD_SINGLE_TARGET,
  type IrqChip,
  type IrqData,
  irqdSet,
} from '../core/irqdata';
import {
  type IrqDomain,
  type IrqDomainOps,
  IRQ_DOMAIN_NAME_ALLOCATED,
  irqDomainAllocIrqs,
  irqDomainCreate,
  irqDomainSetHwirqAndChip,
  irqFindMapping,
} from '../core/irqdomain';

/** INTID ranges of the GICv3 architecture. */
export const GIC_SGI_END = 16;
export const GIC_PPI_END = 32;
export const GIC_SPI_END = 1020;

/** IRQ_TYPE_* of include/linux/irq.h (the low bits of the irq_data state). */
export const IRQ_TYPE_EDGE_RISING = 1;
export const IRQ_TYPE_LEVEL_HIGH = 4;

/** What gic_irq_domain_translate hands to alloc: one INTID (hwirq) and its trigger type. */
export interface GicFwspec {
  hwirq: number;
  type: number;
}

/** gic_set_affinity: SGIs/PPIs live in the redistributor (-EINVAL); else the first online CPU of the mask. */
function gicSetAffinity(d: IrqData, mask: Uint32Array, force: boolean): number {
  if (d.hwirq < GIC_PPI_END) return -EINVAL;
  const core = (d.domain as IrqDomain).core;
  let cpu: number;
  if (force) cpu = cpumaskFirst(mask, core.nrCpus);
  else {
    const tmp = core.tmpMask;
    cpumaskAnd(tmp, mask, core.online);
    cpu = cpumaskFirst(tmp, core.nrCpus);
  }
  if (cpu >= core.nrCpus) return -EINVAL;
  cpumaskClear(d.common.effectiveAffinity);
  d.common.effectiveAffinity[cpu >>> 5] |= 1 << (cpu & 31);
  return IRQ_SET_MASK_OK_DONE;
}

/** gic_chip (the EOImode1 variant differs only in callbacks we do not model). */
export const GIC_CHIP: IrqChip = Object.freeze({
  name: 'GICv3',
  flags: IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND,
  irqSetAffinity: gicSetAffinity,
});

/** One GIC root domain's per-interrupt bookkeeping: the IPI descriptor range and counts. */
export class GicState {
  /** First Linux irq of the 8 SGIs used as IPIs (set_smp_ipi_range), or -1. */
  ipiBase = -1;
  nrIpi = 0;
  /** IPIs received per (ipi, cpu): ipiCounts[ipi][cpu] (arch_show_interrupts). */
  ipiCounts: Uint32Array[] = [];
  /** ipi_types[] of the rows arch_show_interrupts prints (the release's). */
  ipiNames: readonly string[] = [];
  /** WARN_ONCE sites already hit. */
  warnedOnce = new Set<string>();
}

/**
 * gic_irq_domain_alloc for one INTID per interrupt: SGIs and PPIs are per-CPU
 * (handle_percpu_devid_irq, irq_set_percpu_devid), SPIs and LPIs use handle_fasteoi_irq and
 * are single-target. LPIs come from the ITS (its_irq_gic_domain_alloc) or the vPE domain.
 */
function gicAlloc(domain: IrqDomain, virq: number, nrIrqs: number, arg: unknown): number {
  const spec = arg as GicFwspec;
  for (let i = 0; i < nrIrqs; i++) {
    const hwirq = spec.hwirq + i;
    if (hwirq >= GIC_SPI_END && hwirq < 8192) return -EINVAL;
    irqDomainSetHwirqAndChip(domain, virq + i, hwirq, GIC_CHIP, domain.hostData);
    const desc = domain.core.irqToDesc(virq + i)!;
    if (hwirq < GIC_PPI_END) {
      // irq_set_percpu_devid: IRQ_NOAUTOEN | IRQ_PER_CPU | IRQ_NOTHREAD | IRQ_NOPROBE | IRQ_PER_CPU_DEVID.
      desc.status |= IRQ_NOAUTOEN | IRQ_PER_CPU | IRQ_NOTHREAD | IRQ_NOPROBE | IRQ_PER_CPU_DEVID;
      irqdSet(desc.irqData, IRQD_PER_CPU);
      desc.handler = 'handle_percpu_devid_irq';
    } else {
      desc.handler = 'handle_fasteoi_irq';
      irqdSet(desc.irqData, IRQD_SINGLE_TARGET);
    }
  }
  return 0;
}

export const GIC_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: gicAlloc, free: () => {} });

/** The DT name of the GIC distributor node as debugfs shows it ("/intc@8000000" with '/' -> ':'). */
export const GIC_NODE = ':intc@8000000';

/** gic_init_bases: the root domain (a tree, bus token DOMAIN_BUS_WIRED = 1, hence "-1"). */
export function gicCreateRootDomain(core: Genirq): IrqDomain {
  return irqDomainCreate(core, {
    name: `${GIC_NODE}-1`,
    ops: GIC_DOMAIN_OPS,
    flags: IRQ_DOMAIN_NAME_ALLOCATED,
    hostData: new GicState(),
    busToken: 1,
  });
}

/**
 * irq_create_fwspec_mapping on the (hierarchical) GIC domain: an existing mapping is returned
 * (the 2020 refcount proposal takes a reference there), else one interrupt is allocated from
 * descriptor 1 upward and its trigger type set. Returns the virq or 0, as the kernel does.
 */
export function irqCreateFwspecMapping(gic: IrqDomain, spec: GicFwspec): number {
  const core = gic.core;
  const existing = irqFindMapping(gic, spec.hwirq);
  if (existing) {
    if (core.policy.mappingRefcount) gic.mappingRefs.set(existing, (gic.mappingRefs.get(existing) ?? 1) + 1);
    return existing;
  }
  const virq = irqDomainAllocIrqs(gic, -1, 1, -1, spec);
  if (virq <= 0) return 0;
  const d = core.irqToDesc(virq)!.irqData;
  irqdSet(d, spec.type);
  if (spec.type & 0xc) {
    irqdSet(d, IRQD_LEVEL);
    core.irqToDesc(virq)!.status |= IRQ_LEVEL;
  }
  if (core.policy.mappingRefcount) gic.mappingRefs.set(virq, 1);
  return virq;
}

/** Per-CPU interrupts the host requests at boot (request_percpu_irq), by INTID. */
export interface BootPercpuIrq {
  intid: number;
  /** Action name, or null when the PPI is only mapped. */
  name: string | null;
  type: number;
}

/**
 * What an arm64 host with GICv3 has requested by the time user space runs, on a DT machine
 * like QEMU's `virt` with the kernel at EL2 (VHE, a KVM host):
 * - gic_of_setup_kvm_info maps the vGIC maintenance PPI (INTID 25), which KVM requests as "vgic";
 * - arch_timer_of_init maps every timer PPI the DT lists (secure phys 29, phys 30, virt 27,
 *   hyp 26); a VHE kernel runs its clock event on the hyp timer ("arch_timer"), and KVM
 *   requests the guest timers ("kvm guest ptimer" 30, "kvm guest vtimer" 27);
 * - the PMU PPI 23 ("arm-pmu").
 * The 8 SGIs come first (gic_smp_init runs inside gic_init_bases). SPIs of platform devices
 * (uart, rtc...) are left out: they depend on the board.
 */
export const BOOT_PPIS: readonly BootPercpuIrq[] = Object.freeze([
  { intid: 25, name: 'vgic', type: IRQ_TYPE_LEVEL_HIGH },
  { intid: 29, name: null, type: IRQ_TYPE_LEVEL_HIGH },
  { intid: 30, name: 'kvm guest ptimer', type: IRQ_TYPE_LEVEL_HIGH },
  { intid: 27, name: 'kvm guest vtimer', type: IRQ_TYPE_LEVEL_HIGH },
  { intid: 26, name: 'arch_timer', type: IRQ_TYPE_LEVEL_HIGH },
  { intid: 23, name: 'arm-pmu', type: IRQ_TYPE_LEVEL_HIGH },
]);

/** Number of SGIs gic_smp_init allocates (all 8 non-secure SGIs). */
export const GIC_NR_IPI_SGIS = 8;

/**
 * Boot: gic_smp_init's irq_domain_alloc_irqs(gic, 8 SGIs) handed to set_smp_ipi_range (hidden,
 * requested per CPU as "IPI"), then the PPI mappings of BOOT_PPIS with their per-CPU actions.
 * set_smp_ipi_range requests nr_ipi = min(8, the release's NR_IPI / MAX_IPI) of them (smp.c,
 * releases.ts ARM64_IPIS); the other SGIs stay allocated but unrequested.
 */
export function gicBoot(core: Genirq, gic: IrqDomain, ipis: Arm64Ipis = ARM64_IPIS.eras[ARM64_IPIS.eras.length - 1].value): void {
  const st = gic.hostData as GicState;
  const base = irqDomainAllocIrqs(gic, -1, GIC_NR_IPI_SGIS, -1, { hwirq: 0, type: IRQ_TYPE_EDGE_RISING } satisfies GicFwspec);
  if (base <= 0) {
    core.warn('gic_smp_init', 'WARN_ON(base_sgi <= 0)');
    return;
  }
  st.ipiBase = base;
  st.nrIpi = Math.min(GIC_NR_IPI_SGIS, ipis.requested);
  st.ipiNames = ipis.shown;
  for (let i = 0; i < st.nrIpi; i++) {
    const desc = core.irqToDesc(base + i)!;
    desc.status |= IRQ_HIDDEN;
    desc.actions.push({ name: 'IPI', devId: 'ipi', shared: false });
    desc.depth = 0;
    st.ipiCounts.push(new Uint32Array(core.nrCpus));
  }
  for (const p of BOOT_PPIS) {
    const virq = irqCreateFwspecMapping(gic, { hwirq: p.intid, type: p.type });
    if (virq <= 0 || !p.name) continue;
    const desc = core.irqToDesc(virq)!;
    desc.actions.push({ name: p.name, devId: p.name, shared: false });
    desc.depth = 0;
  }
}
