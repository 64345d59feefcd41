// The one engine client of the page: owns the EngineLink to the worker, routes pushes into
// the stores, and drives the link machine (src/machines/link.ts) that the UI watches.
import { createActor, fromPromise, type ActorRefFrom } from 'xstate';
import { createStore, useStore } from 'zustand';
import { linkMachine } from '../../machines/link';
import type { JobProgress } from '../../sim/engine/session';
import type { Push } from '../../sim/protocol';
import { EngineLink, type LinkClock, type WorkerLike } from './link';

/** Progress of long engine work (a replay, a far seek), for the progress bar; null when none runs. */
export interface EngineStatus {
  progress: JobProgress | null;
}

export const engineStatus = createStore<EngineStatus>()(() => ({ progress: null }));

export function useEngineStatus<T>(selector: (s: EngineStatus) => T): T {
  return useStore(engineStatus, selector);
}

export function spawnRealWorker(): WorkerLike {
  // Diagnostics: ?engine-slowdown=N makes every engine step take N ms more (a slow machine);
  // the worker reads it from its name (Vite bundles the worker only from this exact form).
  const slow = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('engine-slowdown');
  const name = slow && /^\d{1,4}$/.test(slow) ? `irqscope-engine slowdown=${slow}` : 'irqscope-engine';
  return new Worker(new URL('../../sim/worker.ts', import.meta.url), { type: 'module', name });
}

export interface EngineClient {
  link: EngineLink;
  actor: ActorRefFrom<typeof linkMachine>;
}

let client: EngineClient | null = null;
/** Set by actions.ts: replays the current scenario into a fresh worker. */
let replayHook: () => Promise<void> = async () => {};

export function setReplayHook(fn: () => Promise<void>): void {
  replayHook = fn;
}

function onPush(p: Push): void {
  switch (p.kind) {
    case 'progress':
      engineStatus.setState({ progress: p.progress });
      break;
    case 'ready':
      break;
  }
}

export interface ConnectOptions {
  spawn?: () => WorkerLike;
  clock?: LinkClock;
  pingEveryMs?: number;
  hangAfterMs?: number;
}

/** Starts the engine (once); later calls return the same client. */
export function connectEngine(opts: ConnectOptions = {}): EngineClient {
  if (client) return client;
  const machine = linkMachine.provide({
    actors: {
      restartEngine: fromPromise(async () => {
        client!.link.restart();
        await replayHook();
      }),
    },
  });
  const actor = createActor(machine);
  actor.start();
  const link = new EngineLink({
    spawn: opts.spawn ?? spawnRealWorker,
    clock: opts.clock,
    pingEveryMs: opts.pingEveryMs,
    hangAfterMs: opts.hangAfterMs,
    onPush,
    onReady: () => actor.send({ type: 'READY' }),
    onCrash: (reason) => {
      engineStatus.setState({ progress: null });
      actor.send({ type: 'CRASHED', reason });
    },
  });
  client = { link, actor };
  return client;
}

export function getEngine(): EngineClient {
  return client ?? connectEngine();
}

/** Tests only: forget the client so the next connectEngine starts afresh. */
export function resetEngineForTests(): void {
  client?.link.dispose();
  client?.actor.stop();
  client = null;
}

/** The user's "Restart engine": respawn the worker and replay the scenario. */
export function restartEngine(): void {
  getEngine().actor.send({ type: 'RESTART' });
}
