// What the UI can do to the engine. Every change is a step appended to the scenario (the
// engine is replay(scenario)); these functions run one at a time, in call order, keep the
// store's scenario and snapshot in step with the worker, and announce failures as alerts
// (they never reject, so a click handler can call them without a catch).
import type { Scenario, Step } from '../../sim/scenario/schema';
import type { Snapshot, StepOutcome } from '../../sim/snapshot';
import { uiStore } from '../store';
import { getEngine, setReplayHook } from './client';
import { EngineDownError } from './link';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every earlier action has finished; failures become alerts and resolve to `fallback`. */
function serial<T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
  const run = queue.then(fn).catch((e: unknown) => {
    report(what, e);
    return fallback;
  });
  queue = run;
  return run;
}

function report(what: string, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  // A dead engine is shown once by the crash banner; do not pile alerts on it.
  if (e instanceof EngineDownError) return;
  uiStore.getState().alert(`${what} failed: ${msg}`);
}

function show(snapshot: Snapshot): void {
  uiStore.getState().setSnapshot(snapshot);
}

function current(): { scenario: Scenario; snapshot: Snapshot | null } {
  const { scenario, snapshot } = uiStore.getState();
  if (!scenario) throw new Error('no scenario is loaded');
  return { scenario, snapshot };
}

/** Replaces the scenario and shows its state after `at` steps (default: the end). Resolves true when loaded. */
export function loadScenario(s: Scenario, at?: number): Promise<boolean> {
  return serial(
    'Loading the scenario',
    async () => {
      const r = await getEngine().link.request({ kind: 'load', scenario: s, at });
      uiStore.getState().setScenario(s);
      show(r.snapshot);
      return true;
    },
    false,
  );
}

/** Like loadScenario, but hands the engine's refusal back instead of announcing it (boot, links). */
export function tryLoadScenario(s: Scenario, at?: number): Promise<{ ok: true } | { ok: false; message: string }> {
  const run = queue.then(async () => {
    try {
      const r = await getEngine().link.request({ kind: 'load', scenario: s, at });
      uiStore.getState().setScenario(s);
      show(r.snapshot);
      return { ok: true as const };
    } catch (e) {
      return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
    }
  });
  queue = run;
  return run;
}

/**
 * Appends one step at the current position (dropping the steps after it when the user
 * scrubbed back: editing history) and applies it. Resolves with the step's outcome.
 */
export function appendStepOutcome(step: Step): Promise<StepOutcome | null> {
  return serial(
    `"${step.do}"`,
    async () => {
      const { link } = getEngine();
      let { scenario, snapshot } = current();
      if (snapshot && snapshot.at < scenario.steps.length) {
        const keep = snapshot.at;
        const t = await link.request({ kind: 'truncate', keep });
        scenario = { ...scenario, steps: scenario.steps.slice(0, keep) };
        uiStore.getState().setScenario(scenario);
        show(t.snapshot);
      }
      const r = await link.request({ kind: 'append', step });
      uiStore.getState().setScenario({ ...scenario, steps: [...scenario.steps, step] });
      show(r.snapshot);
      const steps = r.snapshot.steps;
      return steps.length ? steps[steps.length - 1] : null;
    },
    null,
  );
}

export async function appendStep(step: Step): Promise<void> {
  await appendStepOutcome(step);
}

/** A step back: drops the step before the current position (the last one when at the end). */
export function undo(): Promise<void> {
  return serial(
    'Undo',
    async () => {
      const { scenario, snapshot } = current();
      const at = snapshot ? snapshot.at : scenario.steps.length;
      if (at === 0) return;
      const keep = at - 1;
      const r = await getEngine().link.request({ kind: 'truncate', keep });
      uiStore.getState().setScenario({ ...scenario, steps: scenario.steps.slice(0, keep) });
      show(r.snapshot);
    },
    undefined,
  );
}

/** Shows the state after `at` steps (0 = the booted machine); the steps after it stay. */
export function seek(at: number): Promise<void> {
  return serial(
    'Seeking',
    async () => {
      const { scenario } = current();
      const clamped = Math.max(0, Math.min(scenario.steps.length, Math.round(at)));
      const r = await getEngine().link.request({ kind: 'seek', at: clamped });
      show(r.snapshot);
    },
    undefined,
  );
}

/** The text of a kernel view at the current position, or null when it does not exist. */
export function requestText(path: string): Promise<string | null> {
  // Not queued behind slow actions: the worker answers in order anyway.
  return getEngine()
    .link.request({ kind: 'text', path })
    .then((r) => r.text)
    .catch((e: unknown) => {
      report(`Reading ${path}`, e);
      return null;
    });
}

/** Replays the store's scenario at its current position into a freshly started worker. */
async function replay(): Promise<void> {
  const { scenario, snapshot } = uiStore.getState();
  queue = Promise.resolve();
  if (!scenario) return;
  const r = await getEngine().link.request({ kind: 'load', scenario, at: snapshot?.at });
  show(r.snapshot);
}

setReplayHook(replay);
