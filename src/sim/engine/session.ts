// One engine session as the worker holds it: a validated scenario's timeline, the position
// the user looks at, and which events the UI has already been sent. Plain TypeScript, so the
// worker stays a thin message pump and this logic is tested in Node.
import { parseScenario } from '../scenario/validate';
import type { Scenario, Step } from '../scenario/schema';
import type { Snapshot, StampedEvent } from '../snapshot';
import { createBackend } from './backends';
import { Timeline } from './timeline';

/** At most this many events are sent when the UI's event list is rebuilt (seek, load). */
export const EVENTS_ON_RESET = 50_000;

export type SessionResult = { ok: true; snapshot: Snapshot } | { ok: false; message: string };

export class Session {
  private timeline: Timeline | null = null;
  private scenario: Scenario | null = null;
  /** Sequence number of the last event handed to the UI. */
  private sentSeq = -1;
  private pending: StampedEvent[] = [];
  private pendingReset = false;

  constructor(private readonly progress: (done: number, total: number) => void = () => {}) {}

  load(input: unknown, at?: number): SessionResult {
    const parsed = parseScenario(input);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    const timeline = new Timeline(parsed.scenario, createBackend, { progress: this.progress });
    this.timeline = timeline;
    this.scenario = parsed.scenario;
    if (at !== undefined) timeline.seek(at);
    this.resetEvents();
    return { ok: true, snapshot: timeline.snapshot() };
  }

  append(step: Step): SessionResult {
    const t = this.timeline;
    const sc = this.scenario;
    if (!t || !sc) return { ok: false, message: 'no scenario is loaded' };
    if (t.position !== t.length) {
      // Appending from the past drops the future first, as an editor does.
      t.truncate(t.position);
      sc.steps.length = t.length;
      this.resetEvents();
    }
    const parsed = parseScenario({ ...sc, steps: [...sc.steps, step] });
    if (!parsed.ok) return { ok: false, message: parsed.message };
    const checked = parsed.scenario.steps[parsed.scenario.steps.length - 1];
    sc.steps.push(checked);
    t.append(checked);
    this.queueNewEvents();
    return { ok: true, snapshot: t.snapshot() };
  }

  truncate(keep: number): SessionResult {
    const t = this.timeline;
    if (!t || !this.scenario) return { ok: false, message: 'no scenario is loaded' };
    t.truncate(keep);
    this.scenario.steps.length = t.length;
    this.resetEvents();
    return { ok: true, snapshot: t.snapshot() };
  }

  seek(at: number): SessionResult {
    const t = this.timeline;
    if (!t) return { ok: false, message: 'no scenario is loaded' };
    t.seek(at);
    this.resetEvents();
    return { ok: true, snapshot: t.snapshot() };
  }

  text(path: string): string | null {
    return this.timeline ? this.timeline.engine.backend.text(path) : null;
  }

  /** Events not yet sent to the UI, and whether the UI must drop its list first. */
  takeEvents(): { events: StampedEvent[]; reset: boolean } | null {
    if (this.pending.length === 0 && !this.pendingReset) return null;
    const out = { events: this.pending, reset: this.pendingReset };
    this.pending = [];
    this.pendingReset = false;
    return out;
  }

  private resetEvents(): void {
    const t = this.timeline!;
    const at = t.position;
    const all = t.recorder.events;
    let end = all.length;
    while (end > 0 && all[end - 1].step >= at) end--;
    this.pending = all.slice(Math.max(0, end - EVENTS_ON_RESET), end);
    this.pendingReset = true;
    this.sentSeq = all.length ? all[all.length - 1].seq : -1;
  }

  private queueNewEvents(): void {
    const all = this.timeline!.recorder.events;
    let i = all.length;
    while (i > 0 && all[i - 1].seq > this.sentSeq) i--;
    for (let k = i; k < all.length; k++) this.pending.push(all[k]);
    if (all.length) this.sentSeq = all[all.length - 1].seq;
  }
}
