// The main thread's end of the worker protocol (src/sim/protocol.ts): typed requests with
// ids and promises, pushes handed to a callback, and crash/hang detection (error,
// messageerror, a watchdog ping) after which every pending request fails cleanly.
import { PROTOCOL_VERSION, isResponse, type FromWorker, type Push, type Request, type Response } from '../../sim/protocol';

/** What the link needs of a Worker: the real one, or a fake in tests. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void;
}

/** Timers, injectable so tests can drive the watchdog by hand. */
export interface LinkClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type LinkStatus = 'starting' | 'ready' | 'crashed' | 'disposed';

export interface LinkOptions {
  spawn: () => WorkerLike;
  onPush?: (p: Push) => void;
  /** Called once per worker generation when it is declared dead, with a sentence saying why. */
  onCrash?: (reason: string) => void;
  /** Called when a worker says it is ready (its first message of any kind also counts). */
  onReady?: () => void;
  /** How often the watchdog checks and pings (ms). */
  pingEveryMs?: number;
  /**
   * The worker is declared hung after this long without any message while a ping is due (ms).
   * A busy worker answers pings between slices of its work and sends progress, so only a
   * worker that stopped running (a tight loop, a crash the browser did not report) is silent.
   */
  hangAfterMs?: number;
  clock?: LinkClock;
}

/** Error of a request that failed because the worker died or the link was closed. */
export class EngineDownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineDownError';
  }
}

/** Error of a request the worker answered with `kind: 'error'`. */
export class EngineRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

type Body = Request extends infer R ? (R extends Request ? Omit<R, 'v' | 'id'> : never) : never;
type AnswerOf<K extends Request['kind']> = K extends 'load' | 'append' | 'truncate' | 'seek'
  ? Extract<Response, { kind: 'state' }>
  : K extends 'text'
    ? Extract<Response, { kind: 'text' }>
    : K extends 'events'
      ? Extract<Response, { kind: 'events' }>
      : Extract<Response, { kind: 'pong' }>;

interface Pending {
  kind: Request['kind'];
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
}

const realClock: LinkClock = {
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export class EngineLink {
  private worker: WorkerLike | null = null;
  private generation = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lastHeard = 0;
  /** Id of an unanswered watchdog ping, or 0. */
  private pingId = 0;
  private timer: unknown = null;
  private statusValue: LinkStatus = 'starting';
  private crashReason = '';
  private readonly pingEveryMs: number;
  private readonly hangAfterMs: number;
  private readonly clock: LinkClock;

  constructor(private readonly opts: LinkOptions) {
    this.pingEveryMs = opts.pingEveryMs ?? 1000;
    this.hangAfterMs = opts.hangAfterMs ?? 10_000;
    this.clock = opts.clock ?? realClock;
    this.start();
  }

  get status(): LinkStatus {
    return this.statusValue;
  }

  /** Why the last worker was declared dead ('' while it lives). */
  get reason(): string {
    return this.crashReason;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends a request; resolves with the worker's answer, rejects on `error` answers or a dead worker. */
  request<B extends Body>(body: B): Promise<AnswerOf<B['kind']>> {
    if (this.statusValue === 'crashed' || this.statusValue === 'disposed' || !this.worker) {
      const why = this.statusValue === 'disposed' ? 'the engine link is closed' : `the engine is down (${this.crashReason})`;
      return Promise.reject(new EngineDownError(why));
    }
    const id = this.nextId++;
    const msg = { ...body, v: PROTOCOL_VERSION, id } as Request;
    return new Promise<AnswerOf<B['kind']>>((resolve, reject) => {
      this.pending.set(id, { kind: body.kind, resolve: resolve as (r: Response) => void, reject });
      try {
        this.worker!.postMessage(msg);
      } catch (e) {
        this.pending.delete(id);
        reject(new EngineDownError(`could not send "${body.kind}" to the engine: ${errorText(e)}`));
      }
    });
  }

  /** Kills the current worker (if any), fails what was pending, and starts a fresh one. */
  restart(): void {
    this.kill('the engine was restarted', false);
    this.start();
  }

  /** Stops the worker and the watchdog for good. */
  dispose(): void {
    this.kill('the engine link is closed', false);
    this.statusValue = 'disposed';
  }

  /** Declares the worker dead (used by the watchdog and the error listeners; public for tests). */
  crash(reason: string): void {
    if (this.statusValue === 'crashed' || this.statusValue === 'disposed') return;
    this.kill(reason, true);
  }

  private start(): void {
    const gen = ++this.generation;
    this.statusValue = 'starting';
    this.crashReason = '';
    this.pingId = 0;
    this.lastHeard = this.clock.now();
    let w: WorkerLike;
    try {
      w = this.opts.spawn();
    } catch (e) {
      this.worker = null;
      this.statusValue = 'crashed';
      this.crashReason = `the engine worker could not start: ${errorText(e)}`;
      this.opts.onCrash?.(this.crashReason);
      return;
    }
    this.worker = w;
    // Listeners of an old generation stay attached to a terminated worker: ignore them.
    w.addEventListener('message', (ev) => {
      if (gen === this.generation) this.onMessage((ev as MessageEvent<FromWorker>).data);
    });
    w.addEventListener('error', (ev) => {
      if (gen !== this.generation) return;
      ev.preventDefault?.();
      const m = (ev as ErrorEvent).message;
      this.crash(m ? `the engine crashed: ${m}` : 'the engine worker failed to load or crashed');
    });
    w.addEventListener('messageerror', () => {
      if (gen === this.generation) this.crash('the engine sent a message that could not be read (messageerror)');
    });
    this.timer = this.clock.setInterval(() => this.watchdog(), this.pingEveryMs);
  }

  private kill(reason: string, notify: boolean): void {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
    this.generation++;
    const w = this.worker;
    this.worker = null;
    if (w) {
      try {
        w.terminate();
      } catch {
        /* already gone */
      }
    }
    this.statusValue = 'crashed';
    this.crashReason = reason;
    const failed = [...this.pending.values()];
    this.pending.clear();
    this.pingId = 0;
    for (const p of failed) p.reject(new EngineDownError(`${p.kind} failed: ${reason}`));
    if (notify) this.opts.onCrash?.(reason);
  }

  private watchdog(): void {
    if (this.statusValue === 'crashed' || this.statusValue === 'disposed') return;
    const silent = this.clock.now() - this.lastHeard;
    if (this.pingId !== 0 && silent >= this.hangAfterMs) {
      this.crash(`the engine stopped answering (no reply for ${Math.round(silent / 1000)} s)`);
      return;
    }
    if (this.pingId === 0) {
      const id = this.nextId++;
      this.pingId = id;
      this.pending.set(id, { kind: 'ping', resolve: () => {}, reject: () => {} });
      try {
        this.worker?.postMessage({ v: PROTOCOL_VERSION, id, kind: 'ping' } satisfies Request);
      } catch (e) {
        this.crash(`could not reach the engine: ${errorText(e)}`);
      }
    }
  }

  private onMessage(m: FromWorker): void {
    this.lastHeard = this.clock.now();
    if (!m || typeof m !== 'object' || (m as { v?: unknown }).v !== PROTOCOL_VERSION) {
      this.crash(`the engine speaks another protocol version (${String((m as { v?: unknown })?.v)}, expected ${PROTOCOL_VERSION})`);
      return;
    }
    if (this.statusValue === 'starting') {
      this.statusValue = 'ready';
      this.opts.onReady?.();
    }
    if (isResponse(m)) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.id === this.pingId) this.pingId = 0;
      if (m.kind === 'error') p.reject(new EngineRequestError(m.message));
      else p.resolve(m);
      return;
    }
    this.opts.onPush?.(m);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
