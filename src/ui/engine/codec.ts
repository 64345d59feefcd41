// The page's client of the link codec worker (codec.worker.ts): decodeLink and encodeLink
// as promises. Spawned lazily; if it dies, the next call spawns a new one.
import type { Scenario } from '../../sim/scenario/schema';
import type { CodecRequest, CodecResponse } from './codec.worker';

export type DecodeResult = { ok: true; scenario: Scenario } | { ok: false; message: string; path: string };

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, (r: CodecResponse) => void>();

function failAll(message: string): void {
  const all = [...pending.entries()];
  pending.clear();
  for (const [id, cb] of all) cb({ id, kind: 'failed', message });
}

function codec(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./codec.worker.ts', import.meta.url), { type: 'module', name: 'irqscope-links' });
  w.addEventListener('message', (e: MessageEvent<CodecResponse>) => {
    const cb = pending.get(e.data.id);
    pending.delete(e.data.id);
    cb?.(e.data);
  });
  const die = (why: string) => {
    if (worker === w) worker = null;
    w.terminate();
    failAll(why);
  };
  w.addEventListener('error', (e) => {
    e.preventDefault();
    die(`the link decoder failed: ${e.message || 'it could not start'}`);
  });
  w.addEventListener('messageerror', () => die('the link decoder sent an unreadable message'));
  worker = w;
  return w;
}

type CodecBody = { kind: 'decode'; text: string } | { kind: 'encode'; scenario: Scenario };

function call(req: CodecBody): Promise<CodecResponse> {
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    codec().postMessage({ ...req, id } satisfies CodecRequest);
  });
}

/** Decodes a link, a fragment or "s1.…" into a validated scenario, or the message saying what is wrong. */
export async function decodeLink(text: string): Promise<DecodeResult> {
  const r = await call({ kind: 'decode', text });
  if (r.kind === 'decoded') return r.ok ? { ok: true, scenario: r.scenario } : { ok: false, message: r.message, path: r.path };
  return { ok: false, path: '', message: r.kind === 'failed' ? r.message : 'unexpected answer from the link decoder' };
}

/** The fragment ("#s1.…") carrying a scenario. */
export async function encodeLink(s: Scenario): Promise<string> {
  const r = await call({ kind: 'encode', scenario: s });
  if (r.kind === 'encoded') return r.fragment;
  throw new Error(r.kind === 'failed' ? r.message : 'unexpected answer from the link encoder');
}
