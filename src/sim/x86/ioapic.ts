// The IO-APIC domain as the vector domain sees it (arch/x86/kernel/apic/io_apic.c:
// mp_irqdomain_alloc with X86_IRQ_ALLOC_LEGACY for ISA irqs taken over from the PIC,
// ioapic_chip / ioapic_ir_chip, ioapic_set_affinity). Pins and redirection entries only as
// far as the vector story needs them. A level-triggered pin gets what mp_register_handler gives
// it: IRQ_LEVEL / IRQD_LEVEL and handle_fasteoi_irq ("fasteoi" in /proc/interrupts); an edge
// pin handle_edge_irq.
import type { Genirq } from '../core/genirq';
import {
  IRQ_SET_MASK_OK_DONE,
  IRQCHIP_AFFINITY_PRE_STARTUP,
  IRQCHIP_MOVE_DEFERRED,
  IRQCHIP_SKIP_SET_WAKE,
  IRQ_LEVEL,
  IRQD_LEVEL,
  type IrqChip,
  type IrqData,
  irqdSet,
} from '../core/irqdata';
import {
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainFreeIrqsCommon,
  irqDomainGetIrqData,
} from '../core/irqdomain';
import { EINVAL } from '../lib/errno';
import { irqChipAckParent } from './chip_util';
import { X86_IRQ_ALLOC_LEGACY, type X86AllocInfo } from './vector';

export const IOAPIC_PINS = 24;

/** Argument of the IO-APIC domain's alloc. */
export interface IoapicAllocArg {
  pin: number;
  /** An ISA irq taken over from the legacy PIC (X86_IRQ_ALLOC_LEGACY). */
  legacy: boolean;
  /** Level-triggered (PCI INTx, the ACPI SCI); default edge. */
  level?: boolean;
}

/** The IO-APIC domain's host data. */
export interface Ioapic {
  domain: IrqDomain;
  chip: IrqChip;
}

/** ioapic_set_affinity: the parent picks the vector, the redirection entry follows. */
function ioapicSetAffinity(d: IrqData, mask: Uint32Array, force: boolean): number {
  const parent = d.parentData;
  if (!parent?.chip?.irqSetAffinity) return -EINVAL;
  const ret = parent.chip.irqSetAffinity(parent, mask, force);
  if (ret >= 0 && ret !== IRQ_SET_MASK_OK_DONE) {
    // ioapic_configure_entry: the RTE now carries the new vector/destination.
  }
  return ret;
}

function ioapicChip(remapped: boolean): IrqChip {
  return Object.freeze({
    name: remapped ? 'IR-IO-APIC' : 'IO-APIC',
    flags: IRQCHIP_SKIP_SET_WAKE | IRQCHIP_AFFINITY_PRE_STARTUP | (remapped ? 0 : IRQCHIP_MOVE_DEFERRED),
    irqStartup: () => 0,
    irqShutdown: () => {},
    irqMask: () => {},
    irqUnmask: () => {},
    irqAck: (d: IrqData) => irqChipAckParent(d),
    irqSetAffinity: ioapicSetAffinity,
    irqRetrigger: () => 1,
  });
}

/** ioapic_chip */
export const IOAPIC_CHIP: IrqChip = ioapicChip(false);
/** ioapic_ir_chip */
export const IOAPIC_IR_CHIP: IrqChip = ioapicChip(true);

/** mp_irqdomain_alloc: one pin, the parent's vector (legacy ISA irqs keep theirs). */
function mpIrqdomainAlloc(d: IrqDomain, virq: number, nr: number, arg: unknown): number {
  const a = arg as IoapicAllocArg;
  if (nr !== 1 || !a || a.pin < 0 || a.pin >= IOAPIC_PINS) return -EINVAL;
  const info: X86AllocInfo = { flags: a.legacy ? X86_IRQ_ALLOC_LEGACY : 0, mask: null };
  const ret = irqDomainAllocIrqsParent(d, virq, nr, info);
  if (ret < 0) return ret;
  const irqd = irqDomainGetIrqData(d, virq)!;
  irqd.hwirq = a.pin;
  irqd.chip = (d.hostData as Ioapic).chip;
  irqd.chipData = { pin: a.pin };
  const desc = d.core.irqToDesc(virq)!;
  if (a.level) {
    desc.status |= IRQ_LEVEL;
    irqdSet(irqd, IRQD_LEVEL);
    desc.handler = 'handle_fasteoi_irq';
  } else desc.handler = 'handle_edge_irq';
  return 0;
}

/** mp_irqdomain_free: nothing of its own beyond irq_domain_free_irqs_common. */
const mpIrqdomainFree = irqDomainFreeIrqsCommon;

/** mp_ioapic_irqdomain_ops */
export const IOAPIC_DOMAIN_OPS: IrqDomainOps = Object.freeze({
  alloc: mpIrqdomainAlloc,
  free: mpIrqdomainFree,
  activate: () => 0,
  deactivate: () => {},
});

/** mp_irqdomain_create: IO-APIC-<id> above VECTOR (or INTEL-IR with remapping). */
export function createIoapicDomain(core: Genirq, parent: IrqDomain, remapped: boolean, id = 0): Ioapic {
  const ioapic = { chip: remapped ? IOAPIC_IR_CHIP : IOAPIC_CHIP } as Ioapic;
  ioapic.domain = irqDomainCreate(core, {
    name: `IO-APIC-${id}`,
    parent,
    size: IOAPIC_PINS,
    flags: IRQ_DOMAIN_NAME_ALLOCATED,
    hostData: ioapic,
    ops: IOAPIC_DOMAIN_OPS,
  });
  return ioapic;
}
