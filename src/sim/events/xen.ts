// Events of the Xen event-channel model (drivers/xen/events/events_base.c). The kernel has no
// tracepoints for these; names follow what the functions do (bind an IRQ, bind a port).
import type { CommonEvent } from './common';

/** enum xen_irq_type without IRQT_UNBOUND. */
export type XenIrqKind = 'VIRQ' | 'IPI' | 'PIRQ' | 'EVTCHN';

/**
 * An IRQ got its irq_info (xen_irq_info_*_setup / xen_irq_info_pirq_setup): a Linux IRQ now
 * stands for a VIRQ or IPI of one CPU, a PIRQ (GSI or MSI), or an event channel.
 */
export interface XenIrqBindEvent {
  type: 'xen_irq_bind';
  irq: number;
  kind: XenIrqKind;
  cpu: number;
  /** "VIRQ_TIMER", "RESCHEDULE_VECTOR", "gsi 22", "dom1 port 3". */
  binding: string;
  /** Who asked for it (the handler name: "timer0", "vif1.0-q0-tx", a device id). */
  owner: string;
}

/** The IRQ and its irq_info were freed (xen_free_irq / __unbind_from_irq). */
export interface XenIrqUnbindEvent {
  type: 'xen_irq_unbind';
  irq: number;
  kind: XenIrqKind;
  binding: string;
}

/** A port was bound and entered in evtchn_to_irq (hypercall EVTCHNOP_bind_* succeeded). */
export interface XenEvtchnBindEvent {
  type: 'xen_evtchn_bind';
  port: number;
  irq: number;
  kind: XenIrqKind;
  cpu: number;
}

/** A port was closed (EVTCHNOP_close) and its evtchn_to_irq entry reset to -1. */
export interface XenEvtchnUnbindEvent {
  type: 'xen_evtchn_unbind';
  port: number;
  irq: number;
  kind: XenIrqKind;
}

export type XenEvent = XenIrqBindEvent | XenIrqUnbindEvent | XenEvtchnBindEvent | XenEvtchnUnbindEvent;

/**
 * Where the Xen model sends events. The engine's EventSink satisfies this once XenEvent is
 * part of SimEvent.
 */
export interface XenEventSink {
  emit(event: XenEvent | CommonEvent): void;
}
