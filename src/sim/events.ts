// The event vocabulary: one typed event per kernel tracepoint we model (names and fields as
// the kernel's), plus warnings, log messages and failures. Each area keeps its own file
// under events/; this file only joins them.
import type { CommonEvent } from './events/common';
import type { MatrixEvent } from './events/matrix';
import type { ItsEvent } from './events/its';
import type { XenEvent } from './events/xen';
import type { VectorEvent } from './events/vector';
import type { IrqEvent } from './events/irq';

export type { CommonEvent, WarningEvent, LogEvent, FailureEvent } from './events/common';
export type { MatrixEvent, MatrixCpuEvent, MatrixGlobalEvent, MatrixGlobalUpdateEvent } from './events/matrix';
export type { ItsEvent } from './events/its';
export type { XenEvent } from './events/xen';
export type { VectorEvent } from './events/vector';
export type { IrqEvent } from './events/irq';

export type SimEvent = CommonEvent | MatrixEvent | ItsEvent | XenEvent | VectorEvent | IrqEvent;

/** Where engine parts send events. Hot paths check for null and emit nothing. */
export interface EventSink {
  emit(event: SimEvent): void;
}

/** Collects events in an array (tests, the command line, the worker). */
export class EventLog implements EventSink {
  readonly events: SimEvent[] = [];
  emit(event: SimEvent): void {
    this.events.push(event);
  }
}

/** Text of an event as ftrace would show it after the "name:" prefix, for logs. */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case 'warning':
      return `WARNING in ${e.site}: ${e.message}`;
    case 'log':
      return `${e.site}: ${e.message}`;
    case 'failure':
      return `${e.site} failed (${e.errno}): ${e.message}`;
    default: {
      const { type: _t, ...fields } = e as unknown as { type: string } & Record<string, unknown>;
      return Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'boolean' ? (v ? 1 : 0) : String(v)}`)
        .join(' ');
    }
  }
}
