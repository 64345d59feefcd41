// Playback of a scenario's timeline: idle (at rest), playing (one step per tick until the
// end), paused, stepping (one step forward or back), scrubbing (seeking to where the user
// drags, always to the latest position asked, never queueing every intermediate one).
import { assign, fromPromise, setup } from 'xstate';

export interface PlaybackContext {
  /** Steps applied in the view (the snapshot's `at`). */
  at: number;
  total: number;
  /** Where scrubbing wants to be. */
  target: number;
  tickMs: number;
}

export type PlaybackEvent =
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'STEP' }
  | { type: 'STEP_BACK' }
  | { type: 'SCRUB'; at: number }
  /** The engine's position changed for another reason (a new step, a load, an undo). */
  | { type: 'SYNC'; at: number; total: number }
  | { type: 'SET_SPEED'; tickMs: number };

/** Assigns the position a seek reached (its output). */
const reached = assign<PlaybackContext, { type: string; output?: unknown }, undefined, PlaybackEvent, never>(
  ({ event }) => {
    const at = event.output as number;
    return { at, target: at };
  },
);

export const playbackMachine = setup({
  types: {
    context: {} as PlaybackContext,
    events: {} as PlaybackEvent,
    input: {} as { at: number; total: number; tickMs?: number },
  },
  actors: {
    /** Shows the state after `at` steps; resolves with the position shown. */
    seekTo: fromPromise<number, { at: number }>(async () => {
      throw new Error('seekTo is not provided');
    }),
  },
  delays: {
    tick: ({ context }) => context.tickMs,
  },
  guards: {
    atEnd: ({ context }) => context.at >= context.total,
    atStart: ({ context }) => context.at <= 0,
    scrubDone: ({ context }) => context.target === context.at,
  },
}).createMachine({
  id: 'playback',
  initial: 'idle',
  context: ({ input }) => ({ at: input.at, total: input.total, target: input.at, tickMs: input.tickMs ?? 700 }),
  on: {
    SYNC: {
      actions: assign(({ event }) => ({ at: event.at, total: event.total, target: event.at })),
    },
    SET_SPEED: { actions: assign({ tickMs: ({ event }) => event.tickMs }) },
    SCRUB: {
      target: '.scrubbing',
      actions: assign({ target: ({ context, event }) => Math.max(0, Math.min(context.total, Math.round(event.at))) }),
    },
  },
  states: {
    idle: {
      on: { PLAY: 'playing', STEP: 'stepping.forward', STEP_BACK: 'stepping.back' },
    },
    paused: {
      on: { PLAY: 'playing', STEP: 'stepping.forward', STEP_BACK: 'stepping.back' },
    },
    playing: {
      initial: 'start',
      on: { PAUSE: 'paused', STEP: 'stepping.forward', STEP_BACK: 'stepping.back' },
      states: {
        // Play at the end starts over from the booted machine.
        start: {
          always: [{ guard: 'atEnd', target: 'rewinding' }, { target: 'waiting' }],
        },
        rewinding: {
          invoke: {
            src: 'seekTo',
            input: () => ({ at: 0 }),
            onDone: { target: 'waiting', actions: reached },
            onError: '#playback.paused',
          },
        },
        waiting: {
          always: { guard: 'atEnd', target: '#playback.idle' },
          after: { tick: 'advancing' },
        },
        advancing: {
          invoke: {
            src: 'seekTo',
            input: ({ context }) => ({ at: context.at + 1 }),
            onDone: { target: 'waiting', actions: reached },
            onError: '#playback.paused',
          },
        },
      },
    },
    stepping: {
      initial: 'forward',
      states: {
        forward: {
          always: { guard: 'atEnd', target: '#playback.paused' },
          invoke: {
            src: 'seekTo',
            input: ({ context }) => ({ at: context.at + 1 }),
            onDone: { target: '#playback.paused', actions: reached },
            onError: '#playback.paused',
          },
        },
        back: {
          always: { guard: 'atStart', target: '#playback.paused' },
          invoke: {
            src: 'seekTo',
            input: ({ context }) => ({ at: context.at - 1 }),
            onDone: { target: '#playback.paused', actions: reached },
            onError: '#playback.paused',
          },
        },
      },
    },
    scrubbing: {
      initial: 'seeking',
      on: {
        PLAY: 'playing',
        STEP: 'stepping.forward',
        STEP_BACK: 'stepping.back',
        // The engine reports intermediate positions of our own seeks: keep the target.
        SYNC: { actions: assign({ total: ({ event }) => event.total }) },
        // While scrubbing, a new position only moves the target: the running seek finishes.
        SCRUB: {
          actions: assign({ target: ({ context, event }) => Math.max(0, Math.min(context.total, Math.round(event.at))) }),
        },
      },
      states: {
        seeking: {
          always: { guard: 'scrubDone', target: '#playback.paused' },
          invoke: {
            src: 'seekTo',
            input: ({ context }) => ({ at: context.target }),
            // Re-enter: a newer target asked while this seek ran is sought next (only the latest).
            onDone: {
              target: 'seeking',
              reenter: true,
              actions: assign({ at: ({ event }) => event.output }),
            },
            onError: '#playback.paused',
          },
        },
      },
    },
  },
});
