// A Worker-like object for unit tests of the engine link: records what was posted and lets
// the test answer, push, fail or stay silent.
import type { FromWorker, Request } from '../../sim/protocol';
import type { LinkClock, WorkerLike } from './link';

export class FakeWorker implements WorkerLike {
  posted: Request[] = [];
  terminated = false;
  /** Answer pings automatically (a healthy worker). */
  autoPong = true;
  /** When set, answers every non-ping request (a scripted engine). */
  respond: ((req: Request) => FromWorker | null) | null = null;
  private listeners: Record<string, Array<(ev: Event) => void>> = {};

  postMessage(message: unknown): void {
    if (this.terminated) throw new Error('worker terminated');
    const req = message as Request;
    this.posted.push(req);
    if (req.kind === 'ping' && this.autoPong) this.send({ v: 2, id: req.id, kind: 'pong', busy: false });
    else if (req.kind !== 'ping' && this.respond) {
      const answer = this.respond(req);
      if (answer) queueMicrotask(() => this.send(answer));
    }
  }

  terminate(): void {
    this.terminated = true;
  }

  addEventListener(type: string, listener: (ev: Event) => void): void {
    (this.listeners[type] ??= []).push(listener);
  }

  send(data: FromWorker | unknown): void {
    for (const l of this.listeners.message ?? []) l({ data } as MessageEvent);
  }

  fail(message: string): void {
    for (const l of this.listeners.error ?? []) l({ message, preventDefault() {} } as unknown as ErrorEvent);
  }

  messageError(): void {
    for (const l of this.listeners.messageerror ?? []) l({} as Event);
  }

  /** The last request of a kind that is not a ping. */
  last(kind?: Request['kind']): Request {
    const rs = this.posted.filter((r) => r.kind !== 'ping' && (!kind || r.kind === kind));
    const r = rs[rs.length - 1];
    if (!r) throw new Error(`no ${kind ?? ''} request posted`);
    return r;
  }
}

/** A clock whose time and interval callbacks move only when the test says so. */
export class ManualClock implements LinkClock {
  t = 0;
  private timers = new Map<number, { fn: () => void; ms: number; next: number }>();
  private seq = 0;
  now(): number {
    return this.t;
  }
  setInterval(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { fn, ms, next: this.t + ms });
    return id;
  }
  clearInterval(h: unknown): void {
    this.timers.delete(h as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let due: { fn: () => void; ms: number; next: number } | null = null;
      for (const t of this.timers.values()) if (t.next <= end && (!due || t.next < due.next)) due = t;
      if (!due) break;
      this.t = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.t = end;
  }
}
