// Events of the GICv3 ITS model (drivers/irqchip/irq-gic-v3-its.c). The kernel has no
// tracepoints here; names follow the functions whose effect they record.
import type { CommonEvent } from './common';

/** its_lpi_alloc succeeded: `nr_lpis` may be smaller than `requested` (halving). */
export interface ItsLpiAllocEvent {
  type: 'its_lpi_alloc';
  requested: number;
  base: number;
  nr_lpis: number;
}

/** its_lpi_free: a range went back to the global free list. */
export interface ItsLpiFreeEvent {
  type: 'its_lpi_free';
  base: number;
  nr_lpis: number;
}

/** its_create_device: new ITS device (ITT sized nr_ites) mapped with MAPD(valid). */
export interface ItsDeviceCreateEvent {
  type: 'its_device_create';
  device_id: number;
  nr_ites: number;
  lpi_base: number;
  nr_lpis: number;
  shared: boolean;
}

/** its_msi_prepare found the DevID already known: the device is reused and marked shared. */
export interface ItsDeviceReuseEvent {
  type: 'its_device_reuse';
  device_id: number;
  /** The driver's pr_debug text, "Reusing ITT for devID %x". */
  message: string;
}

/** The device's LPIs were freed, MAPD(invalid) sent and the ITS device freed. */
export interface ItsDeviceFreeEvent {
  type: 'its_device_free';
  device_id: number;
  lpi_base: number;
  nr_lpis: number;
}

/** its_alloc_device_irq: events [event, event + nvecs) handed out; the map now has `event_map` set. */
export interface ItsEventsAllocEvent {
  type: 'its_events_alloc';
  device_id: number;
  event: number;
  nvecs: number;
  /** Bits actually set in the event map (2^order, or nvecs under the region model). */
  reserved: number;
  /** First hwirq (LPI INTID) = lpi_base + event. */
  hwirq: number;
}

/** its_irq_domain_free: events released from the device's map. */
export interface ItsEventsFreeEvent {
  type: 'its_events_free';
  device_id: number;
  event: number;
  nvecs: number;
  /** Bits actually cleared. */
  released: number;
}

/** its_msi_teardown (v6.16+) or the region model's teardown ran for a device. */
export interface ItsDeviceTeardownEvent {
  type: 'its_device_teardown';
  device_id: number;
  /** What teardown did: freed the device, kept it because shared, or kept it because events remain. */
  outcome: 'freed' | 'kept-shared' | 'kept-busy';
}

/** ITS commands sent for one event: MAPTI at activation, MOVI on an affinity change, DISCARD at deactivation. */
export interface ItsCommandEvent {
  type: 'its_mapti' | 'its_movi' | 'its_discard';
  device_id: number;
  event: number;
  hwirq: number;
  /** Target CPU (collection) after the command; for DISCARD the CPU it was routed to. */
  cpu: number;
}

export type ItsEvent =
  | ItsLpiAllocEvent
  | ItsLpiFreeEvent
  | ItsDeviceCreateEvent
  | ItsDeviceReuseEvent
  | ItsDeviceFreeEvent
  | ItsEventsAllocEvent
  | ItsEventsFreeEvent
  | ItsDeviceTeardownEvent
  | ItsCommandEvent;

/**
 * What the ITS model emits into. Any `EventSink` of src/sim/events.ts fits (its emit
 * takes every SimEvent once ItsEvent is part of that union).
 */
export interface ItsSink {
  emit(event: ItsEvent | CommonEvent): void;
}
