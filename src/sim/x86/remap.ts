// Interrupt remapping as the vector domain sees it (drivers/iommu/intel/irq_remapping.c):
// the INTEL-IR-n domain between VECTOR and the IO-APIC / PCI-MSI domains, one IRTE per
// interrupt, intel_ir_set_affinity (retarget at once, then vector_schedule_cleanup) and
// apic_ack_irq as the ack (no irq_complete_move).
// Name and size, as intel_setup_irq_remapping makes them since v6.2 ("iommu/vt-d: Switch to
// MSI parent domains", read in mainline drivers/iommu/intel/irq_remapping.c): a named-id fwnode
// "INTEL-IR-<seq_id>", a linear domain of INTR_REMAP_TABLE_ENTRIES, then the bus token
// DOMAIN_BUS_DMAR (13) whose update appends "-13" (irq_domain_update_bus_token): "INTEL-IR-0-13"
// with size 65536, as in the real 32-CPU debugfs captures.
import { newBits, setBit, clearBit, findNextZero } from '../lib/bitmap';
import type { Genirq } from '../core/genirq';
import { IRQ_SET_MASK_OK_DONE, type IrqChip, type IrqData } from '../core/irqdata';
import {
  IRQ_DOMAIN_FLAG_ISOLATED_MSI,
  IRQ_DOMAIN_FLAG_MSI_PARENT,
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
  irqDomainResetIrqData,
} from '../core/irqdomain';
import { ENOSPC } from '../lib/errno';
import type { X86Vector } from './vector';
import { apicAckIrq, vectorScheduleCleanup } from './vector_move';

/** Interrupt remapping table entries per unit (INTR_REMAP_TABLE_ENTRIES). */
export const INTR_REMAP_TABLE_ENTRIES = 65536;

/** enum irq_domain_bus_token DOMAIN_BUS_DMAR (include/linux/irqdomain_defs.h). */
export const DOMAIN_BUS_DMAR = 13;

/** The remapping unit's domain name: "INTEL-IR-<seq>-13". */
export function intelIrDomainName(seq: number): string {
  return `INTEL-IR-${seq}-${DOMAIN_BUS_DMAR}`;
}

/** chip_data of an INTEL-IR level: the IRTE it uses. */
export interface IrteData {
  index: number;
  subHandle: number;
}

/** The INTEL-IR domain's host data: the remapping unit (its IRTE bitmap) above its VECTOR. */
export interface IntelIr {
  domain: IrqDomain;
  chip: IrqChip;
  /** Allocated IRTE indexes. */
  irtes: Uint32Array;
  /** The VECTOR domain below. */
  vector: X86Vector;
}

const irOf = (d: IrqDomain): IntelIr => d.hostData as IntelIr;

/** intel_ir_chip: a shared constant; its functions reach the unit through the irq_data's domain. */
export const INTEL_IR_CHIP: IrqChip = Object.freeze({
  name: 'INTEL-IR',
  flags: 0,
  irqAck: (d: IrqData) => apicAckIrq(irOf(d.domain!).vector, d),
  irqSetAffinity: (d: IrqData, mask: Uint32Array, force: boolean) => intelIrSetAffinity(irOf(d.domain!).vector, d, mask, force),
  irqRetrigger: () => 1,
});

/** intel_irq_remapping_alloc: the parent's vector, then one IRTE for the block. */
function intelIrqRemappingAlloc(d: IrqDomain, virq: number, nr: number, arg: unknown): number {
  const irtes = irOf(d).irtes;
  const ret = irqDomainAllocIrqsParent(d, virq, nr, arg);
  if (ret < 0) return ret;
  const index = findNextZero(irtes, 0, INTR_REMAP_TABLE_ENTRIES);
  if (index >= INTR_REMAP_TABLE_ENTRIES) {
    irqDomainFreeIrqsParent(d, virq, nr);
    return -ENOSPC;
  }
  setBit(irtes, index);
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i)!;
    irqd.hwirq = (index << 16) + i;
    irqd.chip = INTEL_IR_CHIP;
    irqd.chipData = { index, subHandle: i } satisfies IrteData;
  }
  return 0;
}

/** intel_irq_remapping_free: the IRTE goes with the block's first interrupt. */
function intelIrqRemappingFree(d: IrqDomain, virq: number, nr: number): void {
  const irtes = irOf(d).irtes;
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i);
    if (!irqd) continue;
    const data = irqd.chipData as IrteData | null;
    if (data && data.subHandle === 0) clearBit(irtes, data.index);
    irqDomainResetIrqData(irqd);
  }
  irqDomainFreeIrqsParent(d, virq, nr);
}

/** intel_ir_domain_ops */
export const INTEL_IR_DOMAIN_OPS: IrqDomainOps = Object.freeze({
  alloc: intelIrqRemappingAlloc,
  free: intelIrqRemappingFree,
  activate: () => 0,
  deactivate: () => {},
});

/** intel_setup_irq_remapping: the INTEL-IR-<seq>-13 domain above VECTOR. */
export function createIntelIrDomain(core: Genirq, v: X86Vector, seq = 0): IntelIr {
  const ir = { chip: INTEL_IR_CHIP, irtes: newBits(INTR_REMAP_TABLE_ENTRIES), vector: v } as IntelIr;
  ir.domain = irqDomainCreate(core, {
    name: intelIrDomainName(seq),
    parent: v.domain,
    size: INTR_REMAP_TABLE_ENTRIES,
    busToken: DOMAIN_BUS_DMAR,
    flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI_PARENT | IRQ_DOMAIN_FLAG_ISOLATED_MSI,
    hostData: ir,
    ops: INTEL_IR_DOMAIN_OPS,
  });
  return ir;
}

/** intel_ir_set_affinity: the vector moves, the IRTE is rewritten, the old vector queued. */
function intelIrSetAffinity(v: X86Vector, d: IrqData, mask: Uint32Array, force: boolean): number {
  const parent = d.parentData;
  if (!parent?.chip?.irqSetAffinity) return -22;
  const ret = parent.chip.irqSetAffinity(parent, mask, force);
  if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
  vectorScheduleCleanup(v, d);
  return IRQ_SET_MASK_OK_DONE;
}
