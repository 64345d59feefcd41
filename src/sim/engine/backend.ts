// What every architecture offers the arch-neutral engine (PCI drivers, VMs, hotplug): the
// genirq-level operations a driver and the hotplug core perform, each answering like the
// kernel (an errno and its message, never an exception).
import type { Snapshot } from '../snapshot';
import type { TextTable } from '../core/proc_interrupts';

export interface Ok<T = void> {
  ok: true;
  value: T;
}
export interface Refused {
  ok: false;
  /** Negative errno. */
  errno: number;
  /** The error as the kernel returns it: "-ENOSPC", or the kernel's own name for it ("VPE IRQ allocation failure"). */
  error: string;
  /** One sentence of why, naming the kernel function that decided. */
  reason: string;
  /** The line the kernel printed, when it printed one ("CPU 3 has 175 vectors, 69 available. Cannot disable CPU"). */
  message?: string;
}
export type Result<T = void> = Ok<T> | Refused;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const OK: Ok<void> = { ok: true, value: undefined };
export function refused(errno: number, error: string, reason: string, message?: string): Refused {
  return message === undefined ? { ok: false, errno, error, reason } : { ok: false, errno, error, reason, message };
}

/** One vector a driver asks for: its affinity mask (null: default) and whether it is managed. */
export interface VectorRequest {
  affinity: number[] | null;
  managed: boolean;
}

/** What a PCI driver's interrupt setup needs to know about its device. */
export interface PciFunction {
  id: string;
  bdf: string;
  /** PCI requester id (bus << 8 | devfn), the ITS DeviceID before aliasing. */
  rid: number;
  /** Scenario id of the device whose DMA alias this one shares, if any. */
  aliasOf: string | null;
}

export interface ArchBackend {
  readonly arch: 'x86_64' | 'arm64';

  cpuOffline(cpu: number): Result;
  cpuOnline(cpu: number): Result;

  /** pci_alloc_irq_vectors for MSI (Multi-MSI) or MSI-X: returns the Linux irq numbers. */
  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]>;
  /** pci_free_irq_vectors: the irqs must have no action left. */
  msiFree(dev: PciFunction, irqs: number[]): void;
  /** The legacy INTx line of a swizzled host-bridge pin (0..3): irq_create_mapping. */
  intxMap(dev: PciFunction, line: number): Result<number>;
  /** irq_dispose_mapping of an INTx line, when the device goes away. */
  intxDispose(dev: PciFunction, irq: number): void;

  /** request_irq(irq, handler, shared ? IRQF_SHARED : 0, name, dev). */
  requestIrq(irq: number, name: string, devId: string, shared: boolean): Result;
  /** free_irq(irq, dev). */
  freeIrq(irq: number, devId: string): void;
  /** A write to /proc/irq/N/smp_affinity. */
  setAffinity(irq: number, cpus: number[]): Result;
  /** The interrupt arrives once on its current target. */
  fire(irq: number): Result;

  /** A guest starts (what it costs the host) / goes away. */
  vmLaunch(id: string, vcpus: number, type: 'kvm' | 'xen'): Result<number>;
  vmDestroy(id: string): void;

  /** Fill the arch-specific parts of a snapshot (CPUs' load, vectors, irqs, domains, ...). */
  fillSnapshot(s: Snapshot): void;
  /** Paths of the kernel text views this machine has, and their text. */
  textViews(): string[];
  text(path: string): string | null;
  /**
   * The same text by line number, for views that grow with the machine past what one string
   * may hold (/proc/interrupts of a Xen dom0: a row per CPU per per-CPU event, each as wide
   * as the CPUs). Backends without it give text(path) whole.
   */
  textTable?(path: string): TextTable | null;
}
