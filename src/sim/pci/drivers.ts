// What each driver does with interrupts at probe and remove: drivers/nvme/host/pci.c
// (nvme_setup_irqs: 1 admin vector + managed queue vectors, pre_vectors = 1), a multiqueue
// NIC (one MSI-X vector per queue pair, not managed), a Multi-MSI device
// (pci_alloc_irq_vectors(PCI_IRQ_MSI): one block, power of two) and a legacy INTx device
// (request_irq(IRQF_SHARED) on the swizzled host-bridge line).
import { affinityRuleLabel, nvmeAffinity, type AffinityRule, type CpuTopology } from '../core/affinity';
import { EINVAL } from '../lib/errno';
import type { DeviceSpec } from '../scenario/schema';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../engine/backend';
import { OK, ok, refused } from '../engine/backend';
import { hostBridgeLine, parseBdf } from './pci';

export interface DeviceState {
  spec: DeviceSpec;
  fn: PciFunction;
  bound: boolean;
  /** Linux irq of each vector index while bound (INTx: the shared line). */
  irqs: number[];
  /** INTx: the mapped host-bridge line (irq_create_mapping at device add), or -1. */
  line: number;
  /** Per vector index while bound: the spreading rule that made its managed mask, or "". */
  placedBy?: string[];
}

/** The PCI core maps a legacy device's INTx line when the device appears. */
export function mapIntx(backend: ArchBackend, dev: DeviceState): Result {
  const { spec } = dev;
  if (spec.type !== 'intx') return OK;
  const slot = spec.slot ?? parseBdf(dev.fn.bdf).dev;
  const line = backend.intxMap(dev.fn, hostBridgeLine(spec.pin, slot));
  if (!line.ok) return line;
  dev.line = line.value;
  return OK;
}

/** ... and disposes of the mapping when the device goes away (irq_dispose_mapping). */
export function disposeIntx(backend: ArchBackend, dev: DeviceState): void {
  if (dev.line >= 0) backend.intxDispose(dev.fn, dev.line);
  dev.line = -1;
}

/** Interrupt names as /proc/interrupts shows them for vector `i` of the device. */
export function irqName(spec: DeviceSpec, i: number): string {
  switch (spec.type) {
    case 'nvme':
      return `${spec.id}q${i}`;
    case 'nic':
      return `${spec.id}-TxRx-${i}`;
    case 'msi':
      return spec.vectors > 1 ? `${spec.id}-${i}` : spec.id;
    case 'intx':
      return spec.id;
  }
}

function vectorRequests(spec: DeviceSpec, topology: CpuTopology, rule: AffinityRule): VectorRequest[] {
  switch (spec.type) {
    case 'nvme': {
      const { masks, managed } = nvmeAffinity(topology, spec.queues, null, rule);
      return masks.map((m, i) => ({ affinity: managed[i] ? m : null, managed: managed[i] }));
    }
    case 'nic':
      return Array.from({ length: spec.queues }, () => ({ affinity: null, managed: false }));
    case 'msi':
      return Array.from({ length: spec.vectors }, () => ({ affinity: null, managed: false }));
    case 'intx':
      return [];
  }
}

/**
 * The driver probes: allocate the device's vectors and request each of them. `rule` is the
 * release's managed-interrupt spreading (KernelPolicies.affinity; default current mainline).
 */
export function probe(backend: ArchBackend, dev: DeviceState, topology: CpuTopology, rule: AffinityRule = 'v7.0'): Result {
  const { spec } = dev;
  if (spec.type === 'intx') {
    if (dev.line < 0) {
      const mapped = mapIntx(backend, dev);
      if (!mapped.ok) return mapped;
    }
    const req = backend.requestIrq(dev.line, irqName(spec, 0), spec.id, true);
    if (!req.ok) return req;
    dev.irqs = [dev.line];
    dev.bound = true;
    return OK;
  }
  const kind = spec.type === 'msi' ? 'msi' : 'msix';
  const requests = vectorRequests(spec, topology, rule);
  // Before v6.17 a managed vector past the CPUs keeps the empty mask group_cpus_evenly left it,
  // and __irq_alloc_descs -> alloc_descs refuses any empty affinity mask.
  const empty = requests.findIndex((r) => r.managed && r.affinity !== null && r.affinity.length === 0);
  if (empty >= 0) {
    return refused(
      -EINVAL,
      '-EINVAL',
      `alloc_descs: vector ${empty} has an empty affinity mask (${affinityRuleLabel(rule)} found CPUs for fewer groups than the ${requests.length - 1} queues)`,
    );
  }
  const alloc = backend.msiAlloc(dev.fn, kind, requests);
  if (!alloc.ok) return alloc;
  const irqs = alloc.value;
  for (let i = 0; i < irqs.length; i++) {
    const req = backend.requestIrq(irqs[i], irqName(spec, i), spec.id, false);
    if (!req.ok) {
      for (let j = 0; j < i; j++) backend.freeIrq(irqs[j], spec.id);
      backend.msiFree(dev.fn, irqs);
      return req;
    }
  }
  dev.irqs = irqs;
  dev.placedBy = requests.map((r) => (r.managed ? affinityRuleLabel(rule) : ''));
  dev.bound = true;
  return ok(undefined);
}

/** The driver is removed: free_irq on every vector, then release the vectors. */
export function unbind(backend: ArchBackend, dev: DeviceState): void {
  for (const irq of dev.irqs) backend.freeIrq(irq, dev.spec.id);
  if (dev.spec.type !== 'intx') backend.msiFree(dev.fn, dev.irqs);
  dev.bound = false;
  dev.irqs = [];
  dev.placedBy = undefined;
}
