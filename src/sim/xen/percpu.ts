// The per-CPU VIRQs and IPIs Linux binds when a CPU comes up under Xen:
// arch/x86/xen/time.c (xen_setup_timer), arch/x86/xen/smp.c (xen_smp_intr_init),
// arch/x86/xen/smp_pv.c (xen_smp_intr_init_pv), arch/x86/xen/spinlock.c (xen_init_lock_cpu);
// VIRQ numbers from include/xen/interface/xen.h, IPIs from arch/x86/include/asm/xen/events.h.

/** include/xen/interface/xen.h */
export const VIRQ_TIMER = 0;
export const VIRQ_DEBUG = 1;
export const VIRQ_CONSOLE = 2;
export const VIRQ_DOM_EXC = 3;
export const NR_VIRQS = 24;

export const VIRQ_NAMES: Record<number, string> = {
  [VIRQ_TIMER]: 'VIRQ_TIMER',
  [VIRQ_DEBUG]: 'VIRQ_DEBUG',
  [VIRQ_CONSOLE]: 'VIRQ_CONSOLE',
  [VIRQ_DOM_EXC]: 'VIRQ_DOM_EXC',
};

/** enum ipi_vector (x86). */
export const XEN_RESCHEDULE_VECTOR = 0;
export const XEN_CALL_FUNCTION_VECTOR = 1;
export const XEN_CALL_FUNCTION_SINGLE_VECTOR = 2;
export const XEN_SPIN_UNLOCK_VECTOR = 3;
export const XEN_IRQ_WORK_VECTOR = 4;
export const XEN_NMI_VECTOR = 5;
export const XEN_NR_IPIS = 6;

export const IPI_NAMES: Record<number, string> = {
  [XEN_RESCHEDULE_VECTOR]: 'RESCHEDULE_VECTOR',
  [XEN_CALL_FUNCTION_VECTOR]: 'CALL_FUNCTION_VECTOR',
  [XEN_CALL_FUNCTION_SINGLE_VECTOR]: 'CALL_FUNCTION_SINGLE_VECTOR',
  [XEN_SPIN_UNLOCK_VECTOR]: 'SPIN_UNLOCK_VECTOR',
  [XEN_IRQ_WORK_VECTOR]: 'IRQ_WORK_VECTOR',
  [XEN_NMI_VECTOR]: 'NMI_VECTOR',
};

export type XenRole = 'dom0' | 'hvm' | 'pv';
export type XenIrqsPolicy = '2011' | 'current';

export interface PerCpuBinding {
  kind: 'VIRQ' | 'IPI';
  /** VIRQ or IPI number. */
  nr: number;
  /** Handler name with the CPU number appended, as /proc/interrupts shows it. */
  name: string;
}

/**
 * What one CPU binds, in the order the kernel binds it.
 *
 * Current kernels (read: v6.6, arch/x86/xen/{time,smp,smp_pv,spinlock}.c), PV domains
 * (dom0 and PV domU): VIRQ_TIMER "timer%d" (xen_setup_timer), then xen_smp_intr_init:
 * IPI resched "resched%d", callfunc "callfunc%d", VIRQ_DEBUG "debug%d", callfuncsingle
 * "callfuncsingle%d"; xen_smp_intr_init_pv: irq_work "irqwork%d" (v3.10+); xen_init_lock_cpu:
 * spinlock "spinlock%d" (with PV spinlocks, the default). HVM guests with the vector callback
 * run xen_smp_intr_init and xen_init_lock_cpu but not the PV-only irq_work IPI.
 *
 * 2011 (v2.6.39/v3.0, drivers/xen/events.c era): the same minus irq_work (added in v3.10).
 * The PMU VIRQ (v4.3+, only when Xen exposes a vPMU) and the NMI IPI (sent, never bound
 * per CPU) are left out.
 */
export function perCpuBindings(cpu: number, role: XenRole, era: XenIrqsPolicy): PerCpuBinding[] {
  const list: PerCpuBinding[] = [
    { kind: 'VIRQ', nr: VIRQ_TIMER, name: `timer${cpu}` },
    { kind: 'IPI', nr: XEN_RESCHEDULE_VECTOR, name: `resched${cpu}` },
    { kind: 'IPI', nr: XEN_CALL_FUNCTION_VECTOR, name: `callfunc${cpu}` },
    { kind: 'VIRQ', nr: VIRQ_DEBUG, name: `debug${cpu}` },
    { kind: 'IPI', nr: XEN_CALL_FUNCTION_SINGLE_VECTOR, name: `callfuncsingle${cpu}` },
  ];
  if (role !== 'hvm' && era === 'current') list.push({ kind: 'IPI', nr: XEN_IRQ_WORK_VECTOR, name: `irqwork${cpu}` });
  list.push({ kind: 'IPI', nr: XEN_SPIN_UNLOCK_VECTOR, name: `spinlock${cpu}` });
  return list;
}
