// The irq domains above VECTOR on a v4.14 x86 machine: the IO-APIC domain
// (arch/x86/kernel/apic/io_apic.c mp_irqdomain_alloc, ioapic_chip / ioapic_ir_chip), the one
// global PCI-MSI domain (arch/x86/kernel/apic/msi.c native_create_pci_msi_domain,
// pci_msi_controller; per-device MSI domains came with v6.2), and with remapping INTEL-IR-n
// and INTEL-IR-MSI-n (drivers/iommu/intel_irq_remapping.c: intel_ir_chip,
// intel_ir_set_affinity, ir_ack_apic_edge; ioapic_ir_chip / "IR-PCI-MSI").
// In v4.14 a chip without IRQD_MOVE_PCNTXT (the non-remapped IO-APIC and PCI-MSI) moves only
// from the interrupt path; here that is IRQCHIP_MOVE_DEFERRED, its v6.13 successor. There is
// no IRQCHIP_AFFINITY_PRE_STARTUP yet (v5.14), so irq_startup sets the affinity after startup.
import type { Genirq } from '../../core/genirq';
import {
  IRQ_SET_MASK_OK_DONE,
  IRQCHIP_MOVE_DEFERRED,
  IRQCHIP_SKIP_SET_WAKE,
  IRQ_LEVEL,
  IRQD_LEVEL,
  type IrqChip,
  type IrqData,
  irqdSet,
} from '../../core/irqdata';
import {
  IRQ_DOMAIN_FLAG_MSI,
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainFreeIrqsCommon,
  irqDomainGetIrqData,
} from '../../core/irqdomain';
import { EINVAL, ENOSPC } from '../../lib/errno';
import { irqChipAckParent } from '../chip_util';
import { legacySendCleanupVector } from './vector';

/** irq_chip_set_affinity_parent */
function setAffinityParent(d: IrqData, mask: Uint32Array, force: boolean): number {
  const p = d.parentData;
  if (!p?.chip?.irqSetAffinity) return -EINVAL;
  return p.chip.irqSetAffinity(p, mask, force);
}

const nop = (): void => {};

function upperChip(name: string, remapped: boolean): IrqChip {
  return Object.freeze({
    name,
    flags: IRQCHIP_SKIP_SET_WAKE | (remapped ? 0 : IRQCHIP_MOVE_DEFERRED),
    irqMask: nop,
    irqUnmask: nop,
    irqAck: irqChipAckParent,
    irqSetAffinity: setAffinityParent,
    irqRetrigger: () => 1,
  });
}

/** intel_ir_set_affinity: the parent moves the vector, the IRTE follows, cleanup at once. */
function intelIrSetAffinity(d: IrqData, mask: Uint32Array, force: boolean): number {
  const ret = setAffinityParent(d, mask, force);
  if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
  legacySendCleanupVector(d);
  return IRQ_SET_MASK_OK_DONE;
}

/** intel_ir_chip: ir_ack_apic_edge only EOIs (no irq_complete_move / irq_move_irq). */
const INTEL_IR_CHIP: IrqChip = Object.freeze({ name: 'INTEL-IR', flags: 0, irqAck: nop, irqSetAffinity: intelIrSetAffinity, irqRetrigger: () => 1 });

/** Where an upper domain keeps its chip. */
interface UpperHost {
  chip: IrqChip;
  /** The flow handler its interrupts start with. */
  handler: string;
}

/** Argument of the upper domains' alloc: the hwirq of the first interrupt. */
export interface LegacyUpperArg {
  hwirq: number;
  legacy: boolean;
  /** A level-triggered IO-APIC pin (the ACPI SCI, PCI INTx): handle_fasteoi_irq. */
  level?: boolean;
}

/** mp_irqdomain_alloc / msi_domain_alloc: the parent first, then this level. */
function upperAlloc(d: IrqDomain, virq: number, nr: number, arg: unknown): number {
  const a = arg as LegacyUpperArg;
  const ret = irqDomainAllocIrqsParent(d, virq, nr, a);
  if (ret < 0) return ret;
  const host = d.hostData as UpperHost;
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i)!;
    irqd.hwirq = a.hwirq + i;
    irqd.chip = host.chip;
    irqd.chipData = null;
    const desc = d.core.irqToDesc(virq + i)!;
    desc.handler = a.level ? 'handle_fasteoi_irq' : host.handler;
    // mp_register_handler (io_apic.c of 4.14.5): irq_set_status_flags(IRQ_LEVEL), which
    // irq_modify_status mirrors into IRQD_LEVEL.
    if (a.level) {
      desc.status |= IRQ_LEVEL;
      irqdSet(irqd, IRQD_LEVEL);
    }
  }
  return 0;
}

const UPPER_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: upperAlloc, free: irqDomainFreeIrqsCommon, activate: () => 0, deactivate: nop });

/** INTR_REMAP_TABLE_ENTRIES */
const IRTE_ENTRIES = 65536;

/** The remapping unit: its chip and the IRTE table's allocation bitmap (one byte per entry). */
interface IrHost {
  chip: IrqChip;
  irteUsed: Uint8Array;
}

/**
 * intel_irq_remapping_alloc: the parent's vectors, then one block of IRTEs (alloc_irte: first
 * fit) with hwirq (index << 16) + i and the IRTE index as chip data.
 */
function irAlloc(d: IrqDomain, virq: number, nr: number, arg: unknown): number {
  const host = d.hostData as IrHost;
  let index = -1;
  for (let s = 0; s + nr <= IRTE_ENTRIES && index < 0; s++) {
    let k = 0;
    while (k < nr && !host.irteUsed[s + k]) k++;
    if (k === nr) index = s;
    else s += k;
  }
  if (index < 0) return -ENOSPC;
  const ret = irqDomainAllocIrqsParent(d, virq, nr, arg);
  if (ret < 0) return ret;
  host.irteUsed.fill(1, index, index + nr);
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i)!;
    irqd.hwirq = (index << 16) + i;
    irqd.chip = host.chip;
    irqd.chipData = { index, subHandle: i };
  }
  return 0;
}

/** intel_irq_remapping_free: the IRTE goes back (free_irte), then the parent's level. */
function irFree(d: IrqDomain, virq: number, nr: number): void {
  const host = d.hostData as IrHost;
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i);
    const data = irqd?.chipData as { index: number; subHandle: number } | null;
    if (data) host.irteUsed[data.index + data.subHandle] = 0;
  }
  irqDomainFreeIrqsCommon(d, virq, nr);
}

const IR_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: irAlloc, free: irFree, activate: () => 0, deactivate: nop });

/** The domains of one v4.14 machine above its VECTOR domain. */
export interface LegacyUpperDomains {
  ir: IrqDomain | null;
  ioapic: IrqDomain | null;
  msi: IrqDomain;
}

export function createLegacyUpperDomains(core: Genirq, vector: IrqDomain, ioApic: boolean, remapping: boolean): LegacyUpperDomains {
  const ir = remapping
    ? irqDomainCreate(core, {
        name: 'INTEL-IR-0',
        parent: vector,
        flags: IRQ_DOMAIN_NAME_ALLOCATED,
        hostData: { chip: INTEL_IR_CHIP, irteUsed: new Uint8Array(IRTE_ENTRIES) } satisfies IrHost,
        ops: IR_DOMAIN_OPS,
      })
    : null;
  const parent = ir ?? vector;
  const ioapic = ioApic
    ? irqDomainCreate(core, {
        // mp_irqdomain_create of 4.14.5: "IO-APIC-IR" under a remapping domain, the IO-APIC's index.
        name: remapping ? 'IO-APIC-IR-0' : 'IO-APIC-0',
        parent,
        size: 24,
        flags: IRQ_DOMAIN_NAME_ALLOCATED,
        hostData: { chip: upperChip(remapping ? 'IR-IO-APIC' : 'IO-APIC', remapping), handler: 'handle_edge_irq' },
        ops: UPPER_DOMAIN_OPS,
      })
    : null;
  const msi = irqDomainCreate(core, {
    name: remapping ? 'INTEL-IR-MSI-0' : 'PCI-MSI',
    parent,
    flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI,
    hostData: { chip: upperChip(remapping ? 'IR-PCI-MSI' : 'PCI-MSI', remapping), handler: 'handle_edge_irq' },
    ops: UPPER_DOMAIN_OPS,
  });
  return { ir, ioapic, msi };
}
