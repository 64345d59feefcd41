// kernel/irq/migration.c: deferred affinity changes applied from the interrupt path
// (irq_move_irq -> irq_move_masked_irq) and irq_fixup_move_pending for CPU hot-unplug.
import { EBUSY } from '../lib/errno';
import { cpumaskClear, cpumaskEmpty, cpumaskIntersects } from './cpumask';
import type { IrqDesc } from './desc';
import type { Genirq } from './genirq';
import {
  IRQD_SETAFFINITY_PENDING,
  irqdClear,
  irqdIrqDisabled,
  irqdIsPerCpu,
  irqdIsSetaffinityPending,
  irqdSet,
} from './irqdata';
import { irqDoSetAffinity } from './manage';

/**
 * irq_fixup_move_pending(desc, force_clear): a pending move whose mask has no online CPU
 * left is dropped (false); otherwise true, clearing the pending bit if asked.
 */
export function irqFixupMovePending(core: Genirq, desc: IrqDesc, forceClear: boolean): boolean {
  const d = desc.irqData;
  if (!irqdIsSetaffinityPending(d)) return false;
  if (!cpumaskIntersects(desc.pendingMask, core.online)) {
    irqdClear(d, IRQD_SETAFFINITY_PENDING);
    return false;
  }
  if (forceClear) irqdClear(d, IRQD_SETAFFINITY_PENDING);
  return true;
}

/** irq_move_masked_irq: apply the pending mask; -EBUSY keeps it pending for the next one. */
export function irqMoveMaskedIrq(core: Genirq, desc: IrqDesc): void {
  const d = desc.irqData;
  if (!irqdIsSetaffinityPending(d)) return;
  irqdClear(d, IRQD_SETAFFINITY_PENDING);
  if (irqdIsPerCpu(d)) {
    core.warn('irq_move_masked_irq', `per-CPU irq ${desc.irq} has a pending move`);
    return;
  }
  if (cpumaskEmpty(desc.pendingMask)) return;
  if (!d.chip?.irqSetAffinity) return;
  if (cpumaskIntersects(desc.pendingMask, core.online)) {
    const ret = irqDoSetAffinity(core, d, desc.pendingMask.slice(), false);
    if (ret === -EBUSY && core.policy.affinityBusyPending) {
      irqdSet(d, IRQD_SETAFFINITY_PENDING);
      return;
    }
  }
  cpumaskClear(desc.pendingMask);
}

/** irq_move_irq / __irq_move_irq: only for a pending, enabled interrupt. */
export function irqMoveIrq(core: Genirq, desc: IrqDesc): void {
  const d = desc.irqData;
  if (!irqdIsSetaffinityPending(d)) return;
  if (irqdIrqDisabled(d)) return;
  irqMoveMaskedIrq(core, desc);
}
