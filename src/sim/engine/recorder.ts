// Collects engine events stamped with the step that caused them; shared by every
// checkpoint of a timeline (see lib/clone.ts).
import type { EventSink, SimEvent } from '../events';
import { SHARED, type Shared } from '../lib/clone';
import type { StampedEvent } from '../snapshot';

export class EventRecorder implements EventSink, Shared {
  readonly [SHARED] = true as const;
  /** Step being applied; -1 while the machine boots. */
  step = -1;
  private seq = 0;
  events: StampedEvent[] = [];
  /** When false, events are counted but not kept (benchmarks). */
  keep = true;
  /** Oldest events are dropped past this many. */
  limit = 500_000;
  counted = 0;

  emit(event: SimEvent): void {
    this.counted++;
    if (!this.keep) return;
    this.events.push({ ...event, step: this.step, seq: this.seq++ } as StampedEvent);
    if (this.events.length > this.limit + this.limit / 4) this.events = this.events.slice(-this.limit);
  }

  /** Forget the events of steps at or after `step` (the timeline is rewound). */
  dropFrom(step: number): void {
    let n = this.events.length;
    while (n > 0 && this.events[n - 1].step >= step) n--;
    this.events.length = n;
  }

  /** Warnings (WARN conditions and kernel warnings) recorded for one step. */
  warningsOf(step: number): StampedEvent[] {
    // While steps are re-applied (seeking), nothing new is kept and later steps' events are
    // still stored: there is nothing of this step to find.
    if (!this.keep) return [];
    const out: StampedEvent[] = [];
    for (let i = this.events.length - 1; i >= 0 && this.events[i].step >= step; i--) {
      const e = this.events[i];
      if (e.step === step && (e.type === 'warning' || (e.type === 'log' && e.level !== 'info'))) out.push(e);
    }
    return out.reverse();
  }
}
