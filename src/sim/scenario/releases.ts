// The one table of kernel releases: which release introduced each behaviour the engine (or a
// later model) depends on, each era citing the kernel commit (title, id) or the file version it
// was read from. resolve_kernel.ts turns a machine's `kernel.version` and overrides into the
// engine's policies from these rows; nothing else decides what a release did.
//
// Verified against: kernel sources and mail threads found through the search index (each
// `cite.source` says what was read); rows marked `checked: false` rest on
// ../shared/docs/kernel-model.md alone.
import type { AffinityRule } from '../core/affinity';
import { NEWEST_RELEASE, OLDEST_RELEASE, previousRelease } from './release_number';

export interface Citation {
  /** Commit title (or series / file) that made the change. */
  title: string;
  /** Abbreviated mainline commit id, when known. */
  commit?: string;
  by?: string;
  /** What was read to check it. */
  source: string;
  /** false: not checked against a primary source here (kernel-model.md only). */
  checked?: boolean;
}

export interface Era<V> {
  /** First release with this behaviour; it holds until the next era's release. */
  since: string;
  value: V;
  /** Short text for sentences ("the maple tree"); defaults to the JSON of value. */
  text?: string;
  /** Last release it is known to hold in, when that is before the next era (a modelling gap). */
  until?: string;
  cite: Citation;
}

export interface Proposal<V> {
  value: V;
  /** The proposal, who, when, and that it was not merged. */
  what: string;
  cite: Citation;
}

export interface ReleaseRow<V> {
  /** The knob or feature key (a `machine.kernel` knob when `knob` is true). */
  key: string;
  feature: string;
  /** A scenario knob (`machine.kernel.<key>`) that may override the release's value. */
  knob: boolean;
  /** The engine reads the resolved value today (false: data for later work). */
  consumed: boolean;
  eras: Array<Era<V>>;
  proposals?: Array<Proposal<V>>;
}

export type DescriptorsPolicy = 'bitmap' | 'maple';
export type VectorsPolicy = 'legacy' | 'matrix';
export type ItsFreePolicy = 'bulk' | 'per-irq' | 'per-device' | 'region';
export type XenIrqsPolicy = '2011' | 'current';
export type EvtchnAbi = '2l' | 'fifo';

// ---- rows the engine reads ------------------------------------------------------------------

export const DESCRIPTORS: ReleaseRow<DescriptorsPolicy> = {
  key: 'descriptors',
  feature: 'IRQ descriptor storage (kernel/irq/irqdesc.c)',
  knob: true,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: 'bitmap',
      text: 'the allocated_irqs bitmap (NR_IRQS + 8196)',
      cite: { title: 'radix tree + allocated_irqs bitmap, IRQ_BITMAP_BITS = NR_IRQS + 8196', source: 'kernel/irq/irqdesc.c, internals.h before v6.5 (stored copies with irq_expand_nr_irqs against IRQ_BITMAP_BITS)' },
    },
    {
      since: '6.5',
      value: 'maple',
      text: 'the maple tree',
      cite: {
        title: 'genirq: Use a maple tree for interrupt descriptor management',
        commit: '721255b9826b',
        by: 'Shanker Donthineni',
        source: 'tip-bot2 irq/core notice; the v6.5-rc1 /proc/interrupts oops report that bisects to it',
      },
    },
  ],
};

export const VECTORS: ReleaseRow<VectorsPolicy> = {
  key: 'vectors',
  feature: 'x86 vector allocator (arch/x86/kernel/apic/vector.c)',
  knob: true,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: 'legacy',
      text: 'the pre-4.15 vector search',
      cite: { title: '__assign_irq_vector with the global current_vector search (v4.14 vector.c)', source: 'kernel-model.md 3.8 (V1), x86_vector_legacy traces', checked: false },
    },
    {
      since: '4.15',
      value: 'matrix',
      text: 'the vector matrix',
      cite: {
        title: 'x86/vector: Use matrix allocator for vector assignment (series "x86/apic: Rework the vector management")',
        commit: '69cde0004a4b',
        by: 'Thomas Gleixner',
        source: 'Fixes: tags of later vector.c fixes naming 69cde0004a4b; series merged for v4.15',
      },
    },
  ],
};

export const ITS_FREE: ReleaseRow<ItsFreePolicy> = {
  key: 'itsFree',
  feature: 'how the GICv3 ITS frees a Multi-MSI block (irqdomain.c + irq-gic-v3-its.c)',
  knob: true,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: 'bulk',
      text: 'freeing the block at once',
      cite: { title: 'irq_domain_free_irqs_hierarchy: one ops->free(domain, base, n) call', source: 'kernel-model.md 2.4 / 5.2' , checked: false },
    },
    {
      since: '5.11',
      value: 'per-irq',
      text: 'freeing one interrupt at a time',
      cite: {
        title: "genirq/irqdomain: Don't try to free an interrupt that has no mapping",
        commit: '4615fbc3788d',
        by: 'Marc Zyngier',
        source: 'tip irq/core notice (Nov 2020); John Garry\'s v5.11-rc6 report; Liao Chang\'s Fixes: tag',
      },
    },
    {
      since: '6.16',
      value: 'per-device',
      text: 'per-device MSI domains with .msi_teardown',
      cite: {
        title: 'irqchip/gic-v3-its: Implement .msi_teardown() callback',
        commit: '713335b6ee29',
        by: 'Marc Zyngier',
        source: 'irq pull for v6.16 listing 28026cf2dd84 .. 7dd20bf2f010 ("genirq/msi: Fix device MSI prepare/alloc sequencing")',
      },
    },
  ],
  proposals: [
    {
      value: 'region',
      what: 'the per-device region model Thomas Gleixner proposed on the list in 2023 (reserve a power-of-two region at init, release it at teardown); it was never merged',
      cite: { title: 'IRQ_DOMAIN_FREE_BULK / per-device region (LKML, Aug 2023)', source: 'kernel-model.md 5.3', checked: false },
    },
  ],
};

export const MAPPING_REFCOUNT: ReleaseRow<boolean> = {
  key: 'mappingRefcount',
  feature: 'reference-counted irq mappings (kernel/irq/irqdomain.c)',
  knob: true,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: false,
      text: 'no reference count (the first dispose tears a shared mapping down)',
      cite: { title: 'irq_dispose_mapping without a reference count (mainline to this day)', source: 'kernel-model.md 2.1/2.2', checked: false },
    },
  ],
  proposals: [
    {
      value: true,
      what: 'the 2020 reference-count proposal of Alexey Kardashevskiy ("genirq/irqdomain: Add reference counting to IRQs", v4, Nov 2020); it was never merged',
      cite: { title: 'genirq/irqdomain: Add reference counting to IRQs (v4, 8 patches)', by: 'Alexey Kardashevskiy', source: 'kernel-model.md 2.2 (tglx rejected it 14 Nov 2020)', checked: false },
    },
  ],
};

export const XEN_IRQS: ReleaseRow<XenIrqsPolicy> = {
  key: 'xenIrqs',
  feature: "Xen's dynamic IRQ numbering (drivers/xen/events.c, events_base.c)",
  knob: true,
  consumed: true,
  eras: [
    {
      since: '2.6.39',
      until: '2.6.39',
      value: '2011',
      text: 'dynamic IRQs from nr_irqs_gsi with the fall-back below it',
      cite: {
        title: 'xen: events: allocate GSIs and dynamic IRQs from separate IRQ ranges.',
        commit: '89911501f3aa',
        by: 'Ian Campbell',
        source: 'the commit (committed 3 Mar 2011, so in 2.6.39): it keeps "allowing dynamic IRQs to encroach on the GSI range"; 2.6.38 searched down from nr_irqs instead (not modelled)',
      },
    },
    {
      since: '3.15',
      value: 'current',
      text: 'dynamic IRQs above the GSIs, nr_irqs growing on demand',
      cite: {
        title: 'genirq: x86: Ensure that dynamic irq allocation does not conflict (arch_dynirq_lower_bound)',
        by: 'Thomas Gleixner',
        source: 'kernel-model.md 6 (v3.15, Apr 2014); engine model is events_base.c v6.6',
        checked: false,
      },
    },
  ],
};

export const EVTCHN_ABI: ReleaseRow<EvtchnAbi> = {
  key: 'evtchnAbi',
  feature: 'Xen event-channel ABI Linux uses when the hypervisor offers FIFO (machine.xen.evtchnAbi default)',
  knob: false,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: '2l',
      cite: { title: '2-level event channels only', source: 'drivers/xen/events.c before 3.14' },
    },
    {
      since: '3.14',
      value: 'fifo',
      cite: {
        title: 'xen/events: Add the hypervisor interface for the FIFO-based event channels (and the FIFO ABI after it)',
        commit: 'bf2bbe07f138',
        by: 'David Vrabel',
        source: 'the commit (2014-01-06, merged for 3.14); "The ABI is available in Xen 4.4 and later"',
      },
    },
  ],
};

export const AFFINITY: ReleaseRow<AffinityRule> = {
  key: 'affinity',
  feature: 'managed interrupt spreading (kernel/irq/affinity.c, lib/group_cpus.c, lib/sort.c)',
  knob: false,
  consumed: true,
  eras: [
    {
      since: '4.8',
      value: 'v4.17',
      cite: {
        title: 'genirq/affinity: Spread irq vectors among present CPUs as far as possible (equal share per node, node order)',
        by: 'Ming Lei',
        source: 'kernel/irq/affinity.c of a 4.18 tree (cai-fuqiang/linux-4.18.0-147); 4.8-4.16 (online, present, then possible CPUs in one pass) are approximated by it',
      },
    },
    {
      since: '5.4',
      value: 'v5.4',
      cite: {
        title: 'genirq/affinity: Spread vectors on node according to nr_cpu ratio',
        commit: 'b1a5a73e64e9',
        by: 'Ming Lei',
        source: 'tip irq/core (Aug 2019) and the v5.4 irq pull; affinity.c with alloc_nodes_vectors + lib/sort.c heapsort of v5.1',
      },
    },
    {
      since: '6.3',
      value: 'v6.3',
      cite: {
        title: 'genirq/affinity: Move group_cpus_evenly() into lib/ (same algorithm, lib/group_cpus.c)',
        by: 'Ming Lei',
        source: 'lib/group_cpus.c at e65d9626f9bb (no clusters, no nummasks); linux-6.6.14 kernel/irq/affinity.c copies every group',
      },
    },
    {
      since: '6.9',
      value: 'v6.9',
      cite: {
        title: 'lib/sort: optimize heapsort for equal elements in sift-down path + lib/sort: optimize heapsort with double-pop variation',
        commit: 'db946a422260, 0e02ca29a563',
        by: 'Kuan-Wei Chiu',
        source: "pushed to torvalds/master 15 Mar 2024 (v6.9 merge window); Fedora's 6.9.5 regression report names 0e02ca29a563. v6.15's lib/sort.c change (e2a33a2a3258, _nonatomic variants) keeps the order",
      },
    },
    {
      since: '6.17',
      value: 'v6.17',
      cite: {
        title: 'lib/group_cpus: Let group_cpu_evenly() return the number of initialized masks',
        commit: 'b6139a6abf67',
        by: 'Daniel Wagner',
        source: 'applied to the block tree Jun 2025 (merged for v6.17); irq_create_affinity_masks copies only the filled masks',
      },
    },
    {
      since: '7.0',
      value: 'v7.0',
      cite: {
        title: 'lib/group_cpus: make group CPU cluster aware',
        by: 'Wangyang Guo',
        source: 'the patch (Oct 2025); lib/group_cpus.c at 136114e0abf0 (blob a93df70919df), the version the 17 irq_affinity traces were made with',
      },
    },
  ],
};

// ---- rows other work will read (the engine does not yet, unless `consumed`) -----------------

export const IRQD_AFFINITY_SET: ReleaseRow<boolean> = {
  key: 'irqdAffinitySetAtAlloc',
  feature: 'alloc_descs sets IRQD_AFFINITY_SET for every descriptor given an affinity (managed or not)',
  knob: false,
  consumed: true,
  eras: [
    { since: OLDEST_RELEASE, value: false, cite: { title: 'only set by an affinity write', source: 'kernel/irq/irqdesc.c before the fix' } },
    {
      since: '6.11',
      value: true,
      cite: {
        title: 'genirq/irqdesc: Honor caller provided affinity in alloc_desc()',
        commit: 'edbbaae42a56',
        by: 'Shay Drory',
        source: 'the 6.1-stable review copy of the upstream commit (Aug 2024, Cc: stable: also in later 6.1.y/6.6.y)',
      },
    },
  ],
};

/** What arch/arm64/kernel/smp.c requests and prints: IPI descriptors and the /proc/interrupts rows. */
export interface Arm64Ipis {
  /** nr_ipi: SGIs set_smp_ipi_range requests as IPIs (min(8 SGIs, NR_IPI or MAX_IPI)). */
  requested: number;
  /** ipi_types[] of the rows arch_show_interrupts prints, IPI0 first. */
  shown: readonly string[];
}

const IPI_TEXT = {
  resched: 'Rescheduling interrupts',
  call: 'Function call interrupts',
  stop: 'CPU stop interrupts',
  crash: 'CPU stop (for crash dump) interrupts',
  timer: 'Timer broadcast interrupts',
  work: 'IRQ work interrupts',
  wakeup: 'CPU wake-up interrupts',
  backtrace: 'CPU backtrace interrupts',
  kgdb: 'KGDB roundup interrupts',
  stopNmi: 'CPU stop NMIs',
} as const;

export const ARM64_IPIS: ReleaseRow<Arm64Ipis> = {
  key: 'arm64Ipis',
  feature: 'arm64 IPIs requested as interrupts and shown in /proc/interrupts (arch/arm64/kernel/smp.c ipi_msg_type, ipi_types, arch_show_interrupts)',
  knob: false,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: { requested: 7, shown: [IPI_TEXT.resched, IPI_TEXT.call, IPI_TEXT.stop, IPI_TEXT.crash, IPI_TEXT.timer, IPI_TEXT.work, IPI_TEXT.wakeup] },
      text: 'seven IPIs (IPI6 CPU wake-up)',
      cite: {
        title: 'arm64: Allow IPIs to be handled as normal interrupts (v5.10; before it the same seven rows came from show_ipi_list)',
        by: 'Marc Zyngier',
        source: 'kernel-model.md; the real 5.x/6.x Graviton and RK3399 captures print IPI0..IPI6 with "CPU wake-up interrupts"',
      },
    },
    {
      since: '6.7',
      value: { requested: 8, shown: [IPI_TEXT.resched, IPI_TEXT.call, IPI_TEXT.stop, IPI_TEXT.crash, IPI_TEXT.timer, IPI_TEXT.work] },
      text: 'IPI_CPU_BACKTRACE and IPI_KGDB_ROUNDUP requested but hidden (six rows)',
      cite: {
        title: 'arm64: smp: Remove dedicated wakeup IPI; arm64: smp: Add arch support for backtrace using pseudo-NMI; arm64: kgdb: Roundup cpus using IPI as NMI',
        by: 'Douglas Anderson',
        source: 'smp.c of the series: IPI_CPU_BACKTRACE = NR_IPI, IPI_KGDB_ROUNDUP, MAX_IPI, arch_show_interrupts still looping to NR_IPI (Jinjie Ruan: "set ... IRQ_HIDDEN but not show them"); release of the series not checked here',
        checked: false,
      },
    },
    {
      since: '6.11',
      value: { requested: 8, shown: [IPI_TEXT.resched, IPI_TEXT.call, IPI_TEXT.stop, IPI_TEXT.crash, IPI_TEXT.timer, IPI_TEXT.work, IPI_TEXT.backtrace, IPI_TEXT.kgdb] },
      text: 'eight rows (IPI6 CPU backtrace, IPI7 KGDB roundup)',
      cite: {
        title: 'arm64: smp: Fix missing IPI statistics',
        commit: '916b93f4e865',
        by: 'Jinjie Ruan',
        source: 'the patch (ipi_types[MAX_IPI], loop to MAX_IPI, Acked-by Will Deacon) and the arm64 for-next/core merge for 6.11 listing it; Cc: stable',
      },
    },
    {
      since: '6.12',
      value: { requested: 8, shown: [IPI_TEXT.resched, IPI_TEXT.call, IPI_TEXT.stop, IPI_TEXT.stopNmi, IPI_TEXT.timer, IPI_TEXT.work, IPI_TEXT.backtrace, IPI_TEXT.kgdb] },
      text: 'IPI3 "CPU stop NMIs"',
      cite: {
        title: 'arm64: smp: smp_send_stop() and crash_smp_send_stop() should try non-NMI first (IPI_CPU_CRASH_STOP becomes IPI_CPU_STOP_NMI)',
        by: 'Douglas Anderson',
        source: 'the v3 patch of Aug 2024; the release it landed in is not checked here',
        checked: false,
      },
    },
  ],
};

/**
 * What its_alloc_vcpu_irqs (drivers/irqchip/irq-gic-v4.c) allocates for a guest, and so what its
 * error path can leave behind: doorbells only (nothing is left), or doorbells then vSGIs (a vSGI
 * failure leaves the doorbells and the earlier vSGIs allocated).
 */
export type VpeAllocErrorPath = 'doorbells-only' | 'doorbells-and-vsgis';

export const VPE_ALLOC_ERROR_PATH: ReleaseRow<VpeAllocErrorPath> = {
  key: 'vpeAllocErrorPath',
  feature: "what its_alloc_vcpu_irqs allocates for a GICv4 guest and what its error path leaves allocated when that fails (irq-gic-v4.c)",
  knob: false,
  consumed: true,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: 'doorbells-only',
      text: 'only doorbells are allocated; a failed __irq_domain_alloc_irqs unwinds itself, nothing is left',
      cite: {
        title: 'its_alloc_vcpu_irqs allocates the vPE doorbells in one __irq_domain_alloc_irqs call and has no later step that can fail',
        source: 'drivers/irqchip/irq-gic-v4.c of the v4.14 era (torvalds/linux stored copy 0d9c2ff1c9f7)',
      },
    },
    {
      since: '5.7',
      value: 'doorbells-and-vsgis',
      text: 'a vSGI failure at vPE i leaves every doorbell (descriptor, LPI, vPE ID) and the i x 16 vSGIs before it allocated',
      cite: {
        title: 'irqchip/gic-v4.1: Add VSGI allocation/teardown (its_alloc_vcpu_sgis; the err: label of its_alloc_vcpu_irqs only removes the vPE domain and its fwnode)',
        commit: '6d31b6ff985d',
        by: 'Marc Zyngier',
        source:
          'tip irq/core notice (Mar 2020, merged for v5.7); irq-gic-v4.c read unchanged on that path in a v6.16-rc1 tree (intel-lab-lkp/linux) and a v6.17-rc4 tree (Kingxukai/linux 9b44fff655e2); vgic_v4_init then drops its_vm.vpes, so vgic_v4_teardown frees nothing. 7.0 itself not read',
      },
    },
  ],
};

export const X86_MSI_DOMAINS: ReleaseRow<'global' | 'per-device'> = {
  key: 'x86MsiDomains',
  feature: 'x86 PCI MSI domains: one global PCI-MSI / IR-PCI-MSI, or per device (-11 MSI, -12 MSI-X)',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: 'global', cite: { title: 'one global PCI-MSI / IR-PCI-MSI domain', source: 'kernel-model.md 2.5', checked: false } },
    {
      since: '6.2',
      value: 'per-device',
      cite: { title: 'genirq, PCI/MSI: Support for per device MSI and PCI/IMS (x86 MSI parent domains)', by: 'Thomas Gleixner', source: 'Bjorn Helgaas\' 2024 revert: "IMS ... appeared in v6.2"; kernel-model.md 2.5' },
    },
  ],
};

export const ARM64_MSI_DOMAINS: ReleaseRow<'global' | 'per-device'> = {
  key: 'arm64MsiDomains',
  feature: 'arm64 ITS PCI MSI domains: one ITS-PCI-MSI per ITS, or ITS-PCI-MSI(X)-<bdf> per device',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: 'global', cite: { title: 'irq-gic-v3-its-pci-msi.c global domain', source: 'kernel-model.md 2.5', checked: false } },
    {
      since: '6.11',
      value: 'per-device',
      cite: {
        title: 'irqchip/gic-v3-its: Provide MSI parent for PCI/MSI[-X]',
        commit: '6adb35ff43a1',
        by: 'Thomas Gleixner',
        source: 'the 21-patch series tested "on top of 6.10"; Marc Zyngier\'s Fixes: 6adb35ff43a1',
      },
    },
  ],
};

export const X86_VECTOR_CLEANUP: ReleaseRow<'ipi' | 'timer'> = {
  key: 'x86VectorCleanup',
  feature: 'how x86 frees a moved interrupt\'s old vector',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: 'ipi', cite: { title: 'IRQ_MOVE_CLEANUP_VECTOR (0x20) IPI', source: 'kernel-model.md 3.5', checked: false } },
    {
      since: '6.6',
      value: 'timer',
      cite: { title: 'x86/vector: Replace IRQ_MOVE_CLEANUP_VECTOR with a timer callback', commit: 'bdc1dad299bb', by: 'Thomas Gleixner', source: 'kernel-model.md V3', checked: false },
    },
  ],
};

export const X86_FIRST_SYSTEM_VECTOR: ReleaseRow<number> = {
  key: 'x86FirstSystemVector',
  feature: 'x86 FIRST_SYSTEM_VECTOR (the end of the matrix allocation range; system vector set)',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: 0xef, cite: { title: 'LOCAL_TIMER_VECTOR 0xef', source: 'kernel-model.md 7', checked: false } },
    { since: '4.15', value: 0xee, cite: { title: 'MANAGED_IRQ_SHUTDOWN_VECTOR takes 0xef', source: 'kernel-model.md 7 [approx.]', checked: false } },
    { since: '4.17', value: 0xec, cite: { title: 'Hyper-V STIMER0/REENLIGHTENMENT vectors 0xed, 0xee', source: 'kernel-model.md 7 (v4.16/17)', checked: false } },
    {
      since: '6.10',
      value: 0xeb,
      cite: { title: 'x86/irq: Reserve a per CPU IDT vector for posted MSIs (POSTED_MSI_NOTIFICATION_VECTOR)', by: 'Jacob Pan', source: 'kernel-model.md 3.1/7', checked: false },
    },
  ],
};

export const MATRIX_ALLOCATED: ReleaseRow<'all' | 'unmanaged'> = {
  key: 'matrixAllocated',
  feature: 'irq_matrix_allocated(): what lapic_can_unplug_cpu counts as vectors to move',
  knob: false,
  consumed: false,
  eras: [
    { since: '4.15', value: 'all', cite: { title: 'allocated (managed included)', source: 'kernel-model.md M1/M2', checked: false } },
    { since: '6.7', value: 'unmanaged', cite: { title: 'genirq/matrix: Exclude managed interrupts in irq_matrix_allocated()', commit: 'a0b0bad10587', source: 'kernel-model.md M3', checked: false } },
  ],
};

export const X86_NR_IRQS: ReleaseRow<'2011' | 'current'> = {
  key: 'x86NrIrqs',
  feature: 'x86 arch_probe_nr_irqs (core/nr_irqs.ts eras)',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: '2011', cite: { title: 'io_apic.c arch_probe_nr_irqs over nr_irqs_gsi', source: 'kernel-model.md 6.1', checked: false } },
    { since: '3.17', value: 'current', cite: { title: 'x86 irq rework: arch_probe_nr_irqs in vector.c over gsi_top (Jiang Liu, 2014)', source: 'kernel-model.md 6.1 (release not checked)', checked: false } },
  ],
};

/** Per arch, the NR_IRQS `kernel.nrIrqs` defaults to (null: what arch_probe_nr_irqs computes). */
export const NR_IRQS_DEFAULT = {
  arm64: { value: 64, cite: { title: 'include/asm-generic/irq.h: NR_IRQS 64 (arm64 defines none)', source: 'asm-generic/irq.h in 3.1 and 3.10 trees; kernel-model.md 1.1' } },
  x86_64: { value: null, cite: { title: 'NR_IRQS from irq_vectors.h, trimmed by arch_probe_nr_irqs', source: 'kernel-model.md 6.1', checked: false } },
} as const;

// ---- what irqscope can build at all -----------------------------------------------------------

export interface Support {
  what: string;
  /** First release modelled, and (optionally) a gap of releases that is not. */
  since: string;
  gap?: { from: string; until: string; why: string };
  cite: Citation;
}

export const SUPPORT = {
  x86: {
    what: 'an x86_64 machine (bare metal)',
    since: '4.4',
    cite: { title: 'the pre-4.15 vector.c of v4.4-v4.14 and the IRQ domain hierarchy', source: 'kernel-model.md 3.8 (V1 is v4.4-v4.14); 2.6.x/3.x laid the vectors out differently', checked: false },
  },
  arm64: {
    what: 'an arm64 machine',
    since: '4.19',
    cite: { title: 'irqchip/gic-v3-its: Refactor LPI allocator (the lpi_range_list allocator)', by: 'Marc Zyngier', source: 'RHEL 4.14-el7a changelogs listing the May 2018 series (Refactor LPI allocator, Drop chunk allocation compatibility); merged for v4.19' },
  },
  gicV41: {
    what: 'a GICv4.1 host (vPE doorbells with vSGIs)',
    since: '5.7',
    cite: { title: 'GICv4.1 vSGI support (irq-gic-v4.c its_alloc_vcpu_sgis)', source: 'kernel-model.md G3 (v5.7 vSGI)', checked: false },
  },
  xen: {
    what: 'a Xen domain',
    since: '2.6.39',
    gap: {
      from: '3.0',
      until: '3.14',
      why: 'between 2.6.39 and v3.15 Xen dropped the fall-back below nr_irqs_gsi and nr_irqs became expandable, in releases irqscope does not model',
    },
    cite: XEN_IRQS.eras[0].cite,
  },
  nvme: {
    what: 'NVMe queues as managed interrupts',
    since: '4.8',
    cite: { title: 'genirq: Add a helper to spread an affinity mask for MSI/MSI-X vectors (irq_create_affinity_masks)', by: 'Thomas Gleixner / Christoph Hellwig', source: 'kernel/irq/affinity.c of v4.9 (torvalds 482458f0d7d6)' },
  },
} satisfies Record<string, Support>;

/** Every row, for the README and the UI. */
export const RELEASE_TABLE: ReadonlyArray<ReleaseRow<unknown>> = [
  DESCRIPTORS,
  VECTORS,
  ITS_FREE,
  MAPPING_REFCOUNT,
  XEN_IRQS,
  EVTCHN_ABI,
  AFFINITY,
  IRQD_AFFINITY_SET,
  ARM64_IPIS,
  VPE_ALLOC_ERROR_PATH,
  X86_MSI_DOMAINS,
  ARM64_MSI_DOMAINS,
  X86_VECTOR_CLEANUP,
  X86_FIRST_SYSTEM_VECTOR,
  MATRIX_ALLOCATED,
  X86_NR_IRQS,
] as ReadonlyArray<ReleaseRow<unknown>>;

/** The era of `row` in force at `release`, or null before the row's first era. */
export function eraAt<V>(row: ReleaseRow<V>, releaseKeyOf: (name: string) => number, release: string): Era<V> | null {
  const k = releaseKeyOf(release);
  let found: Era<V> | null = null;
  for (const e of row.eras) if (releaseKeyOf(e.since) <= k) found = e;
  return found;
}

export { NEWEST_RELEASE, OLDEST_RELEASE };

/**
 * The releases worth offering in a picker: every release where a row of the table or a support
 * boundary changes, oldest first (any other release between them is valid too).
 */
export function notableReleases(keyOf: (name: string) => number): string[] {
  const set = new Set<string>([OLDEST_RELEASE, NEWEST_RELEASE]);
  // Each change's release and the last release before it ("what did 4.14 do here? and 4.15?").
  for (const row of RELEASE_TABLE) for (const e of row.eras) set.add(e.since).add(previousRelease(e.since));
  for (const s of Object.values(SUPPORT) as Support[]) set.add(s.since);
  for (const name of ['5.10', '6.4', '3.15']) set.add(name); // the stories' releases
  return [...set].filter((n) => keyOf(n) >= keyOf(OLDEST_RELEASE)).sort((a, b) => keyOf(a) - keyOf(b));
}
