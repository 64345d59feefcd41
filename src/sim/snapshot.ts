// What the engine shows the outside world after a step: compact, plain data. Big per-CPU
// grids are typed arrays so the worker can transfer them to the UI instead of copying.
import type { SimEvent } from './events';

/** Vector cell states of the per-CPU vector grid (x86), one byte per (cpu, vector). */
export const CELL = {
  free: 0,
  /** 0-31: CPU exceptions, never allocatable. */
  exception: 1,
  /** System vectors (IDT system gates, the PIC cascade, syscall 0x80, APIC vectors). */
  system: 2,
  /** A managed vector reserved on this CPU, not yet allocated. */
  reservedManaged: 3,
  allocatedManaged: 4,
  allocated: 5,
  /** The previous vector of an interrupt whose move awaits cleanup. */
  moving: 6,
  /** Legacy ISA vectors 0x30-0x3f assigned on the boot CPU. */
  legacy: 7,
} as const;
export type CellState = (typeof CELL)[keyof typeof CELL];

export interface CpuSnapshot {
  /** nr_cpu_ids */
  possible: number;
  /** 1 if online, per CPU. */
  online: Uint8Array;
  /** NUMA node of each CPU. */
  node: Uint16Array;
  /** Core (SMT sibling group) of each CPU. */
  core: Uint32Array;
  /** Interrupt vectors (or LPIs / event channels) targeting each CPU, for the load shading. */
  load: Uint32Array;
}

export interface VectorSnapshot {
  nrCpus: number;
  /** 256 on x86. */
  nrVectors: number;
  /** cells[cpu * nrVectors + vector]: a CELL value. */
  cells: Uint8Array;
  /** owner[cpu * nrVectors + vector]: the irq using that vector, or -1. */
  owner: Int32Array;
  /** Per-CPU matrix counters as debugfs shows them (avl, man, mac, act). */
  available: Uint32Array;
  managed: Uint32Array;
  managedAllocated: Uint32Array;
  allocated: Uint32Array;
  onlineMaps: number;
  globalAvailable: number;
  globalReserved: number;
  totalAllocated: number;
  /** 'matrix' (v4.15+) or 'legacy' (before). */
  allocator: 'matrix' | 'legacy';
  /**
   * The kernel's name of each vector in the machine's release (irq_vectors.h:
   * "LOCAL_TIMER_VECTOR", ...; '' where it names none), indexed by vector; absent when unknown.
   */
  systemNames?: readonly string[];
}

/** One level of an interrupt's irq_data chain (top domain first). */
export interface IrqLevel {
  domain: string;
  hwirq: number;
  chip: string;
}

export interface IrqRow {
  irq: number;
  /** The action's name (what /proc/interrupts shows last), or "" when not requested. */
  name: string;
  /** Device id of the scenario that owns it, if any. */
  device: string | null;
  /** Index of this interrupt within its device (the scenario's `vector`). */
  index: number;
  levels: IrqLevel[];
  affinity: string;
  effective: string;
  /** x86: the vector and target CPU (-1 when none); arm64: LPI INTID in `hwirq` of levels. */
  vector: number;
  cpu: number;
  managed: boolean;
  /** IRQD_* state names. */
  state: string[];
  /** Total count of fired interrupts. */
  count: number;
  /** Managed interrupts: the spreading rule that made the mask, e.g. "group_cpus_evenly, cluster-aware (v7.0)". */
  placedBy?: string;
}

export interface DomainRow {
  name: string;
  parent: string | null;
  mapcount: number;
  size: number;
}

export interface DeviceRow {
  id: string;
  type: string;
  bdf: string;
  bound: boolean;
  irqs: number[];
  /** Short description, e.g. "MSI-X 9 (1 admin + 8 managed)". */
  detail: string;
}

export interface VmRow {
  id: string;
  type: 'kvm' | 'xen';
  vcpus: number;
  state: 'running' | 'failed' | 'destroyed';
  error?: string;
  /** Descriptors (or event channels) the guest costs the host. */
  cost: number;
}

export interface DescriptorSnapshot {
  policy: 'bitmap' | 'maple';
  /** IRQ_BITMAP_BITS (NR_IRQS + 8196) or MAX_SPARSE_IRQS. */
  limit: number;
  nrIrqs: number;
  allocated: number;
  /** Allocated runs as [start, endExclusive] pairs. */
  ranges: Int32Array;
  /** Xen: GSI identity range [0, gsiTop) and the dynamic range start (nr_irqs_gsi). */
  gsiTop?: number;
  dynamicStart?: number;
}

export interface ItsDeviceRow {
  id: string;
  deviceId: number;
  lpiBase: number;
  nrLpis: number;
  /** %*pbl of the event map. */
  eventMap: string;
  shared: boolean;
}

export interface LpiSnapshot {
  first: number;
  end: number;
  /** Free LPI ranges as [base, span] pairs. */
  freeRanges: Int32Array;
  devices: ItsDeviceRow[];
}

export interface EvtchnRow {
  port: number;
  type: string;
  irq: number;
  cpu: number;
  binding: string;
}

export interface XenSnapshot {
  abi: '2l' | 'fifo';
  limit: number;
  nrIrqsGsi: number;
  nrIrqs: number;
  channels: EvtchnRow[];
}

export interface StepOutcome {
  index: number;
  do: string;
  ok: boolean;
  /** The kernel's error: "-ENOSPC", "VPE IRQ allocation failure", ... */
  error?: string;
  /** Why, in one sentence, and the kernel function that decided. */
  reason?: string;
  /** The line the kernel printed about it, if any. */
  message?: string;
  warnings: number;
}

/** The JSON summary of scenario-format.md ("sim run"). */
export interface Summary {
  steps: Array<{ do: string; ok: boolean; error?: string; message?: string }>;
  cpus: { possible: number; online: number[] };
  descriptors: { allocated: number; limit: number };
  vectors?: { online_maps: number; global_available: number; global_reserved: number; total_allocated: number };
  lpis?: { allocated: number; free: number };
  evtchns?: { bound: number; limit: number };
  vms: Array<{ id: string; state: string }>;
  warnings: Array<{ step: number; message: string }>;
  /** The kernel's log lines of levels err and warn (step -1: boot), in order. */
  log: Array<{ step: number; level: 'err' | 'warn'; site: string; message: string }>;
  /** The release the machine runs, its overrides, and whether some release had that kernel. */
  kernel: { version: string; counterfactual: boolean; overrides: Array<{ knob: string; value: unknown; release: unknown }>; why?: string };
}

export interface Snapshot {
  /** Steps applied (the state after step `at - 1`; 0 = the booted machine). */
  at: number;
  total: number;
  arch: 'x86_64' | 'arm64';
  xen: boolean;
  cpus: CpuSnapshot;
  vectors?: VectorSnapshot;
  descriptors: DescriptorSnapshot;
  irqs: IrqRow[];
  domains: DomainRow[];
  devices: DeviceRow[];
  vms: VmRow[];
  lpis?: LpiSnapshot;
  xenState?: XenSnapshot;
  /** Paths of the kernel text views available at this state. */
  textViews: string[];
  /** The recorded events: how many in all, how many up to this position, how many the retention budget dropped. */
  events?: EventCounts;
}

export interface EventCounts {
  /** Sequence number after the last recorded event. */
  end: number;
  /** Sequence number after the last event of the steps up to this position (what the log shows). */
  visibleEnd: number;
  /** Oldest sequence number still held. */
  start: number;
  /** Events dropped by the retention budget (oldest first). */
  dropped: number;
}

/** An engine event with the step that caused it (-1: boot) and a sequence number. */
export type StampedEvent = SimEvent & { step: number; seq: number };

/** The typed arrays of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: { buffer: ArrayBufferLike } | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  add(s.cpus.online);
  add(s.cpus.node);
  add(s.cpus.core);
  add(s.cpus.load);
  if (s.vectors) {
    add(s.vectors.cells);
    add(s.vectors.owner);
    add(s.vectors.available);
    add(s.vectors.managed);
    add(s.vectors.managedAllocated);
    add(s.vectors.allocated);
  }
  add(s.descriptors.ranges);
  if (s.lpis) add(s.lpis.freeRanges);
  return out;
}
