// Interrupt state transitions of kernel/irq/chip.c: irq_activate, irq_startup (with
// __irq_startup_managed), irq_shutdown, irq_shutdown_and_deactivate, irq_startup_managed
// (v6.16+ depth handling) and the edge flow handler handle_edge_irq.
import { cpumaskIntersects } from './cpumask';
import type { IrqDesc } from './desc';
import type { Genirq } from './genirq';
import {
  IRQD_IRQ_DISABLED,
  IRQD_IRQ_INPROGRESS,
  IRQD_IRQ_MASKED,
  IRQD_IRQ_STARTED,
  IRQD_MANAGED_SHUTDOWN,
  IRQCHIP_AFFINITY_PRE_STARTUP,
  IRQS_PENDING,
  IRQS_REPLAY,
  IRQS_WAITING,
  irqdAffinityIsManaged,
  irqdClear,
  irqdIrqDisabled,
  irqdIsActivated,
  irqdIsStarted,
  irqdSet,
} from './irqdata';
import { irqDomainActivateIrq, irqDomainDeactivateIrq } from './irqdomain';
import { irqDoSetAffinity, irqSetupAffinity } from './manage';

const IRQ_STARTUP_NORMAL = 0;
const IRQ_STARTUP_MANAGED = 1;
const IRQ_STARTUP_ABORT = 2;

/** irq_activate: managed interrupts are activated by irq_startup instead. */
export function irqActivate(desc: IrqDesc): number {
  const d = desc.irqData;
  if (!irqdAffinityIsManaged(d)) return irqDomainActivateIrq(d, false);
  return 0;
}

function startupManaged(core: Genirq, desc: IrqDesc, force: boolean): number {
  const d = desc.irqData;
  if (!irqdAffinityIsManaged(d)) return IRQ_STARTUP_NORMAL;
  irqdClear(d, IRQD_MANAGED_SHUTDOWN);
  if (!cpumaskIntersects(desc.common.affinity, core.online)) {
    // Requested, but no CPU of the mask is online: managed shutdown until hotplug brings one.
    if (force) core.warn('__irq_startup_managed', `forced startup of managed irq ${desc.irq} without online CPU`);
    return IRQ_STARTUP_ABORT;
  }
  if (irqDomainActivateIrq(d, false)) {
    core.warn('__irq_startup_managed', `activation of managed irq ${desc.irq} failed`);
    return IRQ_STARTUP_ABORT;
  }
  return IRQ_STARTUP_MANAGED;
}

function startupLow(core: Genirq, desc: IrqDesc): number {
  const d = desc.irqData;
  if (!irqdIsActivated(d)) core.warn('__irq_startup', `irq ${desc.irq} started but not activated`);
  let ret = 0;
  const chip = d.chip;
  if (chip?.irqStartup) ret = chip.irqStartup(d);
  else if (chip?.irqEnable) chip.irqEnable(d);
  else if (chip?.irqUnmask) chip.irqUnmask(d);
  irqdClear(d, IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED);
  irqdSet(d, IRQD_IRQ_STARTED);
  return ret;
}

/** irq_enable for an already started interrupt. */
function irqEnable(desc: IrqDesc): void {
  const d = desc.irqData;
  if (d.chip?.irqEnable) d.chip.irqEnable(d);
  else if (d.chip?.irqUnmask) d.chip.irqUnmask(d);
  irqdClear(d, IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED);
}

/** check_irq_resend: an interrupt that arrived while disabled is replayed (not modelled further). */
function checkIrqResend(desc: IrqDesc): void {
  if (desc.istate & IRQS_PENDING) {
    desc.istate &= ~IRQS_PENDING;
    desc.istate |= IRQS_REPLAY;
  }
}

/** irq_startup(desc, resend, force) */
export function irqStartup(core: Genirq, desc: IrqDesc, resend: boolean, force: boolean): number {
  const d = desc.irqData;
  let ret = 0;
  desc.depth = 0;
  if (irqdIsStarted(d)) {
    irqEnable(desc);
  } else {
    switch (startupManaged(core, desc, force)) {
      case IRQ_STARTUP_NORMAL: {
        const pre = ((d.chip?.flags ?? 0) & IRQCHIP_AFFINITY_PRE_STARTUP) !== 0;
        if (pre) irqSetupAffinity(core, desc);
        ret = startupLow(core, desc);
        if (!pre) irqSetupAffinity(core, desc);
        break;
      }
      case IRQ_STARTUP_MANAGED:
        irqDoSetAffinity(core, d, desc.common.affinity, false);
        ret = startupLow(core, desc);
        break;
      case IRQ_STARTUP_ABORT:
        // depth 1, so irq_startup_managed starts it when a CPU of the mask comes online (the
        // x86_vector traces' glue leaves it 0: GenirqPolicy.startupAbortDepth).
        if (core.policy.startupAbortDepth) desc.depth = 1;
        irqdSet(d, IRQD_MANAGED_SHUTDOWN);
        return 0;
    }
  }
  if (resend) checkIrqResend(desc);
  return ret;
}

/** irq_shutdown: stop a started interrupt (the disable depth goes up, v6.16+). */
export function irqShutdown(desc: IrqDesc): void {
  const d = desc.irqData;
  if (!irqdIsStarted(d)) return;
  desc.depth = (desc.depth + 1) >>> 0;
  if (d.chip?.irqShutdown) d.chip.irqShutdown(d);
  else if (d.chip?.irqDisable) d.chip.irqDisable(d);
  else if (d.chip?.irqMask) d.chip.irqMask(d);
  irqdSet(d, IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED);
  irqdClear(d, IRQD_IRQ_STARTED);
}

/** irq_shutdown_and_deactivate */
export function irqShutdownAndDeactivate(desc: IrqDesc): void {
  irqShutdown(desc);
  irqDomainDeactivateIrq(desc.irqData);
}

/** irq_startup_managed (cpuhotplug): restart a managed interrupt when its CPU comes back. */
export function irqStartupManaged(core: Genirq, desc: IrqDesc): void {
  irqdClear(desc.irqData, IRQD_MANAGED_SHUTDOWN);
  desc.depth = (desc.depth - 1) >>> 0;
  if (desc.depth === 0) irqStartup(core, desc, true, false);
}

/**
 * handle_edge_irq on `cpu`: a disabled interrupt or one without action is marked pending,
 * masked and acked; otherwise it is counted and acked (the chip's irq_ack does the x86 move
 * bookkeeping) and the handlers run.
 */
export function handleEdgeIrq(core: Genirq, desc: IrqDesc, cpu: number): void {
  const d = desc.irqData;
  desc.istate &= ~(IRQS_REPLAY | IRQS_WAITING);
  if (irqdIrqDisabled(d) || desc.actions.length === 0) {
    desc.istate |= IRQS_PENDING;
    if (d.chip?.irqMask) d.chip.irqMask(d);
    irqdSet(d, IRQD_IRQ_MASKED);
    d.chip?.irqAck?.(d);
    return;
  }
  desc.countOn(cpu);
  d.chip?.irqAck?.(d);
  irqdSet(d, IRQD_IRQ_INPROGRESS);
  core.emit({ type: 'irq_handler_entry', irq: desc.irq, name: desc.actionName });
  core.emit({ type: 'irq_handler_exit', irq: desc.irq, ret: 1 });
  irqdClear(d, IRQD_IRQ_INPROGRESS);
}
