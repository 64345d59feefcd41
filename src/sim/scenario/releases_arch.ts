// The release table's rows of arch-specific behaviours (x86 vectors and MSI domains, arm64 IPIs
// and ITS domains, GICv4.1 launch failures, IRQD_AFFINITY_SET): the same kind of rows as
// releases.ts, which gathers them into RELEASE_TABLE. Each era cites what was read.
import { OLDEST_RELEASE } from './release_number';
import type { ReleaseRow } from './releases';

// Rows other work will read (the engine does not yet, unless `consumed`).

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
