// Per-device PCI MSI / MSI-X domains above VECTOR or INTEL-IR (kernel/irq/msi.c:
// msi_create_device_irq_domain, msi_domain_alloc/free/activate/deactivate, msi_init_virq,
// msi_check_reservation_mode; drivers/pci/msi/irqdomain.c templates; arch/x86/kernel/apic/msi.c
// x86_init_dev_msi_info and msi_set_affinity for non-remapped MSI).
// Naming (v6.2+, read in mainline kernel/irq/msi.c and irqdomain.c alloc_name): the device
// domain's fwnode is named after the chip ("[IR-]PCI-MSI[X]-<bdf>", the prefix from the
// parent's msi_parent_ops), and the domain name gets "-<bus token>" appended because the
// template's bus token is not DOMAIN_BUS_ANY: -11 (DOMAIN_BUS_PCI_DEVICE_MSI) or -12
// (DOMAIN_BUS_PCI_DEVICE_MSIX), include/linux/irqdomain_defs.h. The domain has no linear
// revmap (hwirq_max = the table size), so debugfs says "size:   0", as every real capture does.
import { cpumaskFirst } from '../core/cpumask';
import type { Genirq } from '../core/genirq';
import {
  IRQ_SET_MASK_OK_DONE,
  IRQCHIP_AFFINITY_PRE_STARTUP,
  IRQCHIP_MOVE_DEFERRED,
  IRQCHIP_ONESHOT_SAFE,
  IRQCHIP_SKIP_SET_WAKE,
  IRQD_ACTIVATED,
  IRQD_CAN_RESERVE,
  IRQD_MANAGED_SHUTDOWN,
  type IrqChip,
  type IrqData,
  irqdAffinityIsManaged,
  irqdCanReserve,
  irqdClear,
  irqdIsStarted,
  irqdSet,
} from '../core/irqdata';
import { cpumaskIntersects } from '../core/cpumask';
import {
  IRQ_DOMAIN_FLAG_MSI,
  IRQ_DOMAIN_FLAG_MSI_DEVICE,
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainActivateIrq,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainFreeIrqsCommon,
  irqDomainGetIrqData,
} from '../core/irqdomain';
import { composeRemappedMsg, composeVectorMsg, irqChipAckParent } from './chip_util';
import type { IrteData } from './remap';
import { MANAGED_IRQ_SHUTDOWN_VECTOR, type X86Vector } from './vector';

/** enum irq_domain_bus_token values the reservation-mode check looks at. */
export const DOMAIN_BUS_PCI_DEVICE_MSI = 11;
export const DOMAIN_BUS_PCI_DEVICE_MSIX = 12;

/** A PCI function with an MSI or MSI-X capability. */
export interface PciMsiDeviceInfo {
  /** dev_name(), e.g. "0000:01:00.0". */
  name: string;
  msix: boolean;
  /** MSI per-vector masking (MSI-X can always mask). */
  canMask: boolean;
  node: number;
}

/** The device domain's host data (and its levels' chip data): plain data, no closures. */
export interface MsiDevice extends PciMsiDeviceInfo {
  domain: IrqDomain;
  /** The chip of this device's interrupts: a frozen object over the shared chip functions. */
  chip: IrqChip;
  remapped: boolean;
  /** The VECTOR domain at the root of the hierarchy. */
  vector: X86Vector;
}

/** The device of an MSI-level irq_data or of its domain. */
const devOf = (d: IrqDomain): MsiDevice => d.hostData as MsiDevice;

/** Argument of the MSI domain's alloc: the MSI index of the first interrupt. */
export interface MsiAllocArg {
  index: number;
}

/** The message the interrupt's current routing asks for (irq_chip_compose_msi_msg). */
function composeMsg(v: X86Vector, irqd: IrqData) {
  const p = irqd.parentData;
  if (p && p.domain !== v.domain && p.chipData && typeof (p.chipData as IrteData).index === 'number') {
    const irte = p.chipData as IrteData;
    return composeRemappedMsg(irte.index, irte.subHandle);
  }
  const apicd = v.apicd(irqd);
  return apicd ? composeVectorMsg(apicd.hwIrqCfg.vector, apicd.hwIrqCfg.destApicid) : composeVectorMsg(0, 0);
}

/** irq_msi_update_msg / pci_msi_domain_write_msg */
function writeMsg(v: X86Vector, irqd: IrqData): void {
  irqd.common.msiMsg = composeMsg(v, irqd);
}

/**
 * msi_set_affinity (arch/x86/kernel/apic/msi.c, no remapping): a started interrupt that moves
 * to another vector and CPU goes through the new vector on this CPU first, which is marked
 * VECTOR_RETRIGGERED if unused. Since v6.7 (Koichiro Den, "x86/apic/msi: Fix misconfigured
 * non-maskable MSI quirk") the test is !irqd_can_reserve(): the direct update is taken when
 * the interrupt is NOT in reservation mode, so it is the maskable MSIs that take the careful
 * path (the code does the opposite of its comment; the traces confirm the code).
 */
function msiSetAffinity(v: X86Vector, irqd: IrqData, mask: Uint32Array, force: boolean): number {
  const parent = irqd.parentData!;
  const apicd = v.apicd(irqd);
  const cpu = cpumaskFirst(irqd.common.effectiveAffinity, v.nrCpus);
  const oldVector = apicd ? apicd.hwIrqCfg.vector : 0;
  const oldDest = apicd ? apicd.hwIrqCfg.destApicid : 0;
  const ret = parent.chip!.irqSetAffinity!(parent, mask, force);
  if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE || !apicd) return ret;
  const cfg = apicd.hwIrqCfg;
  if (
    !irqdCanReserve(irqd) ||
    cfg.vector === oldVector ||
    oldVector === MANAGED_IRQ_SHUTDOWN_VECTOR ||
    !irqdIsStarted(irqd) ||
    cfg.destApicid === oldDest
  ) {
    writeMsg(v, irqd);
    return ret;
  }
  const thisCpu = v.core.thisCpu;
  if (cpu !== thisCpu) {
    v.core.warn('msi_set_affinity', `irq ${irqd.irq}: moved from CPU ${thisCpu}, but it targets CPU ${cpu}`);
    writeMsg(v, irqd);
    return ret;
  }
  if (v.slot(thisCpu, cfg.vector) < 0) v.setSlot(thisCpu, cfg.vector, -2);
  writeMsg(v, irqd);
  return ret;
}

/** msi_domain_set_affinity (remapped): the parent decides; rewrite the message unless it is done. */
function msiDomainSetAffinity(v: X86Vector, irqd: IrqData, mask: Uint32Array, force: boolean): number {
  const parent = irqd.parentData!;
  const ret = parent.chip!.irqSetAffinity!(parent, mask, force);
  if (ret >= 0 && ret !== IRQ_SET_MASK_OK_DONE) writeMsg(v, irqd);
  return ret;
}

/** pci_msi_domain_write_msg on activation: the message of the current routing. */
function msiDomainActivate(d: IrqDomain, irqd: IrqData): number {
  writeMsg(devOf(d).vector, irqd);
  return 0;
}

function msiDomainDeactivate(_d: IrqDomain, irqd: IrqData): void {
  irqd.common.msiMsg = { addressHi: 0, addressLo: 0, data: 0 };
}

/** msi_domain_alloc: the parent's vector (and IRTE), hwirq = MSI index. */
function msiDomainAlloc(d: IrqDomain, virq: number, nr: number, arg: unknown): number {
  const dev = devOf(d);
  const ret = irqDomainAllocIrqsParent(d, virq, nr, { flags: 0, mask: null });
  if (ret < 0) return ret;
  const index = (arg as MsiAllocArg | null)?.index ?? 0;
  for (let i = 0; i < nr; i++) {
    const irqd = irqDomainGetIrqData(d, virq + i)!;
    irqd.hwirq = index + i;
    irqd.chip = dev.chip;
    irqd.chipData = dev;
    const desc = d.core.irqToDesc(virq + i)!;
    desc.handler = 'handle_edge_irq';
    desc.devName = dev.name;
  }
  return 0;
}

/** msi_domain_free: irq_domain_free_irqs_common. */
const msiDomainFree = irqDomainFreeIrqsCommon;

function msiDomainDebugShow(_d: IrqDomain, irqd: IrqData | null, ind: number): string {
  const msg = irqd?.common.msiMsg;
  if (!irqd || !msg) return '';
  const pad = ' '.repeat(ind + 1);
  const hex = (x: number) => `0x${(x >>> 0).toString(16).padStart(8, '0')}`;
  return `\n${pad}address_hi: ${hex(msg.addressHi)}\n${pad}address_lo: ${hex(msg.addressLo)}\n${pad}msg_data:   ${hex(msg.data)}\n`;
}

/** msi_domain_ops of the per-device PCI MSI domains (shared by every device). */
export const PCI_MSI_DOMAIN_OPS: IrqDomainOps = Object.freeze({
  alloc: msiDomainAlloc,
  free: msiDomainFree,
  activate: msiDomainActivate,
  deactivate: msiDomainDeactivate,
  debugShow: msiDomainDebugShow,
});

const msiChipAck = (d: IrqData): void => irqChipAckParent(d);
const msiChipSetAffinity = (d: IrqData, m: Uint32Array, f: boolean): number => msiSetAffinity(devOf(d.domain!).vector, d, m, f);
const msiChipSetAffinityRemapped = (d: IrqData, m: Uint32Array, f: boolean): number =>
  msiDomainSetAffinity(devOf(d.domain!).vector, d, m, f);

/** The debugfs / irq_domain name of a device's MSI domain: "<chip>-<bus token>". */
export function pciMsiDomainName(chipName: string, msix: boolean): string {
  return `${chipName}-${msix ? DOMAIN_BUS_PCI_DEVICE_MSIX : DOMAIN_BUS_PCI_DEVICE_MSI}`;
}

/** Largest hwirq + 1 of a device domain: the MSI-X table (2048) or the MSI vectors (32). */
const PCI_MSIX_HWSIZE = 2048;
const PCI_MSI_HWSIZE = 32;

/**
 * msi_create_device_irq_domain for a PCI device: chip "[IR-]PCI-MSI[X]-<dev>", domain
 * "<chip>-11" / "<chip>-12", with the x86 chip setup (x86_init_dev_msi_info): ack through the
 * parent, MOVE_DEFERRED without remapping.
 */
export function createPciMsiDomain(
  core: Genirq,
  v: X86Vector,
  parent: IrqDomain,
  remapped: boolean,
  info: PciMsiDeviceInfo,
): MsiDevice {
  const chipName = `${remapped ? 'IR-' : ''}${info.msix ? 'PCI-MSIX' : 'PCI-MSI'}-${info.name}`;
  let flags = IRQCHIP_ONESHOT_SAFE | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_AFFINITY_PRE_STARTUP;
  if (!remapped) flags |= IRQCHIP_MOVE_DEFERRED;
  // The per-device chip is data (its name) over the shared functions: frozen, so a checkpoint
  // shares it instead of copying it.
  const chip: IrqChip = Object.freeze({
    name: chipName,
    flags,
    irqStartup: () => 0,
    irqShutdown: () => {},
    irqMask: () => {},
    irqUnmask: () => {},
    irqAck: msiChipAck,
    irqSetAffinity: remapped ? msiChipSetAffinityRemapped : msiChipSetAffinity,
    irqRetrigger: () => 1,
  });
  const dev = { ...info, chip, remapped, vector: v } as MsiDevice;
  dev.domain = irqDomainCreate(core, {
    name: pciMsiDomainName(chipName, info.msix),
    parent,
    size: 0,
    hwirqMax: info.msix ? PCI_MSIX_HWSIZE : PCI_MSI_HWSIZE,
    flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI | IRQ_DOMAIN_FLAG_MSI_DEVICE,
    busToken: info.msix ? DOMAIN_BUS_PCI_DEVICE_MSIX : DOMAIN_BUS_PCI_DEVICE_MSI,
    hostData: dev,
    ops: PCI_MSI_DOMAIN_OPS,
  });
  return dev;
}

/**
 * msi_check_reservation_mode: PCI device domains only, and the vectors must be maskable
 * (MSI-X, or MSI with the mask bits).
 */
export function msiCheckReservationMode(dev: MsiDevice): boolean {
  const bus = dev.domain.busToken;
  if (bus !== DOMAIN_BUS_PCI_DEVICE_MSI && bus !== DOMAIN_BUS_PCI_DEVICE_MSIX) return false;
  return dev.msix || dev.canMask;
}

/**
 * msi_init_virq for one interrupt of the device's domain: without reservation mode the core
 * clears IRQD_CAN_RESERVE; a
 * managed interrupt with no online CPU is just shut down; otherwise it is activated early
 * (reserve = reservation mode), and a reservation-only activation is undone again.
 */
export function msiInitVirq(core: Genirq, dev: MsiDevice, virq: number): number {
  const irqd = irqDomainGetIrqData(dev.domain, virq);
  if (!irqd) return -22;
  const canReserve = msiCheckReservationMode(dev);
  if (!canReserve) {
    irqdClear(irqd, IRQD_CAN_RESERVE);
    if (irqdAffinityIsManaged(irqd) && !cpumaskIntersects(irqd.common.affinity, core.online)) {
      irqdSet(irqd, IRQD_MANAGED_SHUTDOWN);
      return 0;
    }
  }
  const ret = irqDomainActivateIrq(irqd, canReserve);
  if (ret) return ret;
  if (canReserve) irqdClear(irqd, IRQD_ACTIVATED);
  return 0;
}
