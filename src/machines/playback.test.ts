import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { playbackMachine } from './playback';

/** A playback actor over a fake engine whose seeks resolve when the test says so. */
function start(at: number, total: number) {
  const seeks: number[] = [];
  let position = at;
  const resolvers: Array<() => void> = [];
  const clock = new SimulatedClock();
  const machine = playbackMachine.provide({
    actors: {
      seekTo: fromPromise<number, { at: number }>(
        ({ input }) =>
          new Promise<number>((resolve) => {
            seeks.push(input.at);
            resolvers.push(() => {
              position = input.at;
              resolve(input.at);
            });
          }),
      ),
    },
  });
  const actor = createActor(machine, { input: { at, total, tickMs: 100 }, clock });
  actor.start();
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const resolveAll = async () => {
    while (resolvers.length) {
      resolvers.shift()!();
      await flush();
    }
  };
  return { actor, seeks, clock, resolveAll, flush, position: () => position };
}

const value = (a: { getSnapshot(): { value: unknown } }) => JSON.stringify(a.getSnapshot().value);

describe('playback machine', () => {
  it('plays one step per tick to the end, then rests', async () => {
    const { actor, seeks, clock, resolveAll } = start(0, 3);
    actor.send({ type: 'PLAY' });
    expect(value(actor)).toBe('{"playing":"waiting"}');
    expect(seeks).toEqual([]);
    for (let i = 0; i < 3; i++) {
      clock.increment(100);
      await resolveAll();
    }
    expect(seeks).toEqual([1, 2, 3]);
    expect(value(actor)).toBe('"idle"');
    expect(actor.getSnapshot().context.at).toBe(3);
  });

  it('pause stops the ticks; play at the end starts over from step 0', async () => {
    const { actor, seeks, clock, resolveAll } = start(2, 3);
    actor.send({ type: 'PLAY' });
    clock.increment(100);
    await resolveAll();
    expect(value(actor)).toBe('"idle"');
    actor.send({ type: 'PLAY' });
    await resolveAll();
    expect(seeks).toEqual([3, 0]);
    expect(actor.getSnapshot().context.at).toBe(0);
    actor.send({ type: 'PAUSE' });
    clock.increment(1000);
    await resolveAll();
    expect(seeks).toEqual([3, 0]);
    expect(value(actor)).toBe('"paused"');
  });

  it('steps forward and back, and not past either end', async () => {
    const { actor, seeks, resolveAll } = start(1, 2);
    actor.send({ type: 'STEP' });
    expect(value(actor)).toBe('{"stepping":"forward"}');
    await resolveAll();
    expect(value(actor)).toBe('"paused"');
    actor.send({ type: 'STEP' });
    expect(value(actor)).toBe('"paused"');
    actor.send({ type: 'STEP_BACK' });
    await resolveAll();
    actor.send({ type: 'STEP_BACK' });
    await resolveAll();
    actor.send({ type: 'STEP_BACK' });
    expect(seeks).toEqual([2, 1, 0]);
    expect(actor.getSnapshot().context.at).toBe(0);
  });

  it('scrubbing seeks only the latest position asked while a seek runs, clamped to the timeline', async () => {
    const { actor, seeks, resolveAll } = start(0, 10);
    actor.send({ type: 'SCRUB', at: 3 });
    actor.send({ type: 'SCRUB', at: 5 });
    actor.send({ type: 'SCRUB', at: 7 });
    actor.send({ type: 'SCRUB', at: 99 });
    expect(value(actor)).toBe('{"scrubbing":"seeking"}');
    await resolveAll();
    expect(seeks).toEqual([3, 10]);
    expect(value(actor)).toBe('"paused"');
    expect(actor.getSnapshot().context.at).toBe(10);
  });

  it('while scrubbing, the engine reporting an intermediate position does not lose the target', async () => {
    const { actor, seeks, resolveAll } = start(0, 10);
    actor.send({ type: 'SCRUB', at: 3 });
    actor.send({ type: 'SCRUB', at: 7 });
    actor.send({ type: 'SYNC', at: 3, total: 10 });
    await resolveAll();
    expect(seeks).toEqual([3, 7]);
    expect(actor.getSnapshot().context.at).toBe(7);
  });

  it('scrubbing to where it already is does nothing; SYNC follows the engine', () => {
    const { actor, seeks } = start(4, 10);
    actor.send({ type: 'SCRUB', at: 4 });
    expect(value(actor)).toBe('"paused"');
    actor.send({ type: 'SYNC', at: 11, total: 11 });
    expect(actor.getSnapshot().context).toMatchObject({ at: 11, total: 11 });
    expect(seeks).toEqual([]);
  });
});
