// One GICv3 ITS and its devices, drivers/irqchip/irq-gic-v3-its.c: its_msi_prepare,
// its_create_device, its_alloc_device_irq, its_irq_domain_free, its_msi_teardown, with
// the itsFree policies of kernel-model.md 5.2/5.3.
import type { ItsSink } from '../events/its';
import { EINVAL, ENOMEM, ENOSPC } from '../lib/errno';
import { bitmapFindZeroArea, bitmapSetRange, EventLpiMap, getCountOrder, isPowerOfTwo, roundupPowOfTwo } from './its_events';
import { ItsDevice, itsPciMsiPrepareArgs, itsPmsiPrepareArgs, ittBytes } from './its_device';
import { CpuLpiCount, itsSelectCpu } from './its_cpu';
import type { LpiRanges } from './lpi';

/**
 * How interrupts of an ITS device are given back:
 * - `bulk`: before v5.11, the MSI core frees a Multi-MSI block in one call.
 * - `per-irq`: v5.11..v6.15, one free per interrupt; the power-of-two padding stays set.
 * - `per-device`: v6.16+, per-device MSI domains; the device goes at `.msi_teardown`.
 * - `region`: the model proposed on the list (reserve a power-of-two region at prepare,
 *   allocate and free single events, release the whole region at teardown).
 */
export type ItsFreePolicy = 'bulk' | 'per-irq' | 'per-device' | 'region';

interface ItsFreeModel {
  /** The MSI core frees a Multi-MSI block with one domain free call (else one per irq). */
  bulkFree: boolean;
  /** its_irq_domain_free frees the device once its map is empty and it is not shared. */
  freeDeviceOnEmpty: boolean;
  /** What `.msi_teardown` does: nothing (no callback), its_msi_teardown, or release the region. */
  teardown: 'none' | 'its_msi_teardown' | 'region';
  /** Events are taken exactly (aligned to their power of two) instead of as a 2^order region. */
  exactEvents: boolean;
}

const ITS_FREE_MODELS: Record<ItsFreePolicy, ItsFreeModel> = {
  bulk: { bulkFree: true, freeDeviceOnEmpty: true, teardown: 'none', exactEvents: false },
  'per-irq': { bulkFree: false, freeDeviceOnEmpty: true, teardown: 'none', exactEvents: false },
  'per-device': { bulkFree: false, freeDeviceOnEmpty: false, teardown: 'its_msi_teardown', exactEvents: false },
  region: { bulkFree: false, freeDeviceOnEmpty: false, teardown: 'region', exactEvents: true },
};

export interface ItsOptions {
  itsFree: ItsFreePolicy;
  /** The global LPI allocator (one for all ITSes of the machine). */
  lpis: LpiRanges;
  /** GITS_TYPER.Devbits + 1: DevIDs must be below 2^deviceIdBits (default 32). */
  deviceIdBits?: number;
  /** GITS_TYPER.ITT_entry_size + 1, bytes per ITT entry (default 8). */
  ittEntrySize?: number;
  /** cpu_lpi_count, shared by every ITS of the machine (default: a fresh one of nrCpuIds). */
  cpuCounts?: CpuLpiCount;
  /** nr_cpu_ids when cpuCounts is not given (default 256). */
  nrCpuIds?: number;
  /** CPUs of the ITS's NUMA node; undefined for NUMA_NO_NODE. */
  nodeCpus?: readonly number[];
  /** ITS_FLAGS_WORKAROUND_CAVIUM_23144: LPIs never cross sockets. */
  cavium23144?: boolean;
  sink?: ItsSink | null;
}

/** What activation and affinity changes need to know about one interrupt. */
export interface ItsIrqInfo {
  /** irqd_affinity_is_managed. */
  managed: boolean;
  /** The interrupt's affinity mask (irq_data_get_affinity_mask). */
  affinity: readonly number[];
}

export interface PrepareOptions {
  /** MSI_ALLOC_FLAGS_PROXY_DEVICE (DMA alias behind a bridge): mark the device shared. */
  proxy?: boolean;
}

/** Teardown outcome, as the its_device_teardown event reports it. */
export type TeardownOutcome = 'none' | 'freed' | 'kept-shared' | 'kept-busy';

const hex = (n: number) => n.toString(16);

export class Its {
  readonly policy: ItsFreePolicy;
  readonly lpis: LpiRanges;
  /** its_device_list, keyed by DevID. */
  readonly devices = new Map<number, ItsDevice>();
  readonly deviceIdBits: number;
  readonly ittEntrySize: number;
  readonly cpuCounts: CpuLpiCount;
  readonly nodeCpus: readonly number[] | undefined;
  readonly cavium23144: boolean;
  sink: ItsSink | null;
  /** Number of WARN conditions hit so far. */
  warnings = 0;
  private readonly model: ItsFreeModel;

  constructor(opts: ItsOptions) {
    this.policy = opts.itsFree;
    this.model = ITS_FREE_MODELS[opts.itsFree];
    this.lpis = opts.lpis;
    this.deviceIdBits = opts.deviceIdBits ?? 32;
    this.ittEntrySize = opts.ittEntrySize ?? 8;
    this.cpuCounts = opts.cpuCounts ?? new CpuLpiCount(opts.nrCpuIds ?? 256);
    this.nodeCpus = opts.nodeCpus;
    this.cavium23144 = opts.cavium23144 ?? false;
    this.sink = opts.sink ?? null;
  }

  /** its_find_device. */
  findDevice(devId: number): ItsDevice | undefined {
    return this.devices.get(devId);
  }

  /**
   * its_msi_prepare: reuse the device of this DevID (marking it shared) or create it.
   * Returns the device or a negative errno (-ENOMEM when creation fails, as the kernel).
   */
  msiPrepare(devId: number, nvec: number, opts: PrepareOptions = {}): ItsDevice | number {
    const found = this.devices.get(devId);
    if (found) {
      found.shared = true;
      this.sink?.emit({ type: 'its_device_reuse', device_id: devId, message: `Reusing ITT for devID ${hex(devId)}` });
      return found;
    }
    const dev = this.createDevice(devId, nvec);
    if (!dev) return -ENOMEM;
    if (opts.proxy) dev.shared = true;
    if (this.model.teardown === 'region') dev.region = dev.nr_lpis;
    this.sink?.emit({
      type: 'its_device_create',
      device_id: devId,
      nr_ites: dev.nr_ites,
      lpi_base: dev.lpi_base,
      nr_lpis: dev.nr_lpis,
      shared: dev.shared,
    });
    return dev;
  }

  /**
   * its_create_device: DevID within the hardware's range, nvecs rounded up to a power of
   * two (with a WARN when it was not one), ITT of max(2, nvecs) entries, LPIs from the
   * global allocator (possibly fewer than asked). Null when the kernel returns NULL.
   */
  createDevice(devId: number, nvecs: number): ItsDevice | null {
    if (devId < 0 || devId >= 2 ** this.deviceIdBits) return null;
    if (!isPowerOfTwo(nvecs)) {
      this.warn('its_create_device', `WARN_ON(!is_power_of_2(nvecs)): nvecs ${nvecs} for devID ${hex(devId)}`);
      nvecs = roundupPowOfTwo(nvecs);
    }
    const nrItes = Math.max(2, nvecs);
    const lpi = this.lpis.alloc(nvecs);
    if (lpi.ret < 0) return null;
    const dev = new ItsDevice(devId, nrItes, ittBytes(nrItes, this.ittEntrySize), new EventLpiMap(lpi.base, lpi.nr_lpis), false);
    this.devices.set(devId, dev);
    return dev;
  }

  /**
   * its_alloc_device_irq: the first event of n consecutive events, or -ENOSPC. The
   * kernel takes a naturally aligned block of 2^get_count_order(n) (so 27 sets 32 bits);
   * the region model takes exactly n events aligned to their power of two.
   */
  allocEvents(dev: ItsDevice, n: number): number {
    if (!this.live(dev, 'its_irq_domain_alloc') || n < 1) return -EINVAL;
    const map = dev.event_map;
    let event: number;
    let reserved: number;
    if (this.model.exactEvents) {
      const align = roundupPowOfTwo(n);
      const at = bitmapFindZeroArea(map.lpi_map, map.nr_lpis, n, align - 1);
      event = at >= map.nr_lpis ? -ENOSPC : at;
      if (event >= 0) bitmapSetRange(map.lpi_map, event, n, true);
      reserved = n;
    } else {
      const at = map.allocRegion(n);
      event = at < 0 ? -ENOSPC : at;
      reserved = 2 ** getCountOrder(n);
    }
    if (event < 0) return event;
    this.sink?.emit({ type: 'its_events_alloc', device_id: dev.device_id, event, nvecs: n, reserved, hwirq: dev.hwirq(event) });
    return event;
  }

  /**
   * its_irq_domain_free(virq, n) for the events [event, event + n): clears the 2^order
   * region (exactly n events under the region model); before v6.16 the device is then
   * freed if it is not shared and its map is empty.
   */
  freeEvents(dev: ItsDevice, event: number, n: number): void {
    if (!this.live(dev, 'its_irq_domain_free')) return;
    const map = dev.event_map;
    if (n < 1 || event < 0 || event + n > map.nr_lpis) {
      this.warn('its_irq_domain_free', `events ${event}..${event + n - 1} outside devID ${hex(dev.device_id)}'s ${map.nr_lpis} events`);
      return;
    }
    let released: number;
    if (this.model.exactEvents) {
      bitmapSetRange(map.lpi_map, event, n, false);
      released = n;
    } else {
      map.releaseRegion(event, n);
      released = 2 ** getCountOrder(n);
    }
    this.sink?.emit({ type: 'its_events_free', device_id: dev.device_id, event, nvecs: n, released });
    if (this.model.freeDeviceOnEmpty && !dev.shared && map.isEmpty()) this.freeDevice(dev);
  }

  /**
   * The MSI core giving back one allocation of n interrupts: one domain free call for
   * the block under `bulk`, else one call per interrupt.
   */
  freeIrqs(dev: ItsDevice, event: number, n: number): void {
    if (this.model.bulkFree || n === 1) {
      this.freeEvents(dev, event, n);
      return;
    }
    for (let i = 0; i < n && !dev.freed; i++) this.freeEvents(dev, event + i, 1);
  }

  /**
   * `.msi_teardown` when the device's MSI domain goes (unbind, failed probe). None before
   * v6.16. its_msi_teardown: kept if shared; WARN_ON_ONCE and kept if events remain;
   * else LPIs freed, MAPD(invalid), device freed. Region model: kept if shared, else the
   * whole region is released, padding included.
   */
  teardown(dev: ItsDevice): TeardownOutcome {
    const kind = this.model.teardown;
    if (kind === 'none' || !this.live(dev, 'its_msi_teardown')) return 'none';
    let outcome: TeardownOutcome;
    if (dev.shared) {
      outcome = 'kept-shared';
    } else if (kind === 'its_msi_teardown' && !dev.event_map.isEmpty()) {
      this.warn(
        'its_msi_teardown',
        `WARN_ON_ONCE(!bitmap_empty(lpi_map, nr_lpis)): devID ${hex(dev.device_id)} still has events ${dev.event_map.format()}`,
      );
      outcome = 'kept-busy';
    } else {
      outcome = 'freed';
    }
    this.sink?.emit({ type: 'its_device_teardown', device_id: dev.device_id, outcome });
    if (outcome === 'freed') {
      bitmapSetRange(dev.event_map.lpi_map, 0, dev.nr_lpis, false);
      this.freeDevice(dev);
    }
    return outcome;
  }

  /**
   * its_irq_domain_activate: pick the least loaded CPU (its_select_cpu with the online
   * mask), count the LPI there, record it in col_map and send MAPTI. CPU or -EINVAL.
   */
  activate(dev: ItsDevice, event: number, irq: ItsIrqInfo, online: readonly number[]): number {
    if (!this.live(dev, 'its_irq_domain_activate') || !this.inRange(dev, event, 'its_irq_domain_activate')) return -EINVAL;
    const cpu = this.selectCpu(irq, online, online);
    if (cpu < 0 || cpu >= this.cpuCounts.nrCpuIds) return -EINVAL;
    this.cpuCounts.inc(cpu, irq.managed);
    dev.event_map.col_map[event] = cpu;
    this.sink?.emit({ type: 'its_mapti', device_id: dev.device_id, event, hwirq: dev.hwirq(event), cpu });
    return cpu;
  }

  /** its_irq_domain_deactivate: uncount the LPI on its CPU and send DISCARD. */
  deactivate(dev: ItsDevice, event: number, irq: ItsIrqInfo): void {
    if (!this.live(dev, 'its_irq_domain_deactivate') || !this.inRange(dev, event, 'its_irq_domain_deactivate')) return;
    const cpu = dev.event_map.col_map[event];
    this.cpuCounts.dec(cpu, irq.managed);
    this.sink?.emit({ type: 'its_discard', device_id: dev.device_id, event, hwirq: dev.hwirq(event), cpu });
  }

  /**
   * its_set_affinity: uncount, choose (its_select_cpu, or least loaded of the mask when
   * forced), MOVI if the CPU changes, count again. The CPU, or -EINVAL (nothing changed).
   */
  setAffinity(dev: ItsDevice, event: number, irq: ItsIrqInfo, mask: readonly number[], online: readonly number[], force = false): number {
    if (!this.live(dev, 'its_set_affinity') || !this.inRange(dev, event, 'its_set_affinity')) return -EINVAL;
    const prev = dev.event_map.col_map[event];
    this.cpuCounts.dec(prev, irq.managed);
    const cpu = force ? this.cpuCounts.pickLeastLoaded(mask, irq.managed) : this.selectCpu(irq, mask, online);
    if (cpu < 0 || cpu >= this.cpuCounts.nrCpuIds) {
      this.cpuCounts.inc(prev, irq.managed);
      return -EINVAL;
    }
    if (cpu !== prev) {
      dev.event_map.col_map[event] = cpu;
      this.sink?.emit({ type: 'its_movi', device_id: dev.device_id, event, hwirq: dev.hwirq(event), cpu });
    }
    this.cpuCounts.inc(cpu, irq.managed);
    return cpu;
  }

  private selectCpu(irq: ItsIrqInfo, mask: readonly number[], online: readonly number[]): number {
    return itsSelectCpu(this.cpuCounts, {
      managed: irq.managed,
      mask,
      affinity: irq.affinity,
      online,
      nodeCpus: this.nodeCpus,
      cavium23144: this.cavium23144,
    });
  }

  private inRange(dev: ItsDevice, event: number, site: string): boolean {
    if (event >= 0 && event < dev.nr_lpis) return true;
    this.warn(site, `event ${event} outside devID ${hex(dev.device_id)}'s ${dev.nr_lpis} events`);
    return false;
  }

  /** its_lpi_free + its_send_mapd(dev, 0) + its_free_device. */
  private freeDevice(dev: ItsDevice): void {
    this.lpis.free(dev.lpi_base, dev.nr_lpis);
    this.devices.delete(dev.device_id);
    dev.freed = true;
    this.sink?.emit({ type: 'its_device_free', device_id: dev.device_id, lpi_base: dev.lpi_base, nr_lpis: dev.nr_lpis });
  }

  private live(dev: ItsDevice, site: string): boolean {
    if (!dev.freed && this.devices.get(dev.device_id) === dev) return true;
    this.warn(site, `devID ${hex(dev.device_id)}: ITS device already freed`);
    return false;
  }

  private warn(site: string, message: string): void {
    this.warnings++;
    this.sink?.emit({ type: 'warning', site, message });
  }

  // --- The MSI core's call pattern for one driver binding -------------------------------

  /**
   * pci_alloc_irq_vectors as the MSI core drives the ITS: prepare (PCI or platform
   * front end), then one allocation of nvec events for Multi-MSI or nvec allocations of
   * one for MSI-X. On failure what was allocated is given back, the device's MSI domain
   * is torn down (v6.16+ and region model) and a failure is reported; returns -errno.
   */
  bindMsi(req: MsiRequest): MsiBinding | number {
    const want = Math.max(req.nvec, req.hwsize ?? 0);
    const args = req.platform
      ? itsPmsiPrepareArgs(req.devId, want)
      : itsPciMsiPrepareArgs({ devId: req.devId, nvec: want, aliasCount: req.aliasCount });
    const prepared = this.msiPrepare(args.devId, args.nvec, { proxy: args.proxy });
    if (typeof prepared === 'number') return this.failBind(prepared, req);
    const dev = prepared;
    const sizes = req.kind === 'msi' ? [req.nvec] : new Array<number>(req.nvec).fill(1);
    const binding: MsiBinding = { dev, kind: req.kind, nvec: req.nvec, allocs: [] };
    for (const size of sizes) {
      const event = this.allocEvents(dev, size);
      if (event < 0) {
        this.releaseBinding(binding);
        return this.failBind(event, req);
      }
      binding.allocs.push({ event, nvec: size });
    }
    return binding;
  }

  /** Driver unbind: every allocation given back (bulk or per irq), then teardown. */
  unbindMsi(binding: MsiBinding): TeardownOutcome {
    return this.releaseBinding(binding);
  }

  private releaseBinding(b: MsiBinding): TeardownOutcome {
    for (const a of b.allocs) if (!b.dev.freed) this.freeIrqs(b.dev, a.event, a.nvec);
    b.allocs.length = 0;
    return b.dev.freed ? 'none' : this.teardown(b.dev);
  }

  private failBind(err: number, req: MsiRequest): number {
    this.sink?.emit({
      type: 'failure',
      site: 'pci_alloc_irq_vectors',
      errno: err,
      message: `devID ${hex(req.devId)}: Failed to allocate MSI vectors! (${req.nvec} ${req.kind === 'msi' ? 'Multi-MSI' : 'MSI-X'})`,
    });
    return err;
  }
}

export interface MsiRequest {
  devId: number;
  kind: 'msi' | 'msix';
  /** Vectors the driver asks for (Multi-MSI: 1..32). */
  nvec: number;
  /** DMA alias count when the device aliases to another DevID (see pciAliasCount). */
  aliasCount?: number;
  /** Size of the device's MSI domain when it raises prepare's nvec (v6.2+). */
  hwsize?: number;
  /** Platform MSI (its_pmsi_prepare) instead of PCI. */
  platform?: boolean;
}

/** One bound driver's interrupts on the ITS: each allocation's first event and size. */
export interface MsiBinding {
  dev: ItsDevice;
  kind: 'msi' | 'msix';
  nvec: number;
  allocs: Array<{ event: number; nvec: number }>;
}
