// One event as a line of the event log ("   step 3  irq_matrix_alloc: bit=33 cpu=2 ..."), and
// its severity: the worker formats the rows the log shows, the exports reuse it.
import { describeEvent, type SimEvent } from '../events';
import type { StampedEvent } from '../snapshot';

export type Severity = 'normal' | 'warning' | 'failure';

export function severity(e: SimEvent): Severity {
  if (e.type === 'failure') return 'failure';
  if (e.type === 'warning') return 'warning';
  if (e.type === 'log' && e.level !== 'info') return 'warning';
  return 'normal';
}

/** The step column: "boot" or "step 3" (1-based, as the timeline numbers them), width 9. */
export function stepLabel(step: number): string {
  return (step < 0 ? 'boot' : `step ${step + 1}`).padStart(9);
}

export function formatEvent(e: StampedEvent): string {
  const { step: _s, seq: _q, ...ev } = e;
  return `${stepLabel(e.step)}  ${e.type}: ${describeEvent(ev as SimEvent)}`;
}

/** The domain family an event belongs to by its tracepoint: the matrix is VECTOR's, its_* the ITS's. */
export function eventDomainFamily(type: string): string | null {
  if (type.startsWith('irq_matrix_') || type.startsWith('vector_')) return 'VECTOR';
  if (type.startsWith('its_')) return 'ITS';
  if (type.startsWith('evtchn') || type.startsWith('xen_')) return 'xen';
  return null;
}
