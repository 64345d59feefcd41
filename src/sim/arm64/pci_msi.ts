// PCI MSI and MSI-X on the GICv3 ITS: pci_alloc_irq_vectors / pci_free_irq_vectors as
// kernel/irq/msi.c drives them (msi_domain_prepare_irqs -> its_pci_msi_prepare ->
// its_msi_prepare, __msi_domain_alloc_irqs with one irq_domain_alloc_irqs per msi_desc,
// msi_init_virq's early activation, msi_domain_free_locked), the PCI MSI domains above the
// ITS (drivers/pci/msi/irqdomain.c, drivers/irqchip/irq-msi-lib.c) and pci_msi_domain_calc_hwirq.
import { errnoName, EINVAL, ENOSPC } from '../lib/errno';
import { cpumaskIntersects, cpumaskOf } from '../core/cpumask';
import type { IrqAffinityDesc } from '../core/desc';
import type { Genirq } from '../core/genirq';
import {
  IRQCHIP_ONESHOT_SAFE,
  IRQD_MANAGED_SHUTDOWN,
  type IrqChip,
  type IrqData,
  irqdAffinityIsManaged,
  irqdIsActivated,
  irqdSet,
} from '../core/irqdata';
import {
  type IrqDomain,
  type IrqDomainOps,
  IRQ_DOMAIN_FLAG_MSI,
  IRQ_DOMAIN_FLAG_MSI_DEVICE,
  IRQ_DOMAIN_NAME_ALLOCATED,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
  irqDomainFreeIrqsParent,
  irqDomainRemove,
  irqDomainSetHwirqAndChip,
} from '../core/irqdomain';
import type { PciFunction, Result, VectorRequest } from '../engine/backend';
import { ok, refused } from '../engine/backend';
import { parseBdf, pciMsiHwirqBase } from '../pci/pci';
import type { ItsAllocArg, ItsHost } from './its_domain';
import type { Its } from './its';
import type { ItsDevice } from './its_device';
import { itsPciMsiPrepareArgs } from './its_device';
import { getCountOrder } from './its_events';

/**
 * `global`: one PCI MSI domain per ITS ("<its node>-3", chip "ITS-MSI", hwirq from
 * pci_msi_domain_calc_hwirq), the layout before the ITS became an MSI parent (v6.15).
 * `per-device`: msi_create_device_irq_domain's "ITS-PCI-MSI(X)-<bdf>" domains (hwirq = index).
 */
export type MsiDomainLayout = 'global' | 'per-device';

/** msi_domain_set_affinity: the parent (ITS) level decides. */
function msiSetAffinity(d: IrqData, mask: Uint32Array, force: boolean): number {
  const parent = d.parentData;
  if (!parent?.chip?.irqSetAffinity) return -EINVAL;
  return parent.chip.irqSetAffinity(parent, mask, force);
}

/** The MSI chip of a domain (template chip name with the parent's prefix and device). */
function msiChip(name: string): IrqChip {
  return Object.freeze({ name, flags: IRQCHIP_ONESHOT_SAFE, irqSetAffinity: msiSetAffinity });
}

/** What each MSI domain keeps. */
export class MsiHost {
  constructor(
    /** Chip of the interrupts of this domain. */
    readonly chip: IrqChip,
    /** True for the global domain: hwirq = pci_msi_domain_calc_hwirq. */
    readonly global: boolean,
  ) {}
}

interface MsiAllocArg {
  its: ItsAllocArg;
  /** msi_index of the first interrupt. */
  index: number;
  /** pci_msi_domain_calc_hwirq without the index: rid << 11 | segment << 27. */
  hwirqBase: number;
  bdf: string;
  /** The allocation reached the domain's alloc (descriptors were found). */
  reached: boolean;
}

function msiAlloc(domain: IrqDomain, virq: number, nrIrqs: number, arg: unknown): number {
  const a = arg as MsiAllocArg;
  const host = domain.hostData as MsiHost;
  a.reached = true;
  const ret = irqDomainAllocIrqsParent(domain, virq, nrIrqs, a.its);
  if (ret < 0) return ret;
  for (let i = 0; i < nrIrqs; i++) {
    const hwirq = host.global ? a.hwirqBase + a.index + i : a.index + i;
    irqDomainSetHwirqAndChip(domain, virq + i, hwirq, host.chip, null);
    const desc = domain.core.irqToDesc(virq + i)!;
    desc.handler = 'handle_fasteoi_irq';
    desc.devName = a.bdf;
  }
  return 0;
}

function msiFree(domain: IrqDomain, virq: number, nrIrqs: number): void {
  irqDomainFreeIrqsParent(domain, virq, nrIrqs);
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * msi_domain_debug_show (v6.15+), printed under the MSI level of irqs/N on the per-device
 * domains: the message the device writes (GITS_TRANSLATER = ITS base + 0x10040, the event).
 */
function msiDebugShow(domain: IrqDomain, d: IrqData | null, ind: number): string {
  const host = domain.hostData as MsiHost;
  const its = d?.parentData;
  if (!d || host.global || !its?.domain) return '';
  const dev = its.chipData as ItsDevice | null;
  const node = (its.domain.hostData as ItsHost).node;
  const translater = parseInt(node.slice(node.lastIndexOf('@') + 1), 16) + 0x10040;
  const sp = ' '.repeat(ind);
  return (
    `${sp}${host.chip.name.startsWith('ITS-PCI-MSIX-') ? 'msix' : 'msi'}:\n` +
    `${sp} address_hi: ${hex8(0)}\n${sp} address_lo: ${hex8(translater)}\n` +
    `${sp} msg_data:   ${hex8(dev ? dev.eventOf(its.hwirq) : 0)}\n`
  );
}

export const MSI_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: msiAlloc, free: msiFree, debugShow: msiDebugShow });

/** One driver's vectors on the ITS: each allocation's first irq, size and first event. */
export interface PciMsiBinding {
  fnId: string;
  kind: 'msi' | 'msix';
  domain: IrqDomain;
  its: Its;
  dev: ItsDevice;
  allocs: Array<{ virq: number; n: number; event: number }>;
}

const hex = (n: number) => `0x${n.toString(16)}`;

export class ItsMsi {
  readonly bindings = new Map<string, PciMsiBinding>();
  /** Every PCI function seen, for DMA aliases (aliasOf names another device). */
  readonly fns = new Map<string, PciFunction>();
  /** Vectors each function last asked for: our stand-in for its MSI/MSI-X capability size. */
  readonly caps = new Map<string, number>();
  /** The global layout's domain per ITS (empty under `per-device`). */
  readonly globalDomains: IrqDomain[] = [];

  constructor(
    readonly core: Genirq,
    readonly itsDomains: IrqDomain[],
    readonly layout: MsiDomainLayout,
  ) {
    if (layout === 'global') {
      for (const d of itsDomains) {
        const node = (d.hostData as ItsHost).node;
        // its_pci_msi_init_one: pci_msi_create_irq_domain on the ITS fwnode, DOMAIN_BUS_PCI_MSI (3).
        this.globalDomains.push(
          irqDomainCreate(core, {
            name: `${node}-3`,
            ops: MSI_DOMAIN_OPS,
            parent: d,
            flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI,
            hostData: new MsiHost(msiChip('ITS-MSI'), true),
            busToken: 3,
          }),
        );
      }
    }
  }

  /** The ITS a function's MSIs go to: the host bridge of PCI segment s uses ITS s mod n. */
  itsIndexOf(fn: PciFunction): number {
    return parseBdf(fn.bdf).domain % this.itsDomains.length;
  }

  /** pci_alloc_irq_vectors(PCI_IRQ_MSI or PCI_IRQ_MSIX): the Linux irqs, or the kernel's error. */
  alloc(fn: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    this.fns.set(fn.id, fn);
    const nvec = vectors.length;
    this.caps.set(fn.id, nvec);
    if (nvec < 1 || this.bindings.has(fn.id)) {
      return refused(-EINVAL, '-EINVAL', `__pci_enable_msi(x)_range: ${fn.id} asks for ${nvec} vectors or has MSI enabled already`);
    }
    const itsDomain = this.itsDomains[this.itsIndexOf(fn)];
    const its = (itsDomain.hostData as ItsHost).its;
    // its_pci_msi_prepare: the DevID of the last DMA alias; an aliased device is a proxy.
    let devId = fn.rid;
    let aliasCount: number | undefined;
    if (fn.aliasOf) {
      const alias = this.fns.get(fn.aliasOf);
      if (alias) {
        devId = alias.rid;
        aliasCount = this.aliasGroupCount(fn.aliasOf);
      } else {
        this.core.log('warn', 'its_pci_msi_prepare', `${fn.id}: DMA alias ${fn.aliasOf} not seen by the PCI core yet; using its own requester ID`);
      }
    }
    const args = itsPciMsiPrepareArgs({ devId, nvec, aliasCount });
    const prepared = its.msiPrepare(args.devId, args.nvec, { proxy: args.proxy });
    if (typeof prepared === 'number') {
      return refused(prepared, errnoName(prepared), `its_msi_prepare: its_create_device failed for DevID ${hex(args.devId)} (${args.nvec} events: out of LPIs or DevID out of range)`);
    }
    const domain = this.layout === 'global' ? this.globalDomains[this.itsIndexOf(fn)] : this.createDeviceDomain(fn, kind, itsDomain);
    const binding: PciMsiBinding = { fnId: fn.id, kind, domain, its, dev: prepared, allocs: [] };
    const hwirqBase = pciMsiHwirqBase(fn.rid, fn.bdf);
    const sizes = kind === 'msi' ? [nvec] : new Array<number>(nvec).fill(1);
    const irqs: number[] = [];
    let index = 0;
    for (const size of sizes) {
      const arg: MsiAllocArg = { its: { dev: prepared, event: -1 }, index, hwirqBase, bdf: fn.bdf, reached: false };
      const virq = irqDomainAllocIrqs(domain, -1, size, -1, arg, false, this.affinityOf(vectors, index, size));
      if (virq < 0) {
        const why = this.allocFailure(virq, arg, prepared, size);
        this.release(binding);
        return refused(virq, errnoName(virq), why);
      }
      binding.allocs.push({ virq, n: size, event: arg.its.event });
      for (let i = 0; i < size; i++) {
        irqs.push(virq + i);
        const ret = this.initVirq(virq + i);
        if (ret < 0) {
          this.release(binding);
          return refused(ret, errnoName(ret), `msi_init_virq: activation of irq ${virq + i} failed (its_irq_domain_activate found no target CPU)`);
        }
      }
      index += size;
    }
    this.bindings.set(fn.id, binding);
    return ok(irqs);
  }

  /** pci_free_irq_vectors: deactivate, free every allocation, then tear the device domain down. */
  free(fn: PciFunction, irqs: number[]): void {
    const b = this.bindings.get(fn.id);
    if (!b) return;
    for (const irq of irqs) {
      if (this.core.irqToDesc(irq)?.actions.length) {
        this.core.warn('pci_msi_teardown_msi_irqs', `irq ${irq} of ${fn.bdf} still has an action`);
      }
    }
    this.release(b);
    this.bindings.delete(fn.id);
  }

  /** Irqs of a bound function, in vector order. */
  irqsOf(fnId: string): number[] {
    const b = this.bindings.get(fnId);
    const out: number[] = [];
    if (b) for (const a of b.allocs) for (let i = 0; i < a.n; i++) out.push(a.virq + i);
    return out;
  }

  /**
   * its_pci_msi_vec_count summed over the alias's group (pci_walk_bus of the aliasing bridge's
   * bus): the alias and every function aliasing to it, with the vectors each asked for so far.
   */
  private aliasGroupCount(alias: string): number {
    let n = this.caps.get(alias) ?? 0;
    for (const f of this.fns.values()) if (f.aliasOf === alias) n += this.caps.get(f.id) ?? 0;
    return n;
  }

  /** msi_create_device_irq_domain: "ITS-" + template chip + "-" + dev_name, bus token 11 / 12. */
  private createDeviceDomain(fn: PciFunction, kind: 'msi' | 'msix', itsDomain: IrqDomain): IrqDomain {
    const chipName = `ITS-${kind === 'msi' ? 'PCI-MSI' : 'PCI-MSIX'}-${fn.bdf}`;
    const token = kind === 'msi' ? 11 : 12;
    return irqDomainCreate(this.core, {
      name: `${chipName}-${token}`,
      ops: MSI_DOMAIN_OPS,
      parent: itsDomain,
      flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI | IRQ_DOMAIN_FLAG_MSI_DEVICE,
      hostData: new MsiHost(msiChip(chipName), false),
      busToken: token,
    });
  }

  private affinityOf(vectors: VectorRequest[], from: number, n: number): IrqAffinityDesc[] | null {
    let any = false;
    for (let i = from; i < from + n; i++) if (vectors[i].affinity) any = true;
    if (!any) return null;
    const out: IrqAffinityDesc[] = [];
    for (let i = from; i < from + n; i++) {
      const v = vectors[i];
      out.push({
        mask: v.affinity ? cpumaskOf(this.core.nrCpus, v.affinity) : this.core.defaultAffinity.slice(),
        isManaged: v.managed && v.affinity !== null,
      });
    }
    return out;
  }

  /** msi_init_virq: a managed interrupt without online CPU waits shut down; others activate now. */
  private initVirq(virq: number): number {
    const d = this.core.irqToDesc(virq)!.irqData;
    if (irqdAffinityIsManaged(d) && !cpumaskIntersects(d.common.affinity, this.core.online)) {
      irqdSet(d, IRQD_MANAGED_SHUTDOWN);
      return 0;
    }
    return irqDomainActivateIrq(d, false);
  }

  private allocFailure(err: number, arg: MsiAllocArg, dev: ItsDevice, size: number): string {
    if (!arg.reached) {
      return `__irq_alloc_descs could not find ${size} free IRQ number(s) (${errnoName(err)}) for ${arg.bdf}`;
    }
    if (err === -ENOSPC) {
      const block = 2 ** getCountOrder(size);
      return (
        `its_alloc_device_irq: DevID ${hex(dev.device_id)} has no free aligned block of ${block} event(s) ` +
        `in its ${dev.nr_lpis}-event map (in use: ${dev.event_map.format() || 'none'})`
      );
    }
    return `its_irq_domain_alloc failed (${errnoName(err)}) for ${arg.bdf}`;
  }

  /**
   * msi_domain_free_locked: activated interrupts are deactivated, each allocation freed
   * (descriptors through irq_domain_free_irqs, events through Its.freeIrqs: one domain free
   * call for the block under `bulk`, one per interrupt otherwise), then `.msi_teardown`
   * (v6.16+, region model) and the per-device domain is removed.
   */
  private release(b: PciMsiBinding): void {
    for (const a of b.allocs) {
      for (let i = 0; i < a.n; i++) {
        const desc = this.core.irqToDesc(a.virq + i);
        if (desc && irqdIsActivated(desc.irqData)) irqDomainDeactivateIrq(desc.irqData);
      }
      irqDomainFreeIrqs(this.core, a.virq, a.n);
      if (!b.dev.freed) b.its.freeIrqs(b.dev, a.event, a.n);
    }
    b.allocs.length = 0;
    if (!b.dev.freed) b.its.teardown(b.dev);
    if (this.layout === 'per-device') irqDomainRemove(b.domain);
  }
}
