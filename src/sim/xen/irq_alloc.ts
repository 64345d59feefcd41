// How Xen event-channel code gets Linux IRQ numbers: xen_allocate_irq_dynamic and
// xen_allocate_irq_gsi of drivers/xen/events.c (2011, v2.6.39, Ian Campbell's "allocate GSIs
// and dynamic IRQs from separate IRQ ranges") and drivers/xen/events/events_base.c (today:
// xen_allocate_irqs_dynamic with irq_alloc_descs(-1, 0, n) and x86's arch_dynirq_lower_bound),
// through the shared genirq core (__irq_alloc_descs: the number and its descriptor).
import type { Genirq } from '../core/genirq';
import { NUMA_NO_NODE } from '../core/irqdata';
import type { XenEventSink } from '../events/xen';
import { ENOMEM } from '../lib/errno';
import type { XenIrqsPolicy, XenRole } from './percpu';

export const NR_IRQS_LEGACY = 16;

export const EATING_INTO_GSI_MSG = 'Out of dynamic IRQ space and eating into GSI space. You should increase nr_irqs';
export const NO_IRQ_PANIC_MSG = 'No available IRQ to bind to: increase nr_irqs!';

export interface IrqAllocContext {
  /** The genirq core: its number space hands out the numbers, and each gets a descriptor. */
  core: Genirq;
  policy: XenIrqsPolicy;
  role: XenRole;
  /** 2011: nr_irqs_gsi (get_nr_irqs_gsi()), where dom0/HVM dynamic IRQs start. */
  nrIrqsGsi: number;
  /** nr_legacy_irqs(): descriptors 0..15 the arch preallocated (0 without a PIC). */
  nrLegacyIrqs: number;
  sink: XenEventSink | null;
  /** Set when the 2011 code panicked ("No available IRQ to bind to"). */
  panicked: boolean;
}

/**
 * xen_allocate_irq_dynamic: one IRQ number for a VIRQ, IPI, MSI PIRQ or event channel.
 *
 * 2011: dom0 and HVM (which see real or emulated GSIs) start at nr_irqs_gsi, PV domUs at 0.
 * If irq_alloc_desc_from fails with -ENOMEM while first > 16, the kernel prints the "eating
 * into GSI space" error and retries from max(16, first - 16) (40 -> 24 -> 16): numbers that
 * belong to GSIs nobody registered yet get handed out. If it still fails: panic.
 *
 * current: irq_alloc_descs(-1, 0, 1); x86's arch_dynirq_lower_bound lifts @from above the
 * GSIs, nr_irqs grows on demand; an error is returned to the binder.
 */
export function allocateIrqDynamic(ctx: IrqAllocContext, site: string): number {
  if (ctx.policy === 'current') return allocFrom(ctx, 0);
  let first = ctx.role === 'dom0' || ctx.role === 'hvm' ? ctx.nrIrqsGsi : 0;
  for (;;) {
    const irq = allocFrom(ctx, first);
    if (irq === -ENOMEM && first > NR_IRQS_LEGACY) {
      ctx.sink?.emit({ type: 'log', level: 'err', site: 'xen_allocate_irq_dynamic', message: EATING_INTO_GSI_MSG });
      first = Math.max(NR_IRQS_LEGACY, first - NR_IRQS_LEGACY);
      continue;
    }
    if (irq < 0) {
      ctx.panicked = true;
      ctx.sink?.emit({
        type: 'failure',
        site: 'xen_allocate_irq_dynamic',
        errno: irq,
        message: `Kernel panic - not syncing: ${NO_IRQ_PANIC_MSG} (while ${site})`,
      });
    }
    return irq;
  }
}

/**
 * xen_allocate_irq_gsi: the IRQ of a GSI is the GSI itself (irq_alloc_desc_at(gsi)); legacy
 * GSIs below nr_legacy_irqs() reuse the arch's preallocated descriptors; a PV domU has no
 * GSIs and gets a dynamic number. Returns the IRQ or a negative errno: -EEXIST when the
 * number is already taken (under 2011, by a dynamic IRQ that ate into the GSI space). The
 * caller reports the clash, since it knows who holds the number.
 */
export function allocateIrqGsi(ctx: IrqAllocContext, gsi: number): number {
  if (ctx.role === 'pv') return allocateIrqDynamic(ctx, `binding GSI ${gsi}`);
  if (gsi < ctx.nrLegacyIrqs) return gsi;
  return ctx.core.allocDescs(gsi, gsi, 1, NUMA_NO_NODE, null);
}

/** irq_alloc_desc_from(from, -1) */
function allocFrom(ctx: IrqAllocContext, from: number): number {
  return ctx.core.allocDescs(-1, from, 1, NUMA_NO_NODE, null);
}
