import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { linkMachine } from './link';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('link machine', () => {
  it('starting -> ready -> crashed (reason) -> restarting -> ready', async () => {
    let release!: () => void;
    const restartEngine = fromPromise<void>(() => new Promise<void>((r) => (release = r)));
    const a = createActor(linkMachine.provide({ actors: { restartEngine } })).start();
    expect(a.getSnapshot().value).toBe('starting');
    a.send({ type: 'RESTART' });
    expect(a.getSnapshot().value).toBe('starting');
    a.send({ type: 'READY' });
    expect(a.getSnapshot().value).toBe('ready');
    a.send({ type: 'CRASHED', reason: 'the engine stopped answering (no reply for 5 s)' });
    expect(a.getSnapshot().value).toBe('crashed');
    expect(a.getSnapshot().context.reason).toMatch(/stopped answering/);
    a.send({ type: 'RESTART' });
    expect(a.getSnapshot().value).toBe('restarting');
    a.send({ type: 'READY' });
    expect(a.getSnapshot().value).toBe('restarting');
    release();
    await settle();
    expect(a.getSnapshot().value).toBe('ready');
    expect(a.getSnapshot().context).toEqual({ reason: '', restarts: 1 });
  });

  it('a failed restart, or a crash during the replay, ends crashed again with the reason', async () => {
    const restartEngine = fromPromise<void>(async () => {
      throw new Error('load failed: bad scenario');
    });
    const a = createActor(linkMachine.provide({ actors: { restartEngine } })).start();
    a.send({ type: 'CRASHED', reason: 'x' });
    a.send({ type: 'RESTART' });
    await settle();
    expect(a.getSnapshot().value).toBe('crashed');
    expect(a.getSnapshot().context.reason).toBe('restart failed: load failed: bad scenario');
    const hang = fromPromise<void>(() => new Promise<void>(() => {}));
    const b = createActor(linkMachine.provide({ actors: { restartEngine: hang } })).start();
    b.send({ type: 'CRASHED', reason: 'x' });
    b.send({ type: 'RESTART' });
    b.send({ type: 'CRASHED', reason: 'the engine crashed again' });
    expect(b.getSnapshot().value).toBe('crashed');
    expect(b.getSnapshot().context.reason).toBe('the engine crashed again');
  });
});
