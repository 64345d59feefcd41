import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FromWorker, Request } from '../../sim/protocol';
import type { Scenario } from '../../sim/scenario/schema';
import { Session } from '../../sim/engine/session';
import { packSnapshot } from '../../sim/wire';
import { uiStore } from '../store';
import { appendStep, appendStepOutcome, loadScenario, redo, requestText, seek, undo } from './actions';
import { historyState, type DropAnswer } from './history';
import { connectEngine, resetEngineForTests, restartEngine } from './client';
import { FakeWorker, ManualClock } from './fake-worker';

/** The real engine session behind a fake worker: the answers are the worker's own. */
function scripted(w: FakeWorker) {
  const session = new Session('none');
  w.respond = (r: Request): FromWorker | null => {
    switch (r.kind) {
      case 'load':
      case 'append':
      case 'truncate':
      case 'seek': {
        const res = session.run(r);
        if (!res.ok) return { v: 2, id: r.id, kind: 'error', message: res.message };
        return { v: 2, id: r.id, kind: 'state', snapshot: packSnapshot(res.state.snapshot).wire, outcomes: res.state.outcomes };
      }
      case 'text':
        return { v: 2, id: r.id, kind: 'text', path: r.path, ...session.text(r.path, r.from, r.count) };
      case 'events':
        return { v: 2, id: r.id, kind: 'events', answer: session.events(r.query) };
      default:
        return null;
    }
  };
}

let workers: FakeWorker[] = [];
const base: Scenario = { scenario: 1, machine: { cpus: 4 }, steps: [{ do: 'cpu.offline', cpu: 3 }] };

beforeEach(() => {
  workers = [];
  uiStore.setState({ scenario: null, snapshot: null, alerts: [], outcomes: [] });
  connectEngine({
    spawn: () => {
      const w = new FakeWorker();
      scripted(w);
      workers.push(w);
      return w;
    },
    clock: new ManualClock(),
  });
});
afterEach(() => {
  resetEngineForTests();
  unanswer?.();
  historyState.setState({ question: null, redo: [] });
});

let unanswer: (() => void) | null = null;
/** Answers every "drop the later steps?" question with `a`; returns the questions asked. */
function answerWith(a: DropAnswer): Array<{ at: number; total: number; step: string | null }> {
  const asked: Array<{ at: number; total: number; step: string | null }> = [];
  unanswer?.();
  unanswer = historyState.subscribe((h) => {
    if (!h.question) return;
    asked.push({ at: h.question.at, total: h.question.total, step: h.question.step?.do ?? null });
    h.question.answer(a);
  });
  return asked;
}

const state = () => uiStore.getState();

describe('engine actions', () => {
  it('load, append, seek back, append again: editing history truncates first', async () => {
    await loadScenario(base);
    expect(state().snapshot?.at).toBe(1);
    await appendStep({ do: 'cpu.offline', cpu: 2 });
    await appendStep({ do: 'cpu.online', cpu: 2 });
    expect(state().scenario?.steps).toHaveLength(3);
    await seek(1);
    expect(state().snapshot?.at).toBe(1);
    expect(state().scenario?.steps).toHaveLength(3);
    const asked = answerWith('drop');
    const outcome = await appendStepOutcome({ do: 'cpu.offline', cpu: 0 });
    expect(asked).toEqual([{ at: 1, total: 3, step: 'cpu.offline' }]);
    expect(outcome).toMatchObject({ do: 'cpu.offline', ok: false });
    expect(state().scenario?.steps.map((s) => s.do)).toEqual(['cpu.offline', 'cpu.offline']);
    expect(workers[0].posted.filter((r) => r.kind !== 'ping').map((r) => r.kind)).toEqual([
      'load', 'append', 'append', 'seek', 'append',
    ]);
    expect(state().outcomes.map((o) => o.ok)).toEqual([true, false]);
  });

  it('scrubbed back, "keep" adds nothing and "end" adds the step after the last one', async () => {
    await loadScenario({ ...base, steps: [base.steps[0], { do: 'cpu.offline', cpu: 2 }] });
    await seek(1);
    answerWith('keep');
    expect(await appendStepOutcome({ do: 'cpu.offline', cpu: 1 })).toBe('kept');
    expect(state().scenario?.steps).toHaveLength(2);
    expect(state().snapshot?.at).toBe(1);
    answerWith('end');
    const o = await appendStepOutcome({ do: 'cpu.offline', cpu: 1 });
    expect(o).toMatchObject({ do: 'cpu.offline' });
    expect(state().scenario?.steps.map((x) => x.do)).toEqual(['cpu.offline', 'cpu.offline', 'cpu.offline']);
    expect(state().snapshot?.at).toBe(3);
  });

  it('redo puts back what undo removed, only while the scenario is what undo left', async () => {
    const steps = [base.steps[0], { do: 'cpu.offline', cpu: 2 } as const, { do: 'cpu.offline', cpu: 1 } as const];
    await loadScenario({ ...base, steps });
    await undo();
    expect(state().scenario?.steps).toHaveLength(2);
    await redo();
    expect(state().scenario?.steps).toEqual(steps);
    expect(state().snapshot?.at).toBe(3);
    // Undo while scrubbed back asks, removes the tail, and redo restores it at the old position.
    await seek(2);
    const asked = answerWith('drop');
    await undo();
    expect(asked).toEqual([{ at: 2, total: 3, step: null }]);
    expect(state().scenario?.steps).toEqual([steps[0]]);
    await redo();
    expect(state().scenario?.steps).toEqual(steps);
    expect(state().snapshot?.at).toBe(2);
    expect(state().outcomes).toHaveLength(3);
    // A new edit clears redo.
    await seek(3);
    await undo();
    await appendStep({ do: 'cpu.online', cpu: 2 });
    await redo();
    expect(state().scenario?.steps.map((x) => x.do)).toEqual(['cpu.offline', 'cpu.offline', 'cpu.online']);
    expect(state().alerts).toEqual([]);
  });

  it('undo drops the step before the current position', async () => {
    await loadScenario({ ...base, steps: [base.steps[0], { do: 'cpu.offline', cpu: 2 }] });
    await undo();
    expect(state().scenario?.steps).toEqual([base.steps[0]]);
    expect(state().snapshot?.at).toBe(1);
    await undo();
    await undo();
    expect(state().scenario?.steps).toEqual([]);
    expect(state().alerts).toEqual([]);
  });

  it('seek clamps to the scenario and requestText reads at the position', async () => {
    await loadScenario(base);
    await seek(99);
    expect(state().snapshot?.at).toBe(1);
    const end = await requestText('/proc/interrupts');
    await seek(-3);
    expect(state().snapshot?.at).toBe(0);
    const boot = await requestText('/proc/interrupts');
    expect(boot).toMatch(/CPU0/);
    // CPU 3 is online at boot and offline after the step: its column is there only at boot.
    expect(boot).toMatch(/CPU3/);
    expect(end).not.toMatch(/CPU3/);
    expect(await requestText('/nope')).toBeNull();
  });

  it('an engine error answer becomes an alert, and the scenario is left as it was', async () => {
    await loadScenario(base);
    workers[0].respond = (r) => ({ v: 2, id: r.id, kind: 'error', message: 'device "x" does not exist' });
    await appendStep({ do: 'device.remove', id: 'x' });
    expect(state().alerts.map((a) => a.message)).toEqual(['"device.remove" failed: device "x" does not exist']);
    expect(state().scenario?.steps).toHaveLength(1);
  });

  it('after a crash, restart respawns the worker and replays the scenario at the same position', async () => {
    await loadScenario({ ...base, steps: [base.steps[0], { do: 'cpu.offline', cpu: 2 }] });
    await seek(1);
    answerWith('drop');
    const { actor } = connectEngine();
    workers[0].respond = null;
    const pending = appendStep({ do: 'cpu.offline', cpu: 1 });
    workers[0].fail('out of memory');
    await pending;
    expect(actor.getSnapshot().value).toBe('crashed');
    expect(actor.getSnapshot().context.reason).toMatch(/out of memory/);
    expect(state().alerts).toEqual([]);
    restartEngine();
    await new Promise((r) => setTimeout(r, 10));
    expect(actor.getSnapshot().value).toBe('ready');
    expect(workers).toHaveLength(2);
    const replayed = workers[1].last('load');
    expect(replayed).toMatchObject({ kind: 'load', at: 1 });
    expect(replayed.kind === 'load' && replayed.scenario.steps).toHaveLength(2);
    await appendStep({ do: 'cpu.online', cpu: 3 });
    expect(state().scenario?.steps).toHaveLength(2);
  });
});
