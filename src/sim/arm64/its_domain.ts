// The ITS irq domain of drivers/irqchip/irq-gic-v3-its.c on the `Its` model:
// its_irq_domain_alloc (events, then one GIC LPI per interrupt via its_irq_gic_domain_alloc),
// its_irq_domain_activate / _deactivate (its_select_cpu, MAPTI / DISCARD), its_set_affinity
// (MOVI) and its_irq_chip. Events go back through the MSI layer (pci_msi.ts), which drives
// `Its.freeIrqs` with the call pattern of the kernel era chosen by `itsFree`.
import { EINVAL } from '../lib/errno';
import { cpumaskClear, cpumaskToList } from '../core/cpumask';
import {
  IRQ_SET_MASK_OK_DONE,
  IRQD_AFFINITY_ON_ACTIVATE,
  IRQD_FORWARDED_TO_VCPU,
  IRQD_RESEND_WHEN_IN_PROGRESS,
  IRQD_SINGLE_TARGET,
  type IrqChip,
  type IrqData,
  irqdAffinityIsManaged,
  irqdHas,
  irqdSet,
} from '../core/irqdata';
import {
  type IrqDomain,
  type IrqDomainOps,
  IRQ_DOMAIN_FLAG_ISOLATED_MSI,
  IRQ_DOMAIN_FLAG_MSI_PARENT,
  IRQ_DOMAIN_NAME_ALLOCATED,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainResetIrqData,
  irqDomainSetHwirqAndChip,
} from '../core/irqdomain';
import { GIC_NODE, IRQ_TYPE_EDGE_RISING, type GicFwspec } from './gic';
import type { Its, ItsIrqInfo } from './its';
import type { ItsDevice } from './its_device';

/** What the ITS domain keeps: the ITS model and its DT node name. */
export class ItsHost {
  constructor(
    readonly its: Its,
    /** Index of this ITS in the machine (gic.its). */
    readonly index: number,
    /** ":intc@8000000:its@8080000" */
    readonly node: string,
  ) {}
}

/** The argument its_irq_domain_alloc gets from the MSI layer (scratchpad[0]: the its_device). */
export interface ItsAllocArg {
  dev: ItsDevice;
  /** Set by the ITS domain: the first event handed out. */
  event: number;
}

function hostOf(d: IrqData): ItsHost {
  return (d.domain as IrqDomain).hostData as ItsHost;
}

function irqInfo(d: IrqData): ItsIrqInfo {
  const core = (d.domain as IrqDomain).core;
  return { managed: irqdAffinityIsManaged(d), affinity: cpumaskToList(d.common.affinity, core.nrCpus) };
}

function setEffective(d: IrqData, cpu: number): void {
  cpumaskClear(d.common.effectiveAffinity);
  d.common.effectiveAffinity[cpu >>> 5] |= 1 << (cpu & 31);
}

/** its_set_affinity: not for a forwarded (vLPI) interrupt; else MOVI to the chosen CPU. */
function itsSetAffinity(d: IrqData, mask: Uint32Array, force: boolean): number {
  if (irqdHas(d, IRQD_FORWARDED_TO_VCPU)) return -EINVAL;
  const core = (d.domain as IrqDomain).core;
  const dev = d.chipData as ItsDevice;
  const cpu = hostOf(d).its.setAffinity(
    dev,
    dev.eventOf(d.hwirq),
    irqInfo(d),
    cpumaskToList(mask, core.nrCpus),
    cpumaskToList(core.online, core.nrCpus),
    force,
  );
  if (cpu < 0) return -EINVAL;
  setEffective(d, cpu);
  return IRQ_SET_MASK_OK_DONE;
}

/** its_irq_chip: flags 0 (as debugfs shows it on real machines). */
export const ITS_CHIP: IrqChip = Object.freeze({ name: 'ITS', flags: 0, irqSetAffinity: itsSetAffinity });

function itsAlloc(domain: IrqDomain, virq: number, nrIrqs: number, arg: unknown): number {
  const a = arg as ItsAllocArg;
  const its = (domain.hostData as ItsHost).its;
  const event = its.allocEvents(a.dev, nrIrqs);
  if (event < 0) return event;
  a.event = event;
  for (let i = 0; i < nrIrqs; i++) {
    const hwirq = a.dev.hwirq(event + i);
    const spec: GicFwspec = { hwirq, type: IRQ_TYPE_EDGE_RISING };
    const ret = irqDomainAllocIrqsParent(domain, virq + i, 1, spec);
    if (ret < 0) return ret;
    irqDomainSetHwirqAndChip(domain, virq + i, hwirq, ITS_CHIP, a.dev);
    const desc = domain.core.irqToDesc(virq + i)!;
    irqdSet(desc.irqData, IRQD_SINGLE_TARGET | IRQD_AFFINITY_ON_ACTIVATE | IRQD_RESEND_WHEN_IN_PROGRESS);
  }
  return 0;
}

/** The irq_data of `virq` at the ITS level. */
function itsLevel(domain: IrqDomain, virq: number): IrqData | null {
  const desc = domain.core.irqToDesc(virq);
  for (let d: IrqData | null = desc ? desc.irqData : null; d; d = d.parentData) if (d.domain === domain) return d;
  return null;
}

/** its_irq_domain_free's irq_data part (events are released by the MSI layer, see pci_msi.ts). */
function itsFree(domain: IrqDomain, virq: number, nrIrqs: number): void {
  for (let i = 0; i < nrIrqs; i++) {
    const d = itsLevel(domain, virq + i);
    if (d) irqDomainResetIrqData(d);
  }
}

/** its_irq_domain_activate: its_select_cpu over cpu_online_mask, count, MAPTI. */
function itsActivate(domain: IrqDomain, d: IrqData): number {
  const dev = d.chipData as ItsDevice;
  const its = (domain.hostData as ItsHost).its;
  const cpu = its.activate(dev, dev.eventOf(d.hwirq), irqInfo(d), cpumaskToList(domain.core.online, domain.core.nrCpus));
  if (cpu < 0) return -EINVAL;
  setEffective(d, cpu);
  return 0;
}

/** its_irq_domain_deactivate: uncount, DISCARD. */
function itsDeactivate(domain: IrqDomain, d: IrqData): void {
  const dev = d.chipData as ItsDevice;
  (domain.hostData as ItsHost).its.deactivate(dev, dev.eventOf(d.hwirq), irqInfo(d));
}

export const ITS_DOMAIN_OPS: IrqDomainOps = Object.freeze({
  alloc: itsAlloc,
  free: itsFree,
  activate: itsActivate,
  deactivate: itsDeactivate,
});

/** GITS frames: 128 KiB per ITS on GICv3, 256 KiB with the GICv4 VLPI/VSGI frames. */
export function itsNodeName(index: number, v4: boolean): string {
  const base = 0x8080000 + index * (v4 ? 0x40000 : 0x20000);
  return `${GIC_NODE}:its@${base.toString(16)}`;
}

/** its_init_domain: bus token DOMAIN_BUS_NEXUS (5), an MSI parent with isolated MSIs. */
export function itsCreateDomain(gic: IrqDomain, its: Its, index: number, v4: boolean): IrqDomain {
  const node = itsNodeName(index, v4);
  return irqDomainCreate(gic.core, {
    name: `${node}-5`,
    ops: ITS_DOMAIN_OPS,
    parent: gic,
    flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_ISOLATED_MSI | IRQ_DOMAIN_FLAG_MSI_PARENT,
    hostData: new ItsHost(its, index, node),
    busToken: 5,
  });
}
