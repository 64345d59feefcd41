// How an architecture sizes the IRQ number space at boot: arch/x86/kernel/apic/vector.c and
// io_apic.c (arch_probe_nr_irqs, probe_nr_irqs_gsi, arch_dynirq_lower_bound),
// arch/x86/include/asm/irq_vectors.h (NR_IRQS), include/asm-generic/irq.h (arm64).

export const NR_VECTORS = 256;
export const NR_IRQS_LEGACY = 16;
/** MAX_IO_APICS on x86_64 (64 on 32-bit); only enters NR_IRQS through IO_APIC_VECTOR_LIMIT. */
export const MAX_IO_APICS_64 = 128;
/** NR_IRQS of include/asm-generic/irq.h, what arm64 inherits. */
export const NR_IRQS_GENERIC = 64;
/** IO-APIC pins per chip in our machines (scenario `ioapics`). */
export const IOAPIC_PINS = 24;

/** Which arch_probe_nr_irqs: the 2011 one of io_apic.c (nr_irqs_gsi era, v2.6.3x-v3.x) or today's of vector.c. */
export type X86NrIrqsEra = '2011' | 'current';

export interface X86NrIrqsInput {
  era: X86NrIrqsEra;
  /** nr_cpu_ids (possible CPUs). */
  nrCpuIds: number;
  /** CONFIG_NR_CPUS; defaults to max(64, nrCpuIds). Only NR_IRQS depends on it. */
  nrCpusCompile?: number;
  /** Registered IO-APICs, 24 pins each, GSI bases 0, 24, 48, ... */
  ioapics: number;
  /** A legacy 8259 PIC is present (legacy_pic->probe() returns 16, else 0). Default true. */
  legacyPic?: boolean;
  /** CONFIG_PCI_MSI (adds the MSI headroom). Default true. */
  pciMsi?: boolean;
  /** Override of the compile-time NR_IRQS (scenario `kernel.nrIrqs`). */
  nrIrqsCompile?: number;
}

export interface X86NrIrqs {
  /** Compile-time NR_IRQS (what nr_irqs starts at). */
  NR_IRQS: number;
  /** nr_irqs after arch_probe_nr_irqs. */
  nrIrqs: number;
  /** Return value of arch_probe_nr_irqs: descriptors early_irq_init preallocates (0..n-1). */
  preallocated: number;
  /** 1 + highest GSI of all registered IO-APICs (mp_register_ioapic). */
  gsiTop: number;
  /** 2011 only: nr_irqs_gsi = max(16, gsi_top + 16) (probe_nr_irqs_gsi). Current: undefined. */
  nrIrqsGsi?: number;
  /**
   * Base arch_dynirq_lower_bound pushes dynamic allocations to (current: ioapic_dynirq_base,
   * which is gsi_top for our contiguous IO-APICs of type LEGACY/STRICT). 0 means "none":
   * 2011 kernels had no arch_dynirq_lower_bound (it came with v3.15).
   */
  dynirqBase: number;
}

/**
 * x86 NR_IRQS (irq_vectors.h): NR_VECTORS + max(CPU_VECTOR_LIMIT, IO_APIC_VECTOR_LIMIT) with
 * an IO-APIC, CPU_VECTOR_LIMIT = 64 * NR_CPUS and IO_APIC_VECTOR_LIMIT = 32 * MAX_IO_APICS, in
 * both eras: read in the 2.6.39 tree (zouyalong-coder/linux-2.6.39; with CONFIG_SPARSE_IRQ, as
 * distribution kernels build it) and in 3.14.0, 4.4.60, 4.14.5 and 7.0.0 (unconditional).
 * kernel-model.md 6.1 had 8 * NR_CPUS for 2.6.3x, which 2.6.39 does not have.
 */
export function x86NrIrqsCompile(nrCpusCompile: number): number {
  const cpuLimit = 64 * nrCpusCompile;
  const ioapicLimit = 32 * MAX_IO_APICS_64;
  return NR_VECTORS + Math.max(cpuLimit, ioapicLimit);
}

/**
 * arch_probe_nr_irqs for x86, both eras (kernel-model.md 6.1).
 * - 2011 (io_apic.c): nr_irqs_gsi = max(16, gsi_top + 16); cap nr_irqs at 256 * nr_cpu_ids;
 *   nr = nr_irqs_gsi + 8 * nr_cpu_ids (+ 16 * nr_irqs_gsi with MSI); nr_irqs = min(nr_irqs, nr);
 *   returns NR_IRQS_LEGACY.
 * - current (vector.c): cap at 256 * nr_cpu_ids; nr = gsi_top + nr_legacy_irqs() + 8 * nr_cpu_ids,
 *   plus with MSI 8 * nr_cpu_ids if gsi_top <= 16 else 16 * gsi_top; nr_irqs = min(nr_irqs, nr);
 *   returns legacy_pic->probe().
 */
export function x86NrIrqs(input: X86NrIrqsInput): X86NrIrqs {
  const cpus = Math.max(1, input.nrCpuIds);
  const legacy = input.legacyPic === false ? 0 : NR_IRQS_LEGACY;
  const msi = input.pciMsi !== false;
  const NR_IRQS = input.nrIrqsCompile ?? x86NrIrqsCompile(input.nrCpusCompile ?? Math.max(64, cpus));
  const gsiTop = Math.max(0, input.ioapics) * IOAPIC_PINS;
  let nrIrqs = NR_IRQS;
  if (nrIrqs > NR_VECTORS * cpus) nrIrqs = NR_VECTORS * cpus;
  if (input.era === '2011') {
    const nrIrqsGsi = Math.max(NR_IRQS_LEGACY, gsiTop + NR_IRQS_LEGACY);
    let nr = nrIrqsGsi + 8 * cpus;
    if (msi) nr += nrIrqsGsi * 16;
    if (nr < nrIrqs) nrIrqs = nr;
    return { NR_IRQS, nrIrqs, preallocated: NR_IRQS_LEGACY, gsiTop, nrIrqsGsi, dynirqBase: 0 };
  }
  let nr = gsiTop + legacy + 8 * cpus;
  if (msi) nr += gsiTop <= NR_IRQS_LEGACY ? 8 * cpus : 16 * gsiTop;
  if (nr < nrIrqs) nrIrqs = nr;
  return { NR_IRQS, nrIrqs, preallocated: legacy, gsiTop, dynirqBase: gsiTop };
}

/**
 * arch_dynirq_lower_bound of io_apic.c since v6.4: `ioapic_dynirq_base ?: gsi_top`, and @from
 * only when that is 0 (DT machines, no IO-APIC). Note the kernel *replaces* @from by the base,
 * even when @from is higher (so on x86 the irq_domain hint is ignored).
 */
export function x86DynirqLowerBoundFrom(base: number, from: number): number {
  return base !== 0 ? base : from;
}

/** x86DynirqLowerBoundFrom with the base bound (for callers that want a function). */
export function x86DynirqLowerBound(base: number): (from: number) => number {
  return (from) => x86DynirqLowerBoundFrom(base, from);
}

export interface Arm64NrIrqs {
  NR_IRQS: number;
  nrIrqs: number;
  preallocated: number;
}

/**
 * arm64 defines no NR_IRQS, so include/asm-generic/irq.h gives 64 (or the scenario's
 * `kernel.nrIrqs`), and it has no arch_probe_nr_irqs: the weak default in kernel/softirq.c
 * returns NR_IRQS_LEGACY, which is 0 when the arch does not define it. Nothing preallocated.
 */
export function arm64NrIrqs(nrIrqsCompile: number = NR_IRQS_GENERIC): Arm64NrIrqs {
  return { NR_IRQS: nrIrqsCompile, nrIrqs: nrIrqsCompile, preallocated: 0 };
}
