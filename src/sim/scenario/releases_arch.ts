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
        title: 'arm64: smp: Remove dedicated wakeup IPI (Mark Rutland); arm64: smp: Add arch support for backtrace using pseudo-NMI; arm64: kgdb: Implement kgdb_roundup_cpus() to enable pseudo-NMI roundup (Douglas Anderson)',
        commit: '2b2d0a7a96ab, 331a1b3a836c, 2f5cd0c7ffde',
        by: 'Mark Rutland, Douglas Anderson',
        source:
          'Catalin Marinas\' "[GIT PULL] arm64 updates for 6.7" (27 Oct 2023, "Backtrace/kgdb: use IPIs and pseudo-NMI") lists the three; Will Deacon\'s b4-ty for for-next/backtrace-ipi gives their ids. The v11 patch 3/6 diff drops IPI_WAKEUP from ipi_msg_type and ipi_types[NR_IPI] (six names), the series diff makes set_smp_ipi_range request min(n, MAX_IPI) IPIs, and Jinjie Ruan\'s patch (7 Jun 2024, Fixes: 331a1b3a836c) says the backtrace and KGDB IPIs are IRQ_HIDDEN but not shown by arch_show_interrupts',
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
        commit: 'fdfa588124b6',
        by: 'Douglas Anderson',
        source:
          'Will Deacon\'s b4-ty (23 Aug 2024: applied to arm64 for-next/misc as fdfa588124b6); the torvalds/linux master push of 16 Sep 2024 (the day after v6.11) carrying it with the arm64-upstream merge 114143a59589, so 6.12 merge window. ipi_types of the 6.10.13 stable diff (it was backported there) and of arch/arm64/kernel/smp.c in a 7.0.0 tree (julianw1010/WASP-linux-7.0.0 d0b9a1a6a) read "CPU stop NMIs" at IPI3',
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
          'tip irq/core notice (Mar 2020, merged for v5.7); irq-gic-v4.c of a 5.6.4 tree (shmily1012/linux-5.6.4: no its_alloc_vcpu_sgis) and of a 5.7.6 tree (HanRunyu/linux-5.7.6-jz2440 21d92341e: its_alloc_vcpu_sgis, same err: label); read unchanged on that path in a v6.16-rc1 tree (intel-lab-lkp/linux), a v6.17-rc4 tree (Kingxukai/linux 9b44fff655e2) and a 7.0.0 tree (julianw1010/WASP-linux-7.0.0 d0b9a1a6a, which calls irq_domain_alloc_irqs there); vgic_v4_init then drops its_vm.vpes, so vgic_v4_teardown frees nothing',
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
    {
      since: OLDEST_RELEASE,
      value: 'global',
      cite: {
        title: 'one PCI-MSI domain (arch/x86/kernel/apic/msi.c) and one IR-PCI-MSI per remapping unit, none per device',
        source: 'arch/x86/kernel/apic/msi.c of release trees 4.4.60 (monkeygq/linux-4.4.60), 4.14.5 (monkeygq/linux-4.14.5 67c81f98) and 6.1-rc7 (tianrenz2/linux-6.1.0 1d22d3268): pci_msi_create_irq_domain for "PCI-MSI" at init and for IR-PCI-MSI under each remapping domain',
      },
    },
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
    {
      since: OLDEST_RELEASE,
      value: 'global',
      cite: {
        title: 'irq-gic-v3-its-pci-msi.c: one PCI/MSI domain per ITS, made at boot (its_pci_msi_init)',
        source: 'drivers/irqchip/irq-gic-v3-its-pci-msi.c of 4.4.60, 4.14.5 and 6.9.0 (ec-jt/linux-6.9.0 b12020242) release trees; a 6.11.11 tree (segzix/linux-6.11.11) has no such file, only irq-gic-v3-its-msi-parent.c with the "ITS-" prefix',
      },
    },
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
    {
      since: OLDEST_RELEASE,
      value: 'ipi',
      cite: {
        title: 'IRQ_MOVE_CLEANUP_VECTOR = FIRST_EXTERNAL_VECTOR (0x20), sent as an IPI to the old target',
        source: 'arch/x86/include/asm/irq_vectors.h of release trees 2.6.39 (zouyalong-coder/linux-2.6.39), 3.14.0, 4.4.60 and 4.14.5; the lines bdc1dad299bb removes',
      },
    },
    {
      since: '6.6',
      value: 'timer',
      cite: {
        title: 'x86/vector: Replace IRQ_MOVE_CLEANUP_VECTOR with a timer callback',
        commit: 'bdc1dad299bb',
        by: 'Thomas Gleixner',
        source: 'the tip-bot2 notice (committed 6 Aug 2023, with its diff: per-CPU vector_cleanup timer, IRQ_MOVE_CLEANUP_VECTOR removed from irq_vectors.h and idt.c) and Dave Hansen\'s "[GIT PULL] x86/apic for 6.6-rc1" (30 Aug 2023) listing it',
      },
    },
  ],
};

export const X86_FIRST_SYSTEM_VECTOR: ReleaseRow<number> = {
  key: 'x86FirstSystemVector',
  feature: 'x86 FIRST_SYSTEM_VECTOR (the end of the matrix allocation range; system vector set)',
  knob: false,
  consumed: false,
  eras: [
    { since: OLDEST_RELEASE, value: 0xef, cite: { title: 'LOCAL_TIMER_VECTOR 0xef = FIRST_SYSTEM_VECTOR', source: 'arch/x86/include/asm/irq_vectors.h of release trees 3.14.0, 4.4.60 and 4.14.5 (monkeygq/linux-4.14.5 67c81f98)' } },
    { since: '4.15', value: 0xee, cite: { title: 'MANAGED_IRQ_SHUTDOWN_VECTOR takes 0xef, LOCAL_TIMER_VECTOR 0xee', source: 'irq_vectors.h of 4.15.0 (sndrzt/linux-4.15 at 6ea062648, its kernel.org import; the later commits there are the Ubuntu source)' } },
    {
      since: '4.16',
      value: 0xed,
      cite: {
        title: 'HYPERV_REENLIGHTENMENT_VECTOR takes 0xee (with CONFIG_HYPERV), LOCAL_TIMER_VECTOR 0xed',
        source: 'irq_vectors.h of a 4.16.13 tree (lizuobin/linux-4.16.13_tiny4412 cff582ce6): 0xef MANAGED_IRQ_SHUTDOWN, 0xee HYPERV_REENLIGHTENMENT, 0xed LOCAL_TIMER. The kernel-model.md table skipped 4.16',
      },
    },
    {
      since: '4.17',
      value: 0xec,
      cite: { title: 'HYPERV_STIMER0_VECTOR takes 0xed, LOCAL_TIMER_VECTOR 0xec', source: 'irq_vectors.h of a 4.17.0 tree (SaumyaSachdev/linux-4.17 4b4a148c) and of 6.9.0 (ec-jt/linux-6.9.0): 0xee REENLIGHTENMENT, 0xed STIMER0, 0xec LOCAL_TIMER' },
    },
    {
      since: '6.10',
      value: 0xeb,
      cite: {
        title: 'x86/irq: Reserve a per CPU IDT vector for posted MSIs (POSTED_MSI_NOTIFICATION_VECTOR 0xeb = FIRST_SYSTEM_VECTOR)',
        commit: 'f5a3562ec9dd',
        by: 'Jacob Pan',
        source: 'Thomas Gleixner\'s "[GIT pull] x86/irq for v6.10-rc1" (13 May 2024) with the irq_vectors.h diff (defined unconditionally); 6.9.0\'s irq_vectors.h has no such vector',
      },
    },
  ],
};

export const MATRIX_ALLOCATED: ReleaseRow<'all' | 'unmanaged'> = {
  key: 'matrixAllocated',
  feature: 'irq_matrix_allocated(): what lapic_can_unplug_cpu counts as vectors to move',
  knob: false,
  consumed: false,
  eras: [
    { since: '4.15', value: 'all', cite: { title: 'irq_matrix_allocated returns cm->allocated (managed included)', source: 'kernel/irq/matrix.c of 4.15.0 (sndrzt/linux-4.15 at 6ea062648, the kernel.org import)' } },
    {
      since: '6.7',
      value: 'unmanaged',
      cite: {
        title: 'genirq/matrix: Exclude managed interrupts in irq_matrix_allocated() (allocated - managed_allocated)',
        commit: 'a0b0bad10587',
        by: 'Chen Yu',
        source: 'tip irq/core push, then the torvalds/linux master push of 31 Oct 2023 with irq-core-2023-10-29-v2 (6.7 merge window); matrix.c of 6.9.0 reads it. It was also backported to stable series (4.19.298 and later), which irqscope does not model',
      },
    },
  ],
};

export const X86_NR_IRQS: ReleaseRow<'2011' | 'current'> = {
  key: 'x86NrIrqs',
  feature: 'x86 arch_probe_nr_irqs (core/nr_irqs.ts eras)',
  knob: false,
  consumed: false,
  eras: [
    {
      since: OLDEST_RELEASE,
      value: '2011',
      cite: { title: 'io_apic.c arch_probe_nr_irqs over nr_irqs_gsi, returning NR_IRQS_LEGACY', source: 'arch/x86/kernel/apic/io_apic.c of release trees 2.6.39, 3.14.0, 3.15.5 and 3.16.0 (jyizheng/linux-3.16 82df2fe4)' },
    },
    {
      since: '3.17',
      value: 'current',
      cite: {
        title: 'x86 irq rework: arch_probe_nr_irqs over gsi_top (Jiang Liu, 2014)',
        by: 'Jiang Liu',
        source:
          'io_apic.c of a 3.17.0 tree (lexi6725/linux-3.17.0 0d353ed3): nr = gsi_top + nr_legacy_irqs() + 8 * nr_cpu_ids, + 16 * gsi_top with MSI, returns 0. The form the engine computes (in vector.c, + 8 * nr_cpu_ids when gsi_top <= 16, returns legacy_pic->probe()) is the one of 4.4.60, 4.14.5 and 7.0.0; 3.17-4.3 are approximated by it',
      },
    },
  ],
};
