// state = replay(scenario): the machine after any step k, quickly. The whole scenario is
// replayed once (recording every event and step outcome); deep copies of the engine are kept
// every `interval` steps, so the state after step k is a checkpoint plus < interval steps.
import { CloneError, deepClone } from '../lib/clone';
import type { MachineConfig, Scenario, Step } from '../scenario/schema';
import { resolveMachine } from '../scenario/schema';
import type { Snapshot, StepOutcome } from '../snapshot';
import { EventRecorder } from './recorder';
import { Simulation, type BackendFactory } from './simulation';

export interface TimelineOptions {
  /** Steps between checkpoints; default adapts to the scenario's length (at most ~64 kept). */
  interval?: number;
  /** Called during long replays with (done, total). */
  progress?: (done: number, total: number) => void;
}

export class Timeline {
  readonly cfg: MachineConfig;
  readonly steps: Step[];
  readonly recorder = new EventRecorder();
  readonly interval: number;
  /** checkpoints[i] is the engine after i * interval steps (index 0: the booted machine). */
  private checkpoints: Simulation[] = [];
  private cloneable = true;
  /** The furthest-computed engine (state after all steps). */
  private head: Simulation;
  /** The engine at the current seek position (may be the head). */
  private current: Simulation;
  private readonly makeBackend: BackendFactory;

  constructor(scenario: Scenario, makeBackend: BackendFactory, opts: TimelineOptions = {}) {
    this.cfg = resolveMachine(scenario.machine);
    this.steps = scenario.steps.slice();
    this.makeBackend = makeBackend;
    this.interval = opts.interval ?? Math.max(16, Math.ceil(this.steps.length / 64));
    this.head = new Simulation(this.cfg, makeBackend, this.recorder);
    this.checkpoint(this.head);
    const total = this.steps.length;
    for (let i = 0; i < total; i++) {
      this.head.apply(this.steps[i]);
      if ((i + 1) % this.interval === 0) this.checkpoint(this.head);
      if (opts.progress && (i + 1) % 256 === 0) opts.progress(i + 1, total);
    }
    this.current = this.head;
  }

  get length(): number {
    return this.steps.length;
  }

  get position(): number {
    return this.current.stepsApplied;
  }

  /** Whether checkpoints are in use (false: the engine could not be deep-copied, seeks replay from boot). */
  get checkpointed(): boolean {
    return this.cloneable;
  }

  get outcomes(): readonly StepOutcome[] {
    return this.head.outcomes;
  }

  /** The engine at the current position (read it, do not apply steps to it). */
  get engine(): Simulation {
    return this.current;
  }

  /** Snapshot at the current position, with every step of the timeline listed. */
  snapshot(): Snapshot {
    const s = this.current.snapshot(this.steps.length);
    s.steps = this.head.outcomes.slice();
    return s;
  }

  /** Appends a step at the end (the current position moves to the end first). */
  append(step: Step): StepOutcome {
    this.current = this.head;
    this.steps.push(step);
    const outcome = this.head.apply(step);
    if (this.steps.length % this.interval === 0) this.checkpoint(this.head);
    return outcome;
  }

  /** Keeps the first `keep` steps (undo / editing history) and moves to the end. */
  truncate(keep: number): void {
    keep = Math.max(0, Math.min(keep, this.steps.length));
    if (keep === this.steps.length) {
      this.current = this.head;
      return;
    }
    const engine = this.at(keep);
    this.steps.length = keep;
    this.checkpoints.length = Math.floor(keep / this.interval) + 1;
    this.recorder.dropFrom(keep);
    this.head = engine;
    this.current = engine;
  }

  /** Moves the current position to the state after `at` steps. */
  seek(at: number): Simulation {
    this.current = this.at(Math.max(0, Math.min(at, this.steps.length)));
    return this.current;
  }

  /** A fresh engine in the state after `at` steps (the head itself when at == length). */
  private at(at: number): Simulation {
    if (at === this.head.stepsApplied) return this.head;
    // Re-building recorded state must not record its events (boot included) a second time.
    const keep = this.recorder.keep;
    this.recorder.keep = false;
    try {
      let engine: Simulation;
      const k = Math.min(Math.floor(at / this.interval), this.checkpoints.length - 1);
      if (this.cloneable && k >= 0 && this.checkpoints[k]) engine = deepClone(this.checkpoints[k]);
      else engine = new Simulation(this.cfg, this.makeBackend, this.recorder);
      for (let i = engine.stepsApplied; i < at; i++) {
        engine.apply(this.steps[i]);
        // The outcome as first recorded (its warning count came from the kept events).
        engine.outcomes[i] = this.head.outcomes[i];
      }
      return engine;
    } finally {
      this.recorder.keep = keep;
      this.recorder.step = this.head.stepsApplied;
    }
  }

  private checkpoint(engine: Simulation): void {
    if (!this.cloneable) return;
    try {
      this.checkpoints[engine.stepsApplied / this.interval] = deepClone(engine);
    } catch (err) {
      if (!(err instanceof CloneError)) throw err;
      // A part of the engine holds state in a closure: fall back to replaying from boot.
      this.cloneable = false;
      this.checkpoints = [];
    }
  }
}
