// A small hand-made snapshot for unit tests of the views (not used by the app).
import { CELL, type Snapshot } from '../../sim/snapshot';

export function fixtureSnapshot(nrCpus = 4, nodes = 2): Snapshot {
  const nv = 256;
  const cells = new Uint8Array(nrCpus * nv);
  const owner = new Int32Array(nrCpus * nv).fill(-1);
  for (let c = 0; c < nrCpus; c++) {
    for (let v = 0; v < 32; v++) cells[c * nv + v] = CELL.exception;
    for (let v = 236; v < 256; v++) cells[c * nv + v] = CELL.system;
  }
  cells[1 * nv + 33] = CELL.allocated;
  owner[1 * nv + 33] = 45;
  cells[2 * nv + 34] = CELL.allocatedManaged;
  owner[2 * nv + 34] = 46;
  cells[0 * nv + 35] = CELL.moving;
  owner[0 * nv + 35] = 45;
  const node = new Uint16Array(nrCpus);
  for (let c = 0; c < nrCpus; c++) node[c] = Math.floor((c * nodes) / nrCpus);
  return {
    at: 2,
    total: 2,
    arch: 'x86_64',
    xen: false,
    cpus: {
      possible: nrCpus,
      online: new Uint8Array(nrCpus).fill(1),
      node,
      core: Uint32Array.from({ length: nrCpus }, (_, i) => i),
      load: new Uint32Array(nrCpus),
    },
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
      globalAvailable: 0,
      globalReserved: 0,
      totalAllocated: 2,
      allocator: 'matrix',
    },
    descriptors: { policy: 'maple', limit: 2147483647, nrIrqs: 2048, allocated: 2, ranges: new Int32Array([0, 16, 45, 47]) },
    irqs: [
      {
        irq: 45,
        name: 'nvme0q0',
        device: 'nvme0',
        index: 0,
        levels: [
          { domain: 'PCI-MSIX-0000:00:03.0', hwirq: 0, chip: 'PCI-MSIX' },
          { domain: 'INTEL-IR-0', hwirq: 0x10000, chip: 'INTEL-IR' },
          { domain: 'VECTOR', hwirq: 45, chip: 'APIC' },
        ],
        affinity: '0-3',
        effective: '1',
        vector: 33,
        cpu: 1,
        managed: false,
        state: [],
        count: 0,
      },
    ],
    domains: [
      { name: 'VECTOR', parent: null, mapcount: 20, size: 0 },
      { name: 'INTEL-IR-0', parent: 'VECTOR', mapcount: 2, size: 65536 },
      { name: 'PCI-MSIX-0000:00:03.0', parent: 'INTEL-IR-0', mapcount: 2, size: 0 },
      { name: 'IO-APIC-0', parent: 'INTEL-IR-0', mapcount: 15, size: 24 },
    ],
    devices: [{ id: 'nvme0', type: 'nvme', bdf: '0000:00:03.0', bound: true, irqs: [45, 46], detail: '' }],
    vms: [],
    steps: [],
    summary: {
      steps: [],
      cpus: { possible: nrCpus, online: [] },
      descriptors: { allocated: 2, limit: 0 },
      vms: [],
      warnings: [],
      log: [],
      kernel: { version: '7.0', counterfactual: false, overrides: [] },
    },
    textViews: ['/sys/kernel/debug/irq/domains/VECTOR'],
  };
}
