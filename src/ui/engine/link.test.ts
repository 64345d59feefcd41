import { describe, expect, it } from 'vitest';
import type { Push } from '../../sim/protocol';
import type { WireSnapshot } from '../../sim/wire';
import { FakeWorker, ManualClock } from './fake-worker';
import { EngineDownError, EngineLink, EngineRequestError } from './link';

function setup(opts: { hangAfterMs?: number; autoPong?: boolean } = {}) {
  const workers: FakeWorker[] = [];
  const pushes: Push[] = [];
  const crashes: string[] = [];
  let readies = 0;
  const clock = new ManualClock();
  const link = new EngineLink({
    spawn: () => {
      const w = new FakeWorker();
      w.autoPong = opts.autoPong ?? true;
      workers.push(w);
      return w;
    },
    clock,
    pingEveryMs: 1000,
    hangAfterMs: opts.hangAfterMs ?? 3000,
    onPush: (p) => pushes.push(p),
    onCrash: (r) => crashes.push(r),
    onReady: () => readies++,
  });
  return { link, workers, pushes, crashes, clock, readies: () => readies };
}

const snap = { rest: { at: 3, total: 3 } } as unknown as WireSnapshot;

describe('EngineLink', () => {
  it('numbers requests, stamps the protocol version and resolves by id, out of order', async () => {
    const { link, workers } = setup();
    const w = workers[0];
    const a = link.request({ kind: 'seek', at: 1 });
    const b = link.request({ kind: 'text', path: '/proc/interrupts' });
    const [ra, rb] = w.posted;
    expect(ra).toMatchObject({ v: 2, kind: 'seek', at: 1 });
    expect(rb).toMatchObject({ v: 2, kind: 'text' });
    expect(ra.id).not.toBe(rb.id);
    w.send({ v: 2, id: rb.id, kind: 'text', path: '/proc/interrupts', text: 'CPU0' });
    w.send({ v: 2, id: ra.id, kind: 'state', snapshot: snap, outcomes: { from: 0, items: [], length: 0 } });
    expect((await b).text).toBe('CPU0');
    expect((await a).snapshot.rest.at).toBe(3);
    expect(link.pendingCount).toBe(0);
  });

  it('turns an error answer into a rejected request naming the message', async () => {
    const { link, workers } = setup();
    const p = link.request({ kind: 'truncate', keep: 9 });
    workers[0].send({ v: 2, id: workers[0].last().id, kind: 'error', message: 'keep 9 is past the end (3 steps)' });
    await expect(p).rejects.toBeInstanceOf(EngineRequestError);
    await expect(p).rejects.toThrow('keep 9 is past the end');
    expect(link.status).toBe('ready');
  });

  it('hands pushes to onPush and becomes ready on the first message', () => {
    const { link, workers, pushes, readies } = setup();
    expect(link.status).toBe('starting');
    workers[0].send({ v: 2, kind: 'ready' });
    workers[0].send({ v: 2, kind: 'progress', id: 99, progress: { what: 'replaying', done: 5, total: 10 } });
    expect(link.status).toBe('ready');
    expect(readies()).toBe(1);
    expect(pushes.map((p) => p.kind)).toEqual(['ready', 'progress']);
  });

  it('on a worker error rejects every pending request and reports the crash once', async () => {
    const { link, workers, crashes } = setup();
    const a = link.request({ kind: 'seek', at: 1 });
    const b = link.request({ kind: 'append', step: { do: 'cpu.offline', cpu: 1 } });
    workers[0].fail('RangeError: boom');
    workers[0].fail('again');
    await expect(a).rejects.toBeInstanceOf(EngineDownError);
    await expect(b).rejects.toThrow(/append failed: the engine crashed: RangeError: boom/);
    expect(crashes).toEqual(['the engine crashed: RangeError: boom']);
    expect(link.status).toBe('crashed');
    expect(workers[0].terminated).toBe(true);
    await expect(link.request({ kind: 'seek', at: 0 })).rejects.toThrow(/engine is down/);
  });

  it('treats messageerror as a crash', async () => {
    const { link, workers, crashes } = setup();
    const a = link.request({ kind: 'seek', at: 1 });
    workers[0].messageError();
    await expect(a).rejects.toThrow(/messageerror/);
    expect(crashes).toHaveLength(1);
  });

  it('declares a silent worker hung after hangAfterMs and fails what was pending', async () => {
    const { link, workers, crashes, clock } = setup({ autoPong: false, hangAfterMs: 3000 });
    const a = link.request({ kind: 'load', scenario: { scenario: 1, machine: {}, steps: [] } });
    clock.advance(2500);
    expect(link.status).toBe('starting');
    expect(workers[0].posted.some((r) => r.kind === 'ping')).toBe(true);
    clock.advance(1000);
    expect(link.status).toBe('crashed');
    expect(crashes[0]).toMatch(/stopped answering/);
    await expect(a).rejects.toThrow(/load failed: the engine stopped answering/);
  });

  it('keeps a busy worker alive while it sends progress, and a healthy one forever', () => {
    const { link, workers, clock } = setup({ autoPong: false, hangAfterMs: 3000 });
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      workers[0].send({ v: 2, kind: 'progress', id: 99, progress: { what: 'replaying', done: i, total: 10 } });
    }
    expect(link.status).toBe('ready');
    const healthy = setup();
    healthy.clock.advance(60_000);
    expect(healthy.link.status).toBe('ready');
    expect(healthy.crashes).toEqual([]);
  });

  it('restart spawns a fresh worker; answers of the old one are ignored', async () => {
    const { link, workers, crashes } = setup();
    const old = link.request({ kind: 'seek', at: 2 });
    const oldId = workers[0].last().id;
    link.restart();
    await expect(old).rejects.toThrow(/restarted/);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(link.status).toBe('starting');
    workers[0].send({ v: 2, id: oldId, kind: 'state', snapshot: snap, outcomes: { from: 0, items: [], length: 0 } });
    const fresh = link.request({ kind: 'seek', at: 1 });
    workers[1].send({ v: 2, id: workers[1].last().id, kind: 'state', snapshot: snap, outcomes: { from: 0, items: [], length: 0 } });
    expect((await fresh).kind).toBe('state');
    expect(link.status).toBe('ready');
    expect(crashes).toEqual([]);
  });

  it('a worker speaking another protocol version is a crash', async () => {
    const { link, workers, crashes } = setup();
    const a = link.request({ kind: 'seek', at: 1 });
    workers[0].send({ v: 1, kind: 'ready' });
    await expect(a).rejects.toBeInstanceOf(EngineDownError);
    expect(crashes[0]).toMatch(/protocol version \(1, expected 2\)/);
  });

  it('a worker that cannot be spawned leaves the link crashed with the reason', async () => {
    const crashes: string[] = [];
    const link = new EngineLink({
      spawn: () => {
        throw new Error('Workers are disabled');
      },
      clock: new ManualClock(),
      onCrash: (r) => crashes.push(r),
    });
    expect(link.status).toBe('crashed');
    expect(crashes[0]).toMatch(/could not start: Workers are disabled/);
    await expect(link.request({ kind: 'seek', at: 0 })).rejects.toBeInstanceOf(EngineDownError);
  });
});
