// The worker link's lifecycle as the user sees it: starting, ready, crashed (with the
// reason), restarting (a fresh worker replaying the scenario). The engine client sends
// READY / CRASHED; the user sends RESTART; `restartEngine` is provided by the client.
import { assign, fromPromise, setup } from 'xstate';

export type LinkEvent =
  | { type: 'READY' }
  | { type: 'CRASHED'; reason: string }
  | { type: 'RESTART' };

export interface LinkContext {
  reason: string;
  restarts: number;
}

export const linkMachine = setup({
  types: {
    context: {} as LinkContext,
    events: {} as LinkEvent,
  },
  actors: {
    /** Respawns the worker and replays the scenario; resolves when the engine shows it again. */
    restartEngine: fromPromise<void>(async () => {
      throw new Error('restartEngine is not provided');
    }),
  },
  actions: {
    recordCrash: assign({ reason: ({ event }) => (event.type === 'CRASHED' ? event.reason : '') }),
    clearReason: assign({ reason: '' }),
  },
}).createMachine({
  id: 'link',
  initial: 'starting',
  context: { reason: '', restarts: 0 },
  on: {
    CRASHED: { target: '.crashed', actions: 'recordCrash' },
  },
  states: {
    starting: {
      on: { READY: { target: 'ready', actions: 'clearReason' } },
    },
    ready: {},
    crashed: {
      on: { RESTART: 'restarting' },
    },
    restarting: {
      entry: assign({ restarts: ({ context }) => context.restarts + 1, reason: '' }),
      invoke: {
        src: 'restartEngine',
        onDone: 'ready',
        onError: {
          target: 'crashed',
          actions: assign({
            reason: ({ event }) => `restart failed: ${event.error instanceof Error ? event.error.message : String(event.error)}`,
          }),
        },
      },
      // A READY from the new worker arrives before the replay ends: stay until onDone.
      on: { READY: {} },
    },
  },
});
