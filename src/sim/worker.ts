// The Web Worker entry: owns one engine session and answers the UI's requests (protocol.ts).
// Snapshots go out with their typed arrays transferred; events are batched to at most one
// message per animation frame.
import { Session } from './engine/session';
import type { FromWorker, Request } from './protocol';
import { PROTOCOL_VERSION } from './protocol';
import { snapshotTransferables, type Snapshot } from './snapshot';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<Request>) => void): void;
  requestAnimationFrame?: (cb: () => void) => number;
}

const scope = self as unknown as WorkerScope;
const post = (m: FromWorker, transfer?: Transferable[]) => scope.postMessage(m, transfer ?? []);

let flushScheduled = false;
function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  const run = () => {
    flushScheduled = false;
    flushEvents();
  };
  if (typeof scope.requestAnimationFrame === 'function') scope.requestAnimationFrame(run);
  else setTimeout(run, 16);
}

const session = new Session((done, total) => post({ v: 1, kind: 'progress', done, total }));

function flushEvents(): void {
  const batch = session.takeEvents();
  if (batch) post({ v: 1, kind: 'events', events: batch.events, reset: batch.reset });
}

function sendSnapshot(id: number, snapshot: Snapshot): void {
  // Events that explain this snapshot go first, so the UI never shows state without them.
  flushEvents();
  post({ v: 1, id, kind: 'snapshot', snapshot }, snapshotTransferables(snapshot));
}

function handle(req: Request): void {
  if (req.v !== PROTOCOL_VERSION) {
    post({ v: 1, id: req.id, kind: 'error', message: `protocol version ${String(req.v)} is not ${PROTOCOL_VERSION}` });
    return;
  }
  let result;
  switch (req.kind) {
    case 'ping':
      post({ v: 1, id: req.id, kind: 'pong' });
      return;
    case 'text':
      post({ v: 1, id: req.id, kind: 'text', path: req.path, text: session.text(req.path) });
      return;
    case 'load':
      result = session.load(req.scenario, req.at);
      break;
    case 'append':
      result = session.append(req.step);
      break;
    case 'truncate':
      result = session.truncate(req.keep);
      break;
    case 'seek':
      result = session.seek(req.at);
      break;
    default:
      post({ v: 1, id: (req as { id: number }).id, kind: 'error', message: 'unknown request' });
      return;
  }
  if (result.ok) sendSnapshot(req.id, result.snapshot);
  else post({ v: 1, id: req.id, kind: 'error', message: result.message });
  scheduleFlush();
}

scope.addEventListener('message', (e) => {
  try {
    handle(e.data);
  } catch (err) {
    const id = (e.data as { id?: number })?.id ?? -1;
    post({ v: 1, id, kind: 'error', message: `engine error: ${(err as Error).message}` });
  }
});

post({ v: 1, kind: 'ready' });
