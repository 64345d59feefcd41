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
import { ARM64_IPIS, ARM64_MSI_DOMAINS, IRQD_AFFINITY_SET, MATRIX_ALLOCATED, VPE_ALLOC_ERROR_PATH, X86_FIRST_SYSTEM_VECTOR, X86_MSI_DOMAINS, X86_NR_IRQS, X86_VECTOR_CLEANUP } from './releases_arch';

export * from './releases_arch';

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
      cite: {
        title: '__assign_irq_vector with the global current_vector search (v4.14 vector.c)',
        source: 'arch/x86/kernel/apic/vector.c of release trees 4.4.60 (monkeygq/linux-4.4.60) and 4.14.5 (monkeygq/linux-4.14.5 67c81f98): static current_vector starting at FIRST_EXTERNAL_VECTOR + VECTOR_OFFSET_START; 4.15.0 (the kernel.org import of sndrzt/linux-4.15, 6ea062648) calls irq_matrix_alloc instead',
      },
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
      cite: {
        title: 'irq_domain_free_irqs_hierarchy: one ops->free(domain, base, n) call',
        source: 'kernel/irq/irqdomain.c of release trees 4.14.5 and 5.7.6 (HanRunyu/linux-5.7.6-jz2440 21d92341e); 6.9.0 frees one irq at a time',
      },
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
      cite: {
        title: 'IRQ_DOMAIN_FREE_BULK / per-device region (LKML, Aug 2023)',
        source: 'kernel-model.md 5.3. Not found: the code and pages corpora were searched for the thread (Gleixner, 2023, ITS Multi-MSI region / free bulk) without a hit; that nothing like it merged is consistent with 7.0.0\'s irqdomain.c (per-irq frees)',
        checked: false,
      },
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
      cite: {
        title: 'irq_dispose_mapping without a reference count (mainline to this day)',
        source: 'kernel/irq/irqdomain.c irq_dispose_mapping of release trees 4.14.5, 6.9.0 and 7.0.0 (julianw1010/WASP-linux-7.0.0 d0b9a1a6a): it frees (hierarchy) or disassociates and frees the descriptor, with no count',
      },
    },
  ],
  proposals: [
    {
      value: true,
      what: 'the 2020 reference-count proposal of Alexey Kardashevskiy ("genirq/irqdomain: Add reference counting to IRQs", v4, Nov 2020); it was never merged',
      cite: {
        title: 'genirq/irqdomain: Add reference counting to IRQs (v4, 8 patches)',
        by: 'Alexey Kardashevskiy',
        source: 'the v3 patch (9 Nov 2020) and Thomas Gleixner\'s review of it (14 Nov 2020: "a layering violation", breaks hierarchical domains), then the v4 cover letter (24 Nov 2020, 8 patches); 7.0.0\'s irq_dispose_mapping still has no count',
      },
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
        commit: '62a08ae2a576',
        by: 'Thomas Gleixner',
        source:
          'the commit (Link of 24 Apr 2014); arch_dynirq_lower_bound is absent from a 3.14.0 tree (zidigua/linux-3.14 589ec8b5) and present in 3.15.5 (pradeep0605/CS736_Eager_paging_linux-3.15.5) and 3.16.0. In 3.15/3.16 it lifts @from to nr_irqs_gsi (gsi_top + 16) and xen_allocate_irqs_dynamic still starts at get_nr_irqs_gsi(); from 3.17 (Jiang Liu) the bound is ioapic_dynirq_base / gsi_top. The engine models events_base.c of v6.6 with the 3.17+ bound, so 3.15-3.16 are approximated by it',
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

/** Per arch, the NR_IRQS `kernel.nrIrqs` defaults to (null: what arch_probe_nr_irqs computes). */
export const NR_IRQS_DEFAULT = {
  arm64: { value: 64, cite: { title: 'include/asm-generic/irq.h: NR_IRQS 64 (arm64 defines none)', source: 'asm-generic/irq.h in 3.1 and 3.10 trees; kernel-model.md 1.1' } },
  x86_64: {
    value: null,
    cite: {
      title: 'NR_IRQS from irq_vectors.h (NR_VECTORS + max(64 * NR_CPUS, 32 * MAX_IO_APICS)), trimmed by arch_probe_nr_irqs',
      source: 'irq_vectors.h of release trees 3.14.0, 4.4.60, 4.14.5 and 7.0.0 (2.6.39 has the same with CONFIG_SPARSE_IRQ); MAX_IO_APICS 128 on 64-bit (apicdef.h)',
    },
  },
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
    cite: {
      title: 'the pre-4.15 vector.c of v4.4-v4.14 and the IRQ domain hierarchy',
      source: 'release trees 4.4.60 and 4.14.5: arch/x86/kernel/apic/vector.c with the x86_vector_domain ("VECTOR") and __assign_irq_vector; 3.14.0 and 3.17.0 have no vector.c (__assign_irq_vector on irq_cfg in io_apic.c, no vector domain)',
    },
  },
  arm64: {
    what: 'an arm64 machine',
    since: '4.19',
    cite: { title: 'irqchip/gic-v3-its: Refactor LPI allocator (the lpi_range_list allocator)', by: 'Marc Zyngier', source: 'RHEL 4.14-el7a changelogs listing the May 2018 series (Refactor LPI allocator, Drop chunk allocation compatibility); merged for v4.19' },
  },
  gicV41: {
    what: 'a GICv4.1 host (vPE doorbells with vSGIs)',
    since: '5.7',
    cite: {
      title: 'GICv4.1 vSGI support (irq-gic-v4.c its_alloc_vcpu_sgis)',
      commit: '6d31b6ff985d',
      by: 'Marc Zyngier',
      source: 'drivers/irqchip/irq-gic-v4.c of a 5.6.4 tree (shmily1012/linux-5.6.4: doorbells only) and a 5.7.6 tree (HanRunyu/linux-5.7.6-jz2440 21d92341e: its_alloc_vcpu_sgis, 16 vSGIs per vPE when has_v4_1)',
    },
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
