// The Web Worker entry: owns one engine session and answers the UI's requests (protocol.ts)
// in order. Long work (a replay, a far seek) runs in slices of SLICE_MS between which pings
// are answered at once and progress is reported every PROGRESS_MS, so a busy engine is never
// mistaken for a hung one. Snapshots go out with their typed arrays transferred.
import { Session } from './engine/session';
import type { FromWorker, Request } from './protocol';
import { PROTOCOL_VERSION } from './protocol';
import { packSnapshot } from './wire';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<Request>) => void): void;
}

const SLICE_MS = 40;
const PROGRESS_MS = 200;

const scope = self as unknown as WorkerScope;
const post = (m: FromWorker, transfer?: Transferable[]) => scope.postMessage(m, transfer ?? []);
const V = PROTOCOL_VERSION;

// "slowdown=N" in the worker's name (ms per step): a diagnostic making the engine as slow as a loaded machine.
const slowdown = Number(/slowdown=(\d+)/.exec((self as unknown as { name?: string }).name ?? '')?.[1] ?? 0);
const session = new Session(undefined, Number.isFinite(slowdown) && slowdown > 0 ? Math.min(slowdown, 1000) : 0);
const queue: Request[] = [];
let active: Request | null = null;
let scheduled = false;
let lastProgress = 0;

function fail(id: number, message: string): void {
  post({ v: V, id, kind: 'error', message });
}

/** Starts a request: quick ones are answered here (false), long ones become the active job (true). */
function start(req: Request): boolean {
  switch (req.kind) {
    case 'text': {
      const a = session.text(req.path, req.from, req.count, req.search);
      post({ v: V, id: req.id, kind: 'text', path: req.path, ...a });
      return false;
    }
    case 'events':
      post({ v: V, id: req.id, kind: 'events', answer: session.events(req.query) });
      return false;
    case 'load':
    case 'append':
    case 'truncate':
    case 'seek': {
      const r = session.begin(req);
      if (!r.ok) fail(req.id, r.message);
      return r.ok;
    }
    default:
      fail((req as { id: number }).id, `unknown request "${String((req as { kind?: unknown }).kind)}"`);
      return false;
  }
}

function pump(): void {
  scheduled = false;
  const deadline = performance.now() + SLICE_MS;
  try {
    while (performance.now() < deadline) {
      if (!active) {
        const req = queue.shift();
        if (!req) break;
        if (!start(req)) continue;
        active = req;
        lastProgress = performance.now();
      }
      if (session.work(deadline)) {
        const { snapshot, outcomes } = session.answer();
        const { wire, transfer } = packSnapshot(snapshot);
        post({ v: V, id: active.id, kind: 'state', snapshot: wire, outcomes }, transfer);
        active = null;
      }
    }
  } catch (err) {
    const id = active?.id ?? -1;
    active = null;
    fail(id, `engine error: ${(err as Error).message}`);
  }
  const progress = active ? session.progress() : null;
  if (active && progress && performance.now() - lastProgress >= PROGRESS_MS) {
    post({ v: V, kind: 'progress', id: active.id, progress });
    lastProgress = performance.now();
  }
  if (active || queue.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(pump, 0);
}

scope.addEventListener('message', (e) => {
  const req = e.data;
  if (!req || req.v !== PROTOCOL_VERSION) {
    fail((req as { id?: number })?.id ?? -1, `protocol version ${String((req as { v?: unknown })?.v)} is not ${PROTOCOL_VERSION}`);
    return;
  }
  if (req.kind === 'ping') {
    post({ v: V, id: req.id, kind: 'pong', busy: active !== null });
    return;
  }
  queue.push(req);
  schedule();
});

post({ v: V, kind: 'ready' });
