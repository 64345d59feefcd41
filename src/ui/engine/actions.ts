// What the UI can do to the engine. Every change is a step appended to the scenario (the
// engine is replay(scenario)); these functions run one at a time, in call order, keep the
// store's scenario and snapshot in step with the worker, and announce failures as alerts
// (they never reject, so a click handler can call them without a catch).
import type { EventRowsAnswer, EventRowsQuery } from '../../sim/engine/event_query';
import type { Scenario, Step } from '../../sim/scenario/schema';
import type { StepOutcome } from '../../sim/snapshot';
import { rememberScenario } from '../recent';
import { uiStore } from '../store';
import { DEFAULT_SCENARIO } from '../url-state';
import { engineStatus, getEngine, setReplayHook } from './client';
import type { KernelSpec } from '../../sim/compare/compare';
import { receive, type Received } from './received';
import { closeSide, compareSide, openSide, showSide, sideScenario, type CompareSide } from './compare';
import { EngineDownError } from './link';
import { askToDrop, clearRedo, popRedo, pushRedo, redoFor } from './history';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` after every earlier action has finished; failures become alerts and resolve to `fallback`. */
function serial<T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
  const run = queue
    .then(fn)
    .catch((e: unknown) => {
      report(what, e);
      return fallback;
    })
    .finally(() => engineStatus.setState({ progress: null }));
  queue = run;
  return run;
}

function report(what: string, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  // A dead engine is shown once by the crash banner; do not pile alerts on it.
  if (e instanceof EngineDownError) return;
  uiStore.getState().alert(`${what} failed: ${msg}`);
}


/** The scenario `next` replaces goes to the recent list (unless it is the untouched default machine). */
function keepReplaced(next: Scenario): void {
  const prev = uiStore.getState().scenario;
  if (!prev || prev === next) return;
  const key = JSON.stringify(prev);
  if (key === JSON.stringify(next) || key === JSON.stringify(DEFAULT_SCENARIO)) return;
  void rememberScenario(prev);
}
type UiSnapshot = ReturnType<typeof uiStore.getState>['snapshot'];

function show(r: Received): void {
  uiStore.getState().setState(r.snapshot, r.outcomes);
}

type StateBody = { kind: 'load'; scenario: Scenario; at?: number } | { kind: 'append'; step: Step } | { kind: 'truncate'; keep: number } | { kind: 'seek'; at: number };

/**
 * Sends a request to the main engine and, in compare mode, the same request to side B (a load
 * carries the scenario under B's release); resolves when both have answered, so the two sides
 * move together. A side that cannot follow ends compare mode with an alert; the main side is
 * what the user's scenario is.
 */
async function both(body: StateBody): Promise<Received> {
  const side = compareSide();
  const main = getEngine().link.request(body).then(receive);
  if (!side) return main;
  const sideBody: StateBody = body.kind === 'load' ? { ...body, scenario: sideScenario(side, body.scenario) } : body;
  const b = side.link.request(sideBody).then(receive).then(
    (r) => showSide(side, r),
    (e: unknown) => {
      if (compareSide() !== side) return;
      closeSide();
      if (!(e instanceof EngineDownError)) uiStore.getState().alert(`Kernel ${side.label} cannot follow: ${e instanceof Error ? e.message : String(e)}. Comparing ends.`);
    },
  );
  const r = await main;
  await b;
  return r;
}

function current(): { scenario: Scenario; snapshot: UiSnapshot } {
  const { scenario, snapshot } = uiStore.getState();
  if (!scenario) throw new Error('no scenario is loaded');
  return { scenario, snapshot };
}

/** Replaces the scenario and shows its state after `at` steps (default: the end). Resolves true when loaded. */
export function loadScenario(s: Scenario, at?: number): Promise<boolean> {
  return serial(
    'Loading the scenario',
    async () => {
      const r = await both({ kind: 'load', scenario: s, at });
      keepReplaced(s);
      clearRedo();
      uiStore.getState().setScenario(s);
      show(r);
      return true;
    },
    false,
  );
}

/** Like loadScenario, but hands the engine's refusal back instead of announcing it (boot, links). */
export function tryLoadScenario(s: Scenario, at?: number): Promise<{ ok: true } | { ok: false; down: boolean; message: string }> {
  const run = queue.then(async () => {
    try {
      const r = await both({ kind: 'load', scenario: s, at });
      keepReplaced(s);
      clearRedo();
      uiStore.getState().setScenario(s);
      show(r);
      return { ok: true as const };
    } catch (e) {
      // A dead engine is not a bad scenario: say which it was.
      const down = e instanceof EngineDownError;
      return { ok: false as const, down, message: e instanceof Error ? e.message : String(e) };
    } finally {
      engineStatus.setState({ progress: null });
    }
  });
  queue = run;
  return run;
}

/** What an edit gave: the step's outcome, null when the engine could not run it, or 'kept' when the user kept the later steps instead. */
export type AppendResult = StepOutcome | null | 'kept';

/**
 * Appends one step at the current position and applies it. Scrubbed back, it first asks:
 * drop the later steps (the scenario as it was goes to Recent scenarios), add the step at the
 * end instead, or keep everything and add nothing ('kept'). Resolves with the step's outcome.
 */
export function appendStepOutcome(step: Step): Promise<AppendResult> {
  return serial<AppendResult>(
    `"${step.do}"`,
    async () => {
      const { scenario, snapshot } = current();
      let keep = snapshot ? snapshot.at : scenario.steps.length;
      if (keep < scenario.steps.length) {
        const answer = await askToDrop({ step, at: keep, total: scenario.steps.length, canAppend: true });
        if (answer === 'keep') return 'kept';
        if (answer === 'end') {
          show(await both({ kind: 'seek', at: scenario.steps.length }));
          keep = scenario.steps.length;
        } else void rememberScenario(scenario);
      }
      // The worker drops the steps after the position too.
      const r = await both({ kind: 'append', step });
      clearRedo();
      uiStore.getState().setScenario({ ...scenario, steps: [...scenario.steps.slice(0, keep), step] });
      show(r);
      const outcomes = uiStore.getState().outcomes;
      return outcomes.length ? outcomes[outcomes.length - 1] : null;
    },
    null,
  );
}

export async function appendStep(step: Step): Promise<void> {
  await appendStepOutcome(step);
}

/**
 * A step back: drops the step before the current position (the last one when at the end).
 * Scrubbed back, the steps after the position go too, so it asks first. Redo puts back what it removed.
 */
export function undo(): Promise<void> {
  return serial(
    'Undo',
    async () => {
      const { scenario, snapshot } = current();
      const at = snapshot ? snapshot.at : scenario.steps.length;
      if (at === 0) return;
      if (at < scenario.steps.length && (await askToDrop({ step: null, at, total: scenario.steps.length, canAppend: false })) !== 'drop') return;
      const keep = at - 1;
      const r = await both({ kind: 'truncate', keep });
      const base = scenario.steps.slice(0, keep);
      pushRedo({ base, removed: scenario.steps.slice(keep), at });
      uiStore.getState().setScenario({ ...scenario, steps: base });
      show(r);
    },
    undefined,
  );
}

/** Puts back the steps the last Undo removed (while the scenario is still what that Undo left). */
export function redo(): Promise<void> {
  return serial(
    'Redo',
    async () => {
      const { scenario, snapshot } = current();
      const entry = redoFor(scenario.steps);
      if (!entry) return;
      const end = scenario.steps.length;
      if ((snapshot?.at ?? end) !== end) show(await both({ kind: 'seek', at: end }));
      popRedo();
      // Each answer carries the outcomes since the last one: show every one, in order.
      let steps = scenario.steps;
      for (const step of entry.removed) {
        const r = await both({ kind: 'append', step });
        steps = [...steps, step];
        uiStore.getState().setScenario({ ...scenario, steps });
        show(r);
      }
      if (entry.at !== steps.length) show(await both({ kind: 'seek', at: entry.at }));
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
      const r = await both({ kind: 'seek', at: clamped });
      show(r);
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

/** Lines [from, from + count) of a kernel view at the current position, or null when it does not exist. */
export function requestTextLines(path: string, from: number, count: number): Promise<{ lines: number; from: number; text: string[] } | null> {
  return getEngine()
    .link.request({ kind: 'text', path, from, count })
    .then((r) => (r.text === null ? null : { lines: r.lines, from: r.from, text: r.text === '' ? [] : r.text.replace(/\n$/, '').split('\n') }))
    .catch((e: unknown) => {
      report(`Reading ${path}`, e);
      return null;
    });
}

/** Rows of the event log at the current position (null when the engine could not answer). */
export function requestEvents(query: EventRowsQuery): Promise<EventRowsAnswer | null> {
  return getEngine()
    .link.request({ kind: 'events', query })
    .then((r) => r.answer)
    .catch((e: unknown) => {
      report('Reading the events', e);
      return null;
    });
}

/**
 * Compare mode: the current scenario under `release` beside the main kernel, at the same
 * position. Resolves true when side B shows it.
 */
export function startCompare(release: string, kernel?: KernelSpec, label = release): Promise<boolean> {
  return serial(
    `Comparing with ${label}`,
    async () => {
      const { scenario, snapshot } = current();
      const side: CompareSide = openSide(label, kernel ?? { ...(scenario.machine.kernel ?? {}), version: release });
      try {
        const sc = sideScenario(side, scenario);
        showSide(side, await receive(await side.link.request({ kind: 'load', scenario: sc, at: snapshot?.at })));
        return true;
      } catch (e) {
        closeSide();
        throw e;
      }
    },
    false,
  );
}

export function stopCompare(): void {
  closeSide();
}

/** Replays the store's scenario at its current position into a freshly started worker. */
async function replay(): Promise<void> {
  const { scenario, snapshot } = uiStore.getState();
  queue = Promise.resolve();
  if (!scenario) return;
  show(await receive(await getEngine().link.request({ kind: 'load', scenario, at: snapshot?.at })));
}

setReplayHook(replay);
