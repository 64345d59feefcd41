// Constants and shapes of the pre-4.15 x86 vector code (arch/x86/kernel/apic/vector.c of
// v4.14); struct apic_chip_data itself is LegacyApicData in vector.ts.

/** NR_VECTORS */
export const NR_VECTORS = 256;
/** FIRST_EXTERNAL_VECTOR (0x20, which is also IRQ_MOVE_CLEANUP_VECTOR before v4.15) */
export const FIRST_EXTERNAL_VECTOR = 0x20;
/** ISA_IRQ_VECTOR(0): the legacy irqs 0..15 sit on 0x30..0x3f. */
export const ISA_IRQ_VECTOR_BASE = 0x30;
/** NR_IRQS_LEGACY */
export const NR_IRQS_LEGACY = 16;
/** VECTOR_OFFSET_START: the search starts at FIRST_EXTERNAL_VECTOR + 1, offset 1. */
export const VECTOR_OFFSET_START = 1;
/** APIC_ALL_CPUS of logical flat mode: at most 8 CPUs, one logical-ID bit each. */
export const APIC_ALL_CPUS = 0xff;
/** NUMA_NO_NODE */
export const NUMA_NO_NODE = -1;

/** A vector_irq[] slot that points at no descriptor (VECTOR_UNUSED, NULL in the kernel). */
export const VECTOR_UNUSED = -0x80000000;
/** VECTOR_RETRIGGERED (~0UL): only fixup_irqs writes it, for a vector pending in IRR. */
export const VECTOR_RETRIGGERED = -1;

/**
 * `apic->vector_allocation_domain` and `cpu_mask_to_apicid` flavour: physflat (and x2APIC
 * physical) gives every CPU its own domain; logical flat puts CPUs 0-7 in one domain.
 */
export type LegacyApic = 'physflat' | 'flat';

/** The irq_chip at the top of the irq's hierarchy, by its /proc/interrupts name. */
export type LegacyChip = 'XT-PIC' | 'IO-APIC' | 'IR-IO-APIC' | 'PCI-MSI' | 'IR-PCI-MSI';

/** What `alloc` creates: MSI/MSI-X, managed MSI-X, or an ISA irq taken over by the IO-APIC. */
export type LegacyIrqType = 'msi' | 'managed' | 'legacy';

/** The machine the domain runs on (the `setup` of an x86_vector_legacy trace). */
export interface LegacyMachine {
  nrCpus: number;
  apic: LegacyApic;
  /** first_system_vector (0xef = LOCAL_TIMER_VECTOR in v4.14): the search runs below it. */
  firstSystemVector: number;
  /** The 16 ISA irqs exist from boot on the XT-PIC. */
  legacyPic: boolean;
  ioApic: boolean;
  /** Interrupt remapping: the IR chips move in process context (IRQ_MOVE_PCNTXT). */
  remapping: boolean;
  /** One CPU list per NUMA node (cpumask_of_node). */
  nodes: number[][];
  /** CPUs online after boot; CPU 0 always, the others come up through cpuOnline(). */
  online: number[];
  /** The used_vectors bitmap, as vector numbers. */
  systemVectors: number[];
}

/** The state object of one irq, keys in the trace's order. */
export interface LegacyIrqState {
  irq: number;
  chip: LegacyChip;
  vector: number;
  old_vector: number;
  domain: string;
  old_domain: string;
  move_in_progress: boolean;
  dest_apicid: number;
  is_managed: boolean;
  requested: boolean;
  started: boolean;
  managed_shutdown: boolean;
  move_pending: boolean;
  affinity: string;
  effective_affinity: string;
  pending_mask: string;
}
