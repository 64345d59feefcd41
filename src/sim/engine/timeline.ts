// state = replay(scenario): the machine after any step k, at a cost proportional to the work.
//
// Every step is applied once for real (recording its events and outcome, timing it); the
// engine can then be moved to any position. Moving forward applies the missing steps to the
// engine already there; moving back restores the cheapest start (a kept copy, the parked end
// of the timeline, or a fresh boot) and replays from it with recording off. Which copies are
// kept, and when, is checkpoints.ts's cost policy. Long work is resumable: `advance` and
// `seek` take a deadline and return false when they stopped before finishing, so the worker
// can answer messages and report progress in between.
import { CloneError, deepClone, type CloneStats } from '../lib/clone';
import type { MachineConfig, Scenario, Step } from '../scenario/schema';
import { resolveMachine } from '../scenario/schema';
import type { Snapshot, StepOutcome, Summary } from '../snapshot';
import { CheckpointPolicy, type CheckpointCost, type CheckpointOptions } from './checkpoints';
import { EventRecorder } from './recorder';
import { Simulation, type BackendFactory } from './simulation';

export interface TimelineOptions {
  /** Copies of the engine for fast backward seeks; 'none' keeps none (the command line never seeks back). */
  checkpoints?: CheckpointOptions | 'none';
  /** Milliseconds; tests inject a deterministic clock. */
  clock?: () => number;
  recorder?: EventRecorder;
  /** Replays the whole scenario in the constructor (default true; false: call `advance`). */
  replay?: boolean;
  /** Diagnostics: burn this many ms after every step applied, as a slow machine would. */
  slowdownMs?: number;
}

interface Checkpoint extends CheckpointCost {
  engine: Simulation;
}

/** Where a seek starts from, and what that start costs (ms). */
export interface SeekPlan {
  from: 'current' | 'head' | 'checkpoint' | 'boot';
  at: number;
  costMs: number;
}

export class Timeline {
  readonly cfg: MachineConfig;
  readonly steps: Step[];
  readonly recorder: EventRecorder;
  private readonly makeBackend: BackendFactory;
  private readonly clock: () => number;
  private readonly policy: CheckpointPolicy | null;
  private readonly slowdownMs: number;
  /** Outcome of each step as first applied (frozen, shared by every copy of the engine). */
  private readonly outcomeList: StepOutcome[] = [];
  /** cost[k]: time to replay from boot to position k (cost[0] is the boot). */
  private cost = new Float64Array(256);
  private current: Simulation;
  /** The engine at the computed end, parked while `current` looks at an earlier step. */
  private head: Simulation | null = null;
  private checkpoints: Checkpoint[] = [];
  private cloneable = true;
  /** Position a resumable seek is walking to. */
  private walking: number | null = null;
  /** Time spent applying steps, first time or again (what copies are weighed against). */
  private replayedMs = 0;

  constructor(scenario: Scenario, makeBackend: BackendFactory, opts: TimelineOptions = {}) {
    this.cfg = resolveMachine(scenario.machine);
    this.steps = scenario.steps.slice();
    this.makeBackend = makeBackend;
    this.clock = opts.clock ?? (() => performance.now());
    this.recorder = opts.recorder ?? new EventRecorder();
    this.policy = opts.checkpoints === 'none' ? null : new CheckpointPolicy(opts.checkpoints);
    this.slowdownMs = opts.slowdownMs ?? 0;
    const t0 = this.clock();
    this.current = new Simulation(this.cfg, makeBackend, this.recorder);
    this.cost[0] = this.clock() - t0;
    if (opts.replay !== false) this.advance();
  }

  get length(): number {
    return this.steps.length;
  }

  /** Steps applied at least once (their outcomes are known). */
  get computed(): number {
    return this.outcomeList.length;
  }

  get position(): number {
    return this.current.stepsApplied;
  }

  get outcomes(): readonly StepOutcome[] {
    return this.outcomeList;
  }

  /** Whether copies are in use (false: the engine could not be deep-copied, or the caller wants none). */
  get checkpointed(): boolean {
    return this.cloneable && this.policy !== null;
  }

  /** Positions of the copies held (tests, benchmarks). */
  get checkpointPositions(): number[] {
    return this.checkpoints.map((c) => c.at);
  }

  /** Time spent copying the engine so far. */
  get copiedMs(): number {
    return this.policy?.copiedMs ?? 0;
  }

  /** Estimated bytes the copies hold. */
  get checkpointBytes(): number {
    return this.checkpoints.reduce((n, c) => n + c.bytes, 0);
  }

  /** Time the replay from boot to position k took when its steps were first applied. */
  replayCost(k: number): number {
    return this.cost[Math.max(0, Math.min(k, this.computed))];
  }

  /** The engine at the current position (read it, do not apply steps to it). */
  get engine(): Simulation {
    return this.current;
  }

  /** Snapshot at the current position. */
  snapshot(): Snapshot {
    const s = this.current.snapshot(this.steps.length);
    const store = this.recorder.store;
    s.events = { end: store.end, visibleEnd: store.seqOfStep(this.position), start: store.start, dropped: store.dropped };
    return s;
  }

  /** The JSON summary of scenario-format.md at the current position. */
  summary(): Summary {
    return this.current.summary();
  }

  /** Applies the steps never applied before, until all are or `deadline` passes: true when done. */
  advance(deadline = Infinity): boolean {
    if (this.current.stepsApplied < this.computed && !this.seek(this.computed, deadline)) return false;
    while (this.computed < this.steps.length) {
      if (this.clock() >= deadline) return false;
      this.applyNew();
    }
    return true;
  }

  /** Appends a step at the end and applies it (the position moves to the end first). */
  append(step: Step): StepOutcome {
    this.steps.push(step);
    this.advance();
    return this.outcomeList[this.outcomeList.length - 1];
  }

  /** Keeps the first `keep` steps (undo, editing history) and moves there. */
  truncate(keep: number): void {
    keep = Math.max(0, Math.min(keep, this.steps.length));
    if (keep === this.steps.length) return;
    if (keep < this.computed) {
      this.seek(keep);
      this.outcomeList.length = keep;
      this.checkpoints = this.checkpoints.filter((c) => c.at <= keep);
      this.head = null;
      this.recorder.dropFrom(keep);
    }
    this.steps.length = keep;
    this.walking = null;
  }

  /**
   * Moves the current position to the state after `at` steps (at most the computed ones).
   * Returns false when `deadline` passed first: call again with the same `at` to go on.
   */
  seek(at: number, deadline = Infinity): boolean {
    at = Math.max(0, Math.min(Math.round(at), this.computed));
    if (this.walking !== at) {
      this.walking = at;
      this.restoreFor(at);
    }
    while (this.current.stepsApplied < at) {
      if (this.clock() >= deadline) return false;
      this.replayOne();
    }
    this.walking = null;
    return true;
  }

  /** The cheapest start for reaching `at`: the engine itself, the parked end, a copy, or a fresh boot. */
  plan(at: number): SeekPlan {
    const c = this.cost;
    const cur = this.current.stepsApplied;
    let best: SeekPlan = { from: 'boot', at: 0, costMs: c[at] };
    const consider = (p: SeekPlan) => {
      if (p.costMs < best.costMs) best = p;
    };
    if (cur <= at) consider({ from: 'current', at: cur, costMs: c[at] - c[cur] });
    if (this.head && this.head.stepsApplied <= at) consider({ from: 'head', at: this.head.stepsApplied, costMs: c[at] - c[this.head.stepsApplied] });
    for (const k of this.checkpoints) if (k.at <= at) consider({ from: 'checkpoint', at: k.at, costMs: k.cloneMs + c[at] - c[k.at] });
    return best;
  }

  private restoreFor(at: number): void {
    const p = this.plan(at);
    if (p.from === 'current') return;
    // Leaving the computed end behind: park it, it is the costliest state to rebuild.
    if (this.current.stepsApplied === this.computed && !this.head) this.head = this.current;
    if (p.from === 'head') {
      this.current = this.head!;
      this.head = null;
      return;
    }
    if (p.from === 'checkpoint') {
      this.current = deepClone(this.checkpoints.find((k) => k.at === p.at)!.engine);
      return;
    }
    this.quietly(() => {
      this.current = new Simulation(this.cfg, this.makeBackend, this.recorder);
    });
  }

  /** Applies step `computed` for the first time: recorded, timed, its outcome kept. */
  private applyNew(): void {
    const i = this.computed;
    const t0 = this.clock();
    const outcome = this.current.apply(this.steps[i]);
    this.slowdown();
    const ms = this.clock() - t0;
    if (this.cost.length <= i + 1) {
      const grown = new Float64Array(this.cost.length * 2);
      grown.set(this.cost);
      this.cost = grown;
    }
    this.cost[i + 1] = this.cost[i] + ms;
    this.replayedMs += ms;
    this.outcomeList.push(outcome);
    this.maybeCheckpoint();
  }

  /** Re-applies the next step of a known part of the timeline, recording nothing. */
  private replayOne(): void {
    const e = this.current;
    const i = e.stepsApplied;
    this.quietly(() => e.apply(this.steps[i]));
    this.slowdown();
    // The outcome as first recorded (its warning count came from the kept events).
    e.outcomes[i] = this.outcomeList[i];
    this.replayedMs += this.cost[i + 1] - this.cost[i];
    this.maybeCheckpoint();
  }

  private slowdown(): void {
    if (this.slowdownMs <= 0) return;
    const end = performance.now() + this.slowdownMs;
    while (performance.now() < end) {
      /* a slow machine */
    }
  }

  private quietly(fn: () => void): void {
    const keep = this.recorder.keep;
    this.recorder.keep = false;
    try {
      fn();
    } finally {
      this.recorder.keep = keep;
    }
  }

  private maybeCheckpoint(): void {
    const policy = this.policy;
    if (!policy || !this.cloneable) return;
    const at = this.current.stepsApplied;
    let from = 0;
    for (const k of this.checkpoints) {
      if (k.at === at) return;
      if (k.at < at) from = k.at;
    }
    if (!policy.due(this.cost[at] - this.cost[from], this.replayedMs + this.cost[0])) return;
    const stats: CloneStats = { objects: 0, bytes: 0 };
    const t0 = this.clock();
    let engine: Simulation;
    try {
      engine = deepClone(this.current, stats);
    } catch (err) {
      if (!(err instanceof CloneError)) throw err;
      // A part of the engine holds state in a closure: seeks replay from boot instead.
      this.cloneable = false;
      this.checkpoints = [];
      return;
    }
    const cloneMs = this.clock() - t0;
    policy.took(cloneMs);
    const drop = policy.makeRoom(this.checkpoints, stats.bytes);
    if (drop === null) return;
    if (drop.length) this.checkpoints = this.checkpoints.filter((k) => !drop.includes(k));
    this.checkpoints.push({ at, cloneMs, bytes: stats.bytes, engine });
    this.checkpoints.sort((a, b) => a.at - b.at);
  }
}
