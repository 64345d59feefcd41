// struct its_device of drivers/irqchip/irq-gic-v3-its.c and the MSI front ends that size
// it (its_pci_msi_prepare, its_pmsi_prepare in drivers/irqchip/irq-gic-its-msi-parent.c).
import { EventLpiMap, roundupPowOfTwo } from './its_events';

/** ITS_ITT_ALIGN: ITTs are 256-byte aligned. */
export const ITS_ITT_ALIGN = 256;
/** The DevID minimum for DevID 0 (unwired DevIDs) and for all platform MSI. */
export const ITS_MIN_NVEC_DEVID0 = 32;

/** The ITS view of a device: its ITT, its LPI block and which events are in use. */
export class ItsDevice {
  /** Set when the ITS device is freed (its_free_device); a stale handle then does nothing. */
  freed = false;
  /**
   * Region model only: size of the power-of-two region reserved at prepare, which
   * teardown releases whole. 0 under the kernel's policies.
   */
  region = 0;

  constructor(
    readonly device_id: number,
    /** ITT entries: max(2, nvecs) after power-of-two rounding. */
    readonly nr_ites: number,
    /** Bytes kzalloc'ed for the ITT (entries x entry size, at least 256, plus alignment slack). */
    readonly itt_size: number,
    readonly event_map: EventLpiMap,
    /** Seen through another alias or a proxy: never torn down while shared. */
    public shared: boolean,
  ) {}

  get lpi_base(): number {
    return this.event_map.lpi_base;
  }

  get nr_lpis(): number {
    return this.event_map.nr_lpis;
  }

  /** hwirq (LPI INTID) of an event: lpi_base + event. */
  hwirq(event: number): number {
    return this.event_map.lpi_base + event;
  }

  /** its_get_event_id: event of an LPI of this device. */
  eventOf(hwirq: number): number {
    return hwirq - this.event_map.lpi_base;
  }
}

/** One PCI function's vector capacity, for the DMA alias count. */
export interface PciVecCount {
  /** pci_msi_vec_count: Multiple Message Capable count, or 0 / negative if no MSI. */
  msi: number;
  /** pci_msix_vec_count: MSI-X table size, or 0 / negative if no MSI-X. */
  msix: number;
}

/**
 * its_pci_msi_vec_count summed over pci_walk_bus(alias_dev->subordinate): the upper bound
 * of vectors that may reach the ITS under one aliased DevID.
 */
export function pciAliasCount(devicesBehindAliasBridge: readonly PciVecCount[]): number {
  let count = 0;
  for (const d of devicesBehindAliasBridge) count += Math.max(Math.max(d.msi, 0), Math.max(d.msix, 0));
  return count;
}

export interface PciMsiPrepareRequest {
  /** The ITS DevID (pci_msi_domain_get_msi_rid: usually the requester ID, or the alias's). */
  devId: number;
  /** Vectors the MSI core asks for. */
  nvec: number;
  /**
   * The device's DMA alias is another device (a bridge): the sum of pciAliasCount over
   * the alias bridge's subordinate bus, or 0 when there is no subordinate bus. Undefined
   * when the device is its own alias.
   */
  aliasCount?: number;
}

/** What its_pci_msi_prepare hands to its_msi_prepare. */
export interface ItsPrepareArgs {
  devId: number;
  nvec: number;
  /** MSI_ALLOC_FLAGS_PROXY_DEVICE: the device is marked shared. */
  proxy: boolean;
}

/**
 * its_pci_msi_prepare: an aliased device asks for at least the alias count and is flagged
 * proxy; DevID 0 gets at least 32; always a power of two.
 */
export function itsPciMsiPrepareArgs(req: PciMsiPrepareRequest): ItsPrepareArgs {
  const aliased = req.aliasCount !== undefined;
  let nvec = Math.max(req.nvec, aliased ? (req.aliasCount as number) : 0);
  const minnvec = req.devId === 0 ? ITS_MIN_NVEC_DEVID0 : 1;
  nvec = Math.max(minnvec, roundupPowOfTwo(nvec));
  return { devId: req.devId, nvec, proxy: aliased };
}

/** its_pmsi_prepare: platform MSI, at least 32 and a power of two. */
export function itsPmsiPrepareArgs(devId: number, nvec: number): ItsPrepareArgs {
  return { devId, nvec: Math.max(ITS_MIN_NVEC_DEVID0, roundupPowOfTwo(nvec)), proxy: false };
}

/** The ITT allocation its_create_device makes: max(entries x size, 256) + 255 bytes. */
export function ittBytes(nrItes: number, ittEntrySize: number): number {
  return Math.max(nrItes * ittEntrySize, ITS_ITT_ALIGN) + ITS_ITT_ALIGN - 1;
}
