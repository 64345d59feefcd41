// Collects engine events stamped with the step that caused them, into a compact EventStore;
// shared by every checkpoint of a timeline (see lib/clone.ts).
import type { EventSink, SimEvent } from '../events';
import { SHARED, type Shared } from '../lib/clone';
import type { StampedEvent } from '../snapshot';
import { EventStore } from './event_store';

export class EventRecorder implements EventSink, Shared {
  readonly [SHARED] = true as const;
  /** Step being applied; -1 while the machine boots. */
  step = -1;
  readonly store: EventStore;
  /** When false, events are counted but not kept (benchmarks, and steps re-applied by a seek). */
  keep = true;
  counted = 0;

  constructor(store = new EventStore()) {
    this.store = store;
  }

  emit(event: SimEvent): void {
    this.counted++;
    if (this.keep) this.store.push(event, this.step);
  }

  /** Every kept event as objects (tests and small machines: O(n); the app queries the store). */
  get events(): StampedEvent[] {
    return this.store.all();
  }

  /** Forget the events of steps at or after `step` (the timeline is rewound). */
  dropFrom(step: number): void {
    this.store.dropFrom(step);
  }

  /** Warnings (WARN conditions and kernel err/warn messages) recorded for one step. */
  warningsOf(step: number): StampedEvent[] {
    // While steps are re-applied (seeking), nothing new is kept: there is nothing of this step to find.
    if (!this.keep) return [];
    return this.store
      .problems(this.store.seqOfStep(step), this.store.seqOfStep(step + 1))
      .filter((e) => e.type === 'warning' || e.type === 'log');
  }
}
