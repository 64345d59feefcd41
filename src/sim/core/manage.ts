// kernel/irq/manage.c: request_irq (__setup_irq) and free_irq (__free_irq), the affinity
// paths irq_set_affinity -> irq_set_affinity_locked -> irq_try_set_affinity /
// irq_do_set_affinity, irq_set_affinity_deactivated (v5.8+), irq_setup_affinity, and
// kernel/irq/proc.c write_irq_affinity (/proc/irq/N/smp_affinity).
import { EBUSY, EINVAL, EIO, ENOSYS } from '../lib/errno';
import {
  type Cpumask,
  cpumaskAnd,
  cpumaskCopy,
  cpumaskEmpty,
  cpumaskIntersects,
} from './cpumask';
import type { IrqDesc } from './desc';
import type { Genirq } from './genirq';
import {
  IRQ_NOREQUEST,
  IRQ_SET_MASK_OK,
  IRQ_SET_MASK_OK_DONE,
  IRQ_SET_MASK_OK_NOCOPY,
  IRQCHIP_MOVE_DEFERRED,
  IRQD_AFFINITY_ON_ACTIVATE,
  IRQD_AFFINITY_SET,
  IRQD_IRQ_INPROGRESS,
  IRQD_NO_BALANCING,
  IRQD_PER_CPU,
  IRQD_SETAFFINITY_PENDING,
  IRQS_AUTODETECT,
  IRQS_ONESHOT,
  IRQS_SPURIOUS_DISABLED,
  IRQS_WAITING,
  type IrqData,
  irqdAffinityIsManaged,
  irqdClear,
  irqdHas,
  irqdIsActivated,
  irqdIsSetaffinityPending,
  irqdSet,
} from './irqdata';
import { irqActivate, irqShutdown, irqStartup } from './chip';
import { irqDomainDeactivateIrq } from './irqdomain';
import { NUMA_NO_NODE } from './irqdata';

/** __irq_can_set_affinity: balancable and the chip can change affinity. */
export function irqCanSetAffinity(desc: IrqDesc | undefined): boolean {
  if (!desc) return false;
  const d = desc.irqData;
  if (irqdHas(d, IRQD_PER_CPU | IRQD_NO_BALANCING)) return false;
  return !!d.chip?.irqSetAffinity;
}

/** irq_can_set_affinity_usr: and not managed (managed affinity is the kernel's). */
export function irqCanSetAffinityUsr(desc: IrqDesc | undefined): boolean {
  return irqCanSetAffinity(desc) && !irqdAffinityIsManaged(desc!.irqData);
}

/** irq_can_move_in_process_context (v6.13+): the top chip lacks IRQCHIP_MOVE_DEFERRED. */
export function irqCanMoveInProcessContext(d: IrqData): boolean {
  return ((d.chip?.flags ?? 0) & IRQCHIP_MOVE_DEFERRED) === 0;
}

/** irq_data_update_effective_affinity */
export function irqDataUpdateEffectiveAffinity(d: IrqData, mask: Cpumask): void {
  cpumaskCopy(d.common.effectiveAffinity, mask);
}

/**
 * irq_do_set_affinity(data, mask, force): hand the chip the online part of the mask; on
 * success the mask (not its online part) becomes the affinity.
 */
export function irqDoSetAffinity(core: Genirq, d: IrqData, mask: Cpumask, force: boolean): number {
  const chip = d.chip;
  if (!chip?.irqSetAffinity) return -EINVAL;
  const tmp = core.tmpMask2;
  const any = cpumaskAnd(tmp, mask, core.online);
  let ret: number;
  if (!force && any) ret = chip.irqSetAffinity(d, tmp, force);
  else if (force) ret = chip.irqSetAffinity(d, mask, force);
  else ret = -EINVAL;
  if (ret === IRQ_SET_MASK_OK || ret === IRQ_SET_MASK_OK_DONE) cpumaskCopy(d.common.affinity, mask);
  if (ret === IRQ_SET_MASK_OK || ret === IRQ_SET_MASK_OK_DONE || ret === IRQ_SET_MASK_OK_NOCOPY) {
    // irq_validate_effective_affinity
    if (cpumaskEmpty(d.common.effectiveAffinity)) {
      core.log('warn', 'irq_validate_effective_affinity', `irq_chip ${chip.name} did not update eff. affinity mask of irq ${d.irq}`);
    }
    ret = 0;
  }
  return ret;
}

/** irq_set_affinity_pending: leave the move to the next interrupt (irq_move_irq). */
function setAffinityPending(desc: IrqDesc, mask: Cpumask): number {
  irqdSet(desc.irqData, IRQD_SETAFFINITY_PENDING);
  cpumaskCopy(desc.pendingMask, mask);
  return 0;
}

/** irq_set_affinity_deactivated: an inactive interrupt just stores the masks. */
function setAffinityDeactivated(d: IrqData, mask: Cpumask): boolean {
  if (irqdIsActivated(d) || !irqdHas(d, IRQD_AFFINITY_ON_ACTIVATE)) return false;
  cpumaskCopy(d.common.affinity, mask);
  irqDataUpdateEffectiveAffinity(d, mask);
  irqdSet(d, IRQD_AFFINITY_SET);
  return true;
}

/** irq_set_affinity_locked(data, mask, force) */
export function irqSetAffinityLocked(core: Genirq, desc: IrqDesc, mask: Cpumask, force: boolean): number {
  const d = desc.irqData;
  if (!d.chip?.irqSetAffinity) return -EINVAL;
  if (setAffinityDeactivated(d, mask)) return 0;
  let ret = 0;
  if (irqCanMoveInProcessContext(d) && !irqdIsSetaffinityPending(d)) {
    ret = irqDoSetAffinity(core, d, mask, force);
    // irq_try_set_affinity: a busy vector is retried from the next interrupt.
    if (ret === -EBUSY && !force && core.policy.affinityBusyPending) ret = setAffinityPending(desc, mask);
  } else {
    setAffinityPending(desc, mask);
  }
  irqdSet(d, IRQD_AFFINITY_SET);
  return ret;
}

/** irq_set_affinity(irq, mask) */
export function irqSetAffinity(core: Genirq, irq: number, mask: Cpumask): number {
  const desc = core.irqToDesc(irq);
  if (!desc) return -EINVAL;
  return irqSetAffinityLocked(core, desc, mask, false);
}

/**
 * write_irq_affinity: -EIO when user space may not set it (managed, per-CPU, no setter);
 * a mask without online CPU is refused with -EINVAL; else irq_set_affinity (v4.14 differs:
 * GenirqPolicy.procAffinitySelectUsr).
 */
export function writeIrqAffinity(core: Genirq, irq: number, mask: Cpumask): number {
  const desc = core.irqToDesc(irq);
  if (!desc) return -EINVAL;
  if (!irqCanSetAffinityUsr(desc)) return -EIO;
  if (core.policy.procAffinitySelectUsr) {
    if (!cpumaskIntersects(mask, core.online)) return irqSetupAffinity(core, desc) ? -EINVAL : 0;
    irqSetAffinity(core, irq, mask);
    return 0;
  }
  if (!cpumaskIntersects(mask, core.online)) return -EINVAL;
  return irqSetAffinity(core, irq, mask);
}

/**
 * irq_setup_affinity: at startup, keep a managed or user-set affinity if it has an online
 * CPU (else forget the user setting), restrict to online CPUs and to the node if possible.
 */
export function irqSetupAffinity(core: Genirq, desc: IrqDesc): number {
  if (!irqCanSetAffinity(desc)) return 0;
  const d = desc.irqData;
  let set = core.defaultAffinity;
  if (irqdAffinityIsManaged(d) || irqdHas(d, IRQD_AFFINITY_SET)) {
    if (cpumaskIntersects(desc.common.affinity, core.online)) set = desc.common.affinity;
    else irqdClear(d, IRQD_AFFINITY_SET);
  }
  const mask = core.tmpMask;
  if (!cpumaskAnd(mask, core.online, set)) cpumaskCopy(mask, core.online);
  const node = desc.common.node;
  if (node !== NUMA_NO_NODE) {
    const nodemask = core.nodeMask(node);
    if (cpumaskIntersects(mask, nodemask)) cpumaskAnd(mask, mask, nodemask);
  }
  // The chip may be re-entered with core.tmpMask; hand it a copy.
  return irqDoSetAffinity(core, d, mask.slice(), false);
}

/**
 * request_irq -> __setup_irq: the first action activates (not managed) and starts the
 * interrupt; further actions need shared=true on both sides (else -EBUSY).
 */
export function requestIrq(core: Genirq, irq: number, name: string, devId: unknown, shared = false): number {
  const desc = core.irqToDesc(irq);
  if (!desc) return -EINVAL;
  if (desc.status & IRQ_NOREQUEST) return -EINVAL;
  if (!desc.irqData.chip) return -ENOSYS;
  if (desc.actions.length > 0) {
    if (!shared || !desc.actions[0].shared) {
      core.log('err', '__setup_irq', `Flags mismatch irq ${irq}. (${name}) vs. (${desc.actions[0].name})`);
      return -EBUSY;
    }
    desc.actions.push({ name, devId, shared });
    return 0;
  }
  const ret = irqActivate(desc);
  if (ret) return ret;
  desc.istate &= ~(IRQS_AUTODETECT | IRQS_SPURIOUS_DISABLED | IRQS_ONESHOT | IRQS_WAITING);
  irqdClear(desc.irqData, IRQD_IRQ_INPROGRESS);
  irqStartup(core, desc, true, false);
  desc.actions.push({ name, devId, shared });
  desc.handler = desc.handler === 'handle_bad_irq' ? 'handle_edge_irq' : desc.handler;
  return 0;
}

/**
 * free_irq -> __free_irq: remove the action; the last one shuts the interrupt down and
 * deactivates it. Freeing an action that is not there is the kernel's WARN.
 */
export function freeIrq(core: Genirq, irq: number, devId: unknown): number {
  const desc = core.irqToDesc(irq);
  if (!desc) {
    core.warn('__free_irq', `Trying to free already-free IRQ ${irq}`);
    return -EINVAL;
  }
  const i = desc.actions.findIndex((a) => a.devId === devId);
  if (i < 0) {
    core.warn('__free_irq', `Trying to free already-free IRQ ${irq}`);
    return -EINVAL;
  }
  desc.actions.splice(i, 1);
  if (desc.actions.length === 0) {
    irqShutdown(desc);
    irqDomainDeactivateIrq(desc.irqData);
  }
  return 0;
}
