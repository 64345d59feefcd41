// Harness only (never in the app): a synthetic x86 snapshot so the views' drawing can be looked
// at before the engine's x86 backend fills snapshots in. ?fixture=N CPUs.
import { CELL, type Snapshot, type StampedEvent } from '../../../src/sim/snapshot';

export function synthetic(nrCpus: number, nodes: number, seed: number): { snapshot: Snapshot; events: StampedEvent[] } {
  const nv = 256;
  const cells = new Uint8Array(nrCpus * nv);
  const owner = new Int32Array(nrCpus * nv).fill(-1);
  let x = seed * 2654435761 + 1;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const system = [0x80, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
  const irqs: Snapshot['irqs'] = [];
  let irq = 24;
  for (let c = 0; c < nrCpus; c++) {
    for (let v = 0; v < 32; v++) cells[c * nv + v] = CELL.exception;
    for (const v of system) cells[c * nv + v] = CELL.system;
    if (c === 0) for (let v = 0x30; v < 0x40; v++) cells[v] = CELL.legacy;
    const n = Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) {
      const v = 0x21 + Math.floor(rnd() * 0xb0);
      if (cells[c * nv + v] !== CELL.free) continue;
      const r = rnd();
      cells[c * nv + v] = r < 0.4 ? CELL.allocatedManaged : r < 0.8 ? CELL.allocated : r < 0.9 ? CELL.reservedManaged : CELL.moving;
      if (cells[c * nv + v] !== CELL.reservedManaged) {
        owner[c * nv + v] = irq;
        irqs.push({
          irq,
          name: `nvme0q${irq - 23}`,
          device: 'nvme0',
          index: irq - 24,
          levels: [
            { domain: 'PCI-MSIX-0000:01:00.0', hwirq: irq - 24, chip: 'PCI-MSIX' },
            { domain: 'INTEL-IR-0', hwirq: 0x10000 + irq, chip: 'INTEL-IR' },
            { domain: 'VECTOR', hwirq: irq, chip: 'APIC' },
          ],
          affinity: String(c),
          effective: String(c),
          vector: v,
          cpu: c,
          managed: true,
          state: [],
          count: 0,
        });
        irq++;
      }
    }
  }
  const node = Uint16Array.from({ length: nrCpus }, (_, i) => Math.floor((i * nodes) / nrCpus));
  const online = new Uint8Array(nrCpus).fill(1);
  if (nrCpus > 3) online[3] = 0;
  const load = new Uint32Array(nrCpus);
  for (let i = 0; i < owner.length; i++) if (owner[i] >= 0) load[Math.floor(i / nv)]++;
  const events: StampedEvent[] = [];
  for (let i = 0; i < irqs.length; i++) {
    events.push({
      type: 'irq_matrix_alloc',
      bit: irqs[i].vector,
      cpu: irqs[i].cpu,
      online: true,
      available: 200,
      allocated: 1,
      managed: 0,
      online_maps: nrCpus,
      global_available: 1000,
      global_reserved: 0,
      total_allocated: i,
      step: 0,
      seq: i,
    });
  }
  events.push({ type: 'warning', site: 'irq_matrix_free', message: 'synthetic warning', step: 1, seq: events.length });
  return {
    events,
    snapshot: {
      at: 1,
      total: 1,
      arch: 'x86_64',
      xen: false,
      cpus: { possible: nrCpus, online, node, core: Uint32Array.from({ length: nrCpus }, (_, i) => i >> 1), load },
      vectors: {
        nrCpus,
        nrVectors: nv,
        cells,
        owner,
        available: new Uint32Array(nrCpus),
        managed: new Uint32Array(nrCpus),
        managedAllocated: new Uint32Array(nrCpus),
        allocated: new Uint32Array(nrCpus),
        onlineMaps: nrCpus,
        globalAvailable: 1000,
        globalReserved: 10,
        totalAllocated: irqs.length,
        allocator: 'matrix',
      },
      descriptors: { policy: 'maple', limit: 2147483647, nrIrqs: 1024 + nrCpus, allocated: irq, ranges: new Int32Array([0, 16, 24, irq]) },
      irqs,
      domains: [
        { name: 'VECTOR', parent: null, mapcount: irq, size: 0 },
        { name: 'INTEL-IR-0', parent: 'VECTOR', mapcount: irq - 24, size: 65536 },
        { name: 'PCI-MSIX-0000:01:00.0', parent: 'INTEL-IR-0', mapcount: irq - 24, size: 0 },
        { name: 'IO-APIC-0', parent: 'INTEL-IR-0', mapcount: 15, size: 24 },
        { name: 'IR-PCI-MSI-0000:00:1f.0', parent: 'INTEL-IR-0', mapcount: 0, size: 0 },
      ],
      devices: [{ id: 'nvme0', type: 'nvme', bdf: '0000:01:00.0', bound: true, irqs: irqs.map((r) => r.irq), detail: 'synthetic' }],
      vms: [{ id: 'vm1', type: 'kvm', vcpus: 4, state: 'failed', error: 'synthetic failure', cost: 12 }],
      steps: [{ index: 0, do: 'cpu.offline', ok: false, error: '-ENOSPC', reason: 'synthetic: CPU 3 has 175 vectors, 69 available. Cannot disable CPU', warnings: 0 }],
      summary: { steps: [], cpus: { possible: nrCpus, online: [] }, descriptors: { allocated: irq, limit: 0 }, vms: [], warnings: [], log: [], kernel: { version: '7.0', counterfactual: false, overrides: [] } },
      textViews: ['/sys/kernel/debug/irq/domains/VECTOR'],
    },
  };
}
