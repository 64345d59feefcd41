// IRQ domains of kernel/irq/irqdomain.c: hierarchical allocation (irq_domain_alloc_irqs,
// irq_domain_free_irqs with one ops->free call per interrupt since v5.11), activation (parent
// first) and deactivation (child first), mapcounts and reverse maps, and the flat mappings
// irq_create_mapping / irq_find_mapping / irq_dispose_mapping with the mappingRefcount policy.
import { EINVAL, ENOSYS } from '../lib/errno';
import type { IrqAffinityDesc } from './desc';
import type { Genirq } from './genirq';
import {
  type IrqChip,
  IrqData,
  IRQD_ACTIVATED,
  IRQ_NOREQUEST,
  irqdClear,
  irqdIsActivated,
  irqdSet,
} from './irqdata';

// enum irq_domain flags (include/linux/irqdomain.h)
/** ENOENT and EPERM (not in lib/errno yet). */
const ENOENT = 2;
const EPERM = 1;

export const IRQ_DOMAIN_FLAG_HIERARCHY = 1 << 0;
export const IRQ_DOMAIN_NAME_ALLOCATED = 1 << 1;
export const IRQ_DOMAIN_FLAG_IPI_PER_CPU = 1 << 2;
export const IRQ_DOMAIN_FLAG_IPI_SINGLE = 1 << 3;
export const IRQ_DOMAIN_FLAG_MSI = 1 << 4;
export const IRQ_DOMAIN_FLAG_ISOLATED_MSI = 1 << 5;
export const IRQ_DOMAIN_FLAG_NO_MAP = 1 << 6;
export const IRQ_DOMAIN_FLAG_MSI_PARENT = 1 << 8;
export const IRQ_DOMAIN_FLAG_MSI_DEVICE = 1 << 9;
export const IRQ_DOMAIN_FLAG_DESTROY_GC = 1 << 10;
export const IRQ_DOMAIN_FLAG_NONCORE = 1 << 16;

/**
 * struct irq_domain_ops. Hierarchical domains implement alloc/free (and usually
 * activate/deactivate); flat (legacy, linear) domains implement map/unmap. debugShow returns
 * the text the kernel's debug_show(m, d, irqd, ind) prints (irqd null: the domain file).
 */
export interface IrqDomainOps {
  alloc?(d: IrqDomain, virq: number, nrIrqs: number, arg: unknown): number;
  free?(d: IrqDomain, virq: number, nrIrqs: number): void;
  activate?(d: IrqDomain, irqd: IrqData, reserve: boolean): number;
  deactivate?(d: IrqDomain, irqd: IrqData): void;
  map?(d: IrqDomain, virq: number, hwirq: number): number;
  unmap?(d: IrqDomain, virq: number): void;
  debugShow?(d: IrqDomain, irqd: IrqData | null, ind: number): string;
}

export interface IrqDomainInfo {
  name: string;
  ops: IrqDomainOps;
  parent?: IrqDomain | null;
  /** Linear revmap size (debugfs "size:"); 0 for a tree domain. */
  size?: number;
  /** Largest hwirq + 1 (hwirq_max); default: size, or unlimited for a tree. */
  hwirqMax?: number;
  /** IRQ_DOMAIN_FLAG_*; HIERARCHY is added when there is a parent or an alloc op. */
  flags?: number;
  hostData?: unknown;
  /** enum irq_domain_bus_token (DOMAIN_BUS_ANY = 0 ...). */
  busToken?: number;
}

export class IrqDomain {
  readonly core: Genirq;
  readonly name: string;
  readonly ops: IrqDomainOps;
  readonly parent: IrqDomain | null;
  readonly revmapSize: number;
  readonly hwirqMax: number;
  flags: number;
  hostData: unknown;
  busToken: number;
  /** Live mappings (debugfs "mapped:"). */
  mapcount = 0;
  /** Reverse map hwirq -> virq (linear revmap and radix tree alike). */
  readonly revmap = new Map<number, number>();
  /** References per virq under the mappingRefcount policy. */
  readonly mappingRefs = new Map<number, number>();

  constructor(core: Genirq, info: IrqDomainInfo) {
    this.core = core;
    this.name = info.name;
    this.ops = info.ops;
    this.parent = info.parent ?? null;
    this.revmapSize = info.size ?? 0;
    this.hwirqMax = info.hwirqMax ?? (this.revmapSize > 0 ? this.revmapSize : Number.MAX_SAFE_INTEGER);
    this.flags = info.flags ?? 0;
    if (this.parent || info.ops.alloc) this.flags |= IRQ_DOMAIN_FLAG_HIERARCHY;
    this.hostData = info.hostData ?? null;
    this.busToken = info.busToken ?? 0;
  }

  get isHierarchy(): boolean {
    return (this.flags & IRQ_DOMAIN_FLAG_HIERARCHY) !== 0;
  }
}

/** irq_domain_create_* + irq_domain_publish: the domain joins the core's list. */
export function irqDomainCreate(core: Genirq, info: IrqDomainInfo): IrqDomain {
  const d = new IrqDomain(core, info);
  core.domains.push(d);
  return d;
}

/**
 * irq_domain_remove: the domain leaves the list whatever it still maps. The kernel WARNs only
 * when its radix tree is not empty (hwirqs at or past the linear revmap); descriptors still
 * mapped through the linear revmap keep pointing at the removed domain.
 */
export function irqDomainRemove(d: IrqDomain): void {
  let inTree = 0;
  for (const hwirq of d.revmap.keys()) if (hwirq >= d.revmapSize) inTree++;
  if (inTree > 0) d.core.warn('irq_domain_remove', `WARN_ON(!radix_tree_empty(&domain->revmap_tree)): ${d.name} still maps ${inTree} hwirq(s) in its radix tree`);
  const i = d.core.domains.indexOf(d);
  if (i >= 0) d.core.domains.splice(i, 1);
}

/** irq_domain_get_irq_data: the irq_data of virq at this domain's level, or null. */
export function irqDomainGetIrqData(domain: IrqDomain, virq: number): IrqData | null {
  const desc = domain.core.irqToDesc(virq);
  for (let d: IrqData | null = desc ? desc.irqData : null; d; d = d.parentData) if (d.domain === domain) return d;
  return null;
}

/** irq_domain_set_hwirq_and_chip */
export function irqDomainSetHwirqAndChip(
  domain: IrqDomain,
  virq: number,
  hwirq: number,
  chip: IrqChip | null,
  chipData: unknown,
): number {
  const d = irqDomainGetIrqData(domain, virq);
  if (!d) return -ENOENT;
  d.hwirq = hwirq;
  d.chip = chip;
  d.chipData = chipData;
  return 0;
}

/** irq_domain_reset_irq_data */
export function irqDomainResetIrqData(d: IrqData): void {
  d.hwirq = 0;
  d.chip = null;
  d.chipData = null;
}

/** irq_domain_free_irqs_common: reset this level's irq_data of each interrupt, then free the parent's. */
export function irqDomainFreeIrqsCommon(domain: IrqDomain, virq: number, nrIrqs: number): void {
  for (let i = 0; i < nrIrqs; i++) {
    const d = irqDomainGetIrqData(domain, virq + i);
    if (d) irqDomainResetIrqData(d);
  }
  irqDomainFreeIrqsParent(domain, virq, nrIrqs);
}

/** irq_domain_alloc_irqs_parent */
export function irqDomainAllocIrqsParent(domain: IrqDomain, virq: number, nrIrqs: number, arg: unknown): number {
  const p = domain.parent;
  if (!p || !p.ops.alloc) return -ENOSYS;
  return p.ops.alloc(p, virq, nrIrqs, arg);
}

/** irq_domain_free_irqs_parent */
export function irqDomainFreeIrqsParent(domain: IrqDomain, virq: number, nrIrqs: number): void {
  if (domain.parent) irqDomainFreeIrqsHierarchy(domain.parent, virq, nrIrqs);
}

/** irq_domain_free_irqs_hierarchy (v5.11+): one ops->free per interrupt that has data here. */
export function irqDomainFreeIrqsHierarchy(domain: IrqDomain, virq: number, nrIrqs: number): void {
  if (!domain.ops.free) return;
  for (let i = 0; i < nrIrqs; i++) if (irqDomainGetIrqData(domain, virq + i)) domain.ops.free(domain, virq + i, 1);
}

/** irq_domain_alloc_irq_data: one irq_data per parent level, linked by parent_data. */
function allocIrqData(domain: IrqDomain, virq: number, nrIrqs: number): void {
  for (let i = 0; i < nrIrqs; i++) {
    const desc = domain.core.irqToDesc(virq + i)!;
    let d = desc.irqData;
    d.domain = domain;
    for (let p = domain.parent; p; p = p.parent) {
      const nd = new IrqData(virq + i, d.common);
      nd.domain = p;
      d.parentData = nd;
      d = nd;
    }
  }
}

/** irq_domain_free_irq_data */
function freeIrqData(core: Genirq, virq: number, nrIrqs: number): void {
  for (let i = 0; i < nrIrqs; i++) {
    const desc = core.irqToDesc(virq + i);
    if (!desc) continue;
    desc.irqData.parentData = null;
    desc.irqData.domain = null;
  }
}

/** irq_domain_insert_irq: every level counts the mapping and records its reverse map. */
function insertIrq(core: Genirq, virq: number): void {
  const desc = core.irqToDesc(virq)!;
  for (let d: IrqData | null = desc.irqData; d; d = d.parentData) {
    if (!d.domain) continue;
    d.domain.mapcount++;
    d.domain.revmap.set(d.hwirq, virq);
  }
  desc.status &= ~IRQ_NOREQUEST;
}

/** irq_domain_remove_irq */
function removeIrq(core: Genirq, virq: number): void {
  const desc = core.irqToDesc(virq);
  if (!desc) return;
  for (let d: IrqData | null = desc.irqData; d; d = d.parentData) {
    if (!d.domain) continue;
    if (d.domain.revmap.get(d.hwirq) === virq) d.domain.revmap.delete(d.hwirq);
    d.domain.mapcount--;
  }
}

/**
 * __irq_domain_alloc_irqs(domain, irq_base, nr_irqs, node, arg, realloc, affinity): returns
 * the first virq or -errno. With realloc and irq_base >= 0 the descriptors already exist (an
 * ISA irq taken over by the IO-APIC).
 */
export function irqDomainAllocIrqs(
  domain: IrqDomain,
  irqBase: number,
  nrIrqs: number,
  node: number,
  arg: unknown,
  realloc = false,
  affinity: IrqAffinityDesc[] | null = null,
): number {
  const core = domain.core;
  if (!domain.ops.alloc) {
    core.warn('irq_domain_alloc_irqs', `domain ${domain.name} does not support hierarchy allocation`);
    return -ENOSYS;
  }
  let virq: number;
  if (realloc && irqBase >= 0) {
    virq = irqBase;
    for (let i = 0; i < nrIrqs; i++) {
      const desc = core.irqToDesc(virq + i);
      if (!desc || desc.irqData.domain) return -EINVAL;
    }
  } else {
    virq = core.domainAllocDescs(irqBase, nrIrqs, 0, node, affinity);
    if (virq < 0) return virq;
  }
  allocIrqData(domain, virq, nrIrqs);
  const ret = domain.ops.alloc(domain, virq, nrIrqs, arg);
  if (ret < 0) {
    freeIrqData(core, virq, nrIrqs);
    if (!(realloc && irqBase >= 0)) core.freeDescs(virq, nrIrqs);
    return ret;
  }
  for (let i = 0; i < nrIrqs; i++) insertIrq(core, virq + i);
  return virq;
}

/** irq_domain_free_irqs(virq, nr_irqs): reverse maps, ops->free per irq, irq_data, descriptors. */
export function irqDomainFreeIrqs(core: Genirq, virq: number, nrIrqs: number, keepDescs = false): void {
  const desc = core.irqToDesc(virq);
  const top = desc?.irqData.domain;
  if (!desc || !top || !top.ops.alloc) {
    core.warn('irq_domain_free_irqs', 'NULL pointer, cannot free irq');
    return;
  }
  for (let i = 0; i < nrIrqs; i++) removeIrq(core, virq + i);
  irqDomainFreeIrqsHierarchy(top, virq, nrIrqs);
  freeIrqData(core, virq, nrIrqs);
  if (!keepDescs) core.freeDescs(virq, nrIrqs);
}

function activateLevel(d: IrqData, reserve: boolean): number {
  const domain = d.domain;
  if (!domain) return 0;
  let ret = 0;
  if (d.parentData) ret = activateLevel(d.parentData, reserve);
  if (!ret && domain.ops.activate) {
    ret = domain.ops.activate(domain, d, reserve);
    // Roll back the parents if this level failed.
    if (ret && d.parentData) deactivateLevel(d.parentData);
  }
  return ret;
}

function deactivateLevel(d: IrqData): void {
  const domain = d.domain;
  if (!domain) return;
  if (domain.ops.deactivate) domain.ops.deactivate(domain, d);
  if (d.parentData) deactivateLevel(d.parentData);
}

/** irq_domain_activate_irq: parents first; IRQD_ACTIVATED once it worked. */
export function irqDomainActivateIrq(d: IrqData, reserve: boolean): number {
  if (irqdIsActivated(d)) return 0;
  const ret = activateLevel(d, reserve);
  if (!ret) irqdSet(d, IRQD_ACTIVATED);
  return ret;
}

/** irq_domain_deactivate_irq: child first, then the parents. */
export function irqDomainDeactivateIrq(d: IrqData): void {
  if (!irqdIsActivated(d)) return;
  deactivateLevel(d);
  irqdClear(d, IRQD_ACTIVATED);
}

/** irq_find_mapping(domain, hwirq): the virq, or 0. */
export function irqFindMapping(domain: IrqDomain, hwirq: number): number {
  return domain.revmap.get(hwirq) ?? 0;
}

/** irq_domain_associate_locked */
export function irqDomainAssociate(domain: IrqDomain, virq: number, hwirq: number): number {
  const core = domain.core;
  if (hwirq >= domain.hwirqMax) {
    core.warn('irq_domain_associate', `error: hwirq 0x${hwirq.toString(16)} is too large for ${domain.name}`);
    return -EINVAL;
  }
  const desc = core.irqToDesc(virq);
  if (!desc) {
    core.warn('irq_domain_associate', `error: virq${virq} is not allocated`);
    return -EINVAL;
  }
  const d = desc.irqData;
  if (d.domain) {
    core.warn('irq_domain_associate', `error: virq${virq} is already associated`);
    return -EINVAL;
  }
  d.hwirq = hwirq;
  d.domain = domain;
  if (domain.ops.map) {
    const ret = domain.ops.map(domain, virq, hwirq);
    if (ret !== 0) {
      if (ret !== -EPERM) {
        core.log('info', 'irq_domain_associate', `${domain.name} didn't like hwirq-0x${hwirq.toString(16)} to VIRQ${virq} mapping (rc=${ret})`);
      }
      d.domain = null;
      d.hwirq = 0;
      return ret;
    }
  }
  domain.mapcount++;
  domain.revmap.set(hwirq, virq);
  desc.status &= ~IRQ_NOREQUEST;
  return 0;
}

/**
 * irq_create_mapping_affinity: an existing mapping is returned as is (mainline) or with one
 * more reference (mappingRefcount); otherwise a descriptor (hint hwirq % nr_irqs) is
 * allocated and associated. Returns the virq, or 0 on failure, as the kernel does.
 */
export function irqCreateMapping(domain: IrqDomain, hwirq: number, node = -1, affinity: IrqAffinityDesc | null = null): number {
  const core = domain.core;
  const existing = irqFindMapping(domain, hwirq);
  if (existing) {
    if (core.policy.mappingRefcount) domain.mappingRefs.set(existing, (domain.mappingRefs.get(existing) ?? 1) + 1);
    return existing;
  }
  const virq = core.domainAllocDescs(-1, 1, hwirq, node, affinity ? [affinity] : null);
  if (virq <= 0) {
    core.log('info', 'irq_create_mapping', '-> virq allocation failed');
    return 0;
  }
  if (irqDomainAssociate(domain, virq, hwirq)) {
    core.freeDescs(virq, 1);
    return 0;
  }
  if (core.policy.mappingRefcount) domain.mappingRefs.set(virq, 1);
  return virq;
}

/** irq_domain_disassociate */
function irqDomainDisassociate(domain: IrqDomain, virq: number): void {
  const desc = domain.core.irqToDesc(virq);
  if (!desc || desc.irqData.domain !== domain) {
    domain.core.warn('irq_domain_disassociate', `virq${virq} doesn't belong to domain ${domain.name}`);
    return;
  }
  const d = desc.irqData;
  desc.status |= IRQ_NOREQUEST;
  d.chip = null;
  if (domain.ops.unmap) domain.ops.unmap(domain, virq);
  const hwirq = d.hwirq;
  d.domain = null;
  d.hwirq = 0;
  domain.mapcount--;
  if (domain.revmap.get(hwirq) === virq) domain.revmap.delete(hwirq);
}

/**
 * irq_dispose_mapping(virq): hierarchy -> free the whole stack for that virq; flat ->
 * disassociate and free the descriptor. Under mappingRefcount only the last reference tears
 * it down. Returns true when the mapping is gone.
 */
export function irqDisposeMapping(core: Genirq, virq: number): boolean {
  const desc = core.irqToDesc(virq);
  if (!desc) return false;
  const domain = desc.irqData.domain;
  if (!domain) {
    core.warn('irq_dispose_mapping', `virq${virq} has no domain`);
    return false;
  }
  if (core.policy.mappingRefcount && domain.mappingRefs.has(virq)) {
    const n = domain.mappingRefs.get(virq)! - 1;
    if (n > 0) {
      domain.mappingRefs.set(virq, n);
      return false;
    }
    domain.mappingRefs.delete(virq);
  }
  if (domain.isHierarchy) {
    irqDomainFreeIrqs(core, virq, 1);
  } else {
    irqDomainDisassociate(domain, virq);
    core.freeDescs(virq, 1);
  }
  return true;
}
