// The irq_chips of drivers/xen/events/events_base.c (v6.6): xen_dynamic_chip "xen-dyn"
// (event channels: ack/mask/unmask, set_affinity_irq), xen_percpu_chip "xen-percpu" (VIRQs and
// IPIs: no affinity setter, they stay on their CPU) and xen_pirq_chip "xen-pirq" (startup_pirq
// binds the port at request_irq, shutdown_pirq closes it at the last free_irq). The chip data of
// every level is the domain's XenEvents.
import { cpumaskFirstAnd, cpumaskClear } from '../core/cpumask';
import { IRQ_SET_MASK_OK, type IrqChip, type IrqData } from '../core/irqdata';
import { EINVAL } from '../lib/errno';
import type { XenEvents } from './events_base';

const eventsOf = (d: IrqData): XenEvents => d.chipData as XenEvents;
const nop = (): void => {};

/**
 * set_affinity_irq: the first online CPU of the mask (what v6.6's select_target_cpu gives for
 * a domain whose channels all start on vCPU 0 is not modelled) gets the port
 * (xen_rebind_evtchn_to_cpu), and becomes the effective affinity.
 */
function setAffinityIrq(d: IrqData, dest: Uint32Array, _force: boolean): number {
  const ev = eventsOf(d);
  const tcpu = cpumaskFirstAnd(dest, ev.core.online, ev.nrCpus);
  if (tcpu >= ev.nrCpus || ev.rebindToCpu(d.irq, tcpu) < 0) return -EINVAL;
  const eff = d.common.effectiveAffinity;
  cpumaskClear(eff);
  eff[tcpu >>> 5] |= 1 << (tcpu & 31);
  return IRQ_SET_MASK_OK;
}

/** xen_dynamic_chip */
export const XEN_DYNAMIC_CHIP: IrqChip = Object.freeze({
  name: 'xen-dyn',
  flags: 0,
  irqDisable: nop,
  irqMask: nop,
  irqUnmask: nop,
  irqAck: nop,
  irqSetAffinity: setAffinityIrq,
  irqRetrigger: () => 1,
});

/** xen_percpu_chip */
export const XEN_PERCPU_CHIP: IrqChip = Object.freeze({
  name: 'xen-percpu',
  flags: 0,
  irqDisable: nop,
  irqEnable: nop,
  irqMask: nop,
  irqUnmask: nop,
  irqAck: nop,
});

/** xen_pirq_chip */
export const XEN_PIRQ_CHIP: IrqChip = Object.freeze({
  name: 'xen-pirq',
  flags: 0,
  irqStartup: (d: IrqData) => {
    eventsOf(d).startupPirq(d.irq);
    return 0;
  },
  irqShutdown: (d: IrqData) => eventsOf(d).shutdownPirq(d.irq),
  irqMask: nop,
  irqUnmask: nop,
  irqAck: nop,
  irqEoi: nop,
  irqSetAffinity: setAffinityIrq,
  irqRetrigger: () => 1,
});
