// The one message protocol between the UI (main thread) and the engine worker. Both sides
// import these types; every message carries the protocol version.
//
// Version 2: the worker sends deltas (the step outcomes the UI does not have yet; never the
// whole history again), holds the events and answers the log's row queries, gives kernel
// text views by line ranges, and reports progress on a timer while long work runs, so the
// UI can tell a busy engine from a hung one.
import type { Scenario, Step } from './scenario/schema';
import type { EventRowsAnswer, EventRowsQuery } from './engine/event_query';
import type { JobProgress, OutcomeDelta } from './engine/session';
import type { TextSearch, TextSearchAnswer } from './engine/text_search';
import type { WireSnapshot } from './wire';

export const PROTOCOL_VERSION = 2;
type V = { v: typeof PROTOCOL_VERSION; id: number };

export type Request =
  /** Replace the scenario, replay it, answer with the state at `at` (default: the end). */
  | (V & { kind: 'load'; scenario: Scenario; at?: number })
  /** Append one step at the current position (dropping the later ones) and apply it. */
  | (V & { kind: 'append'; step: Step })
  /** Drop the steps after `keep` (undo, or editing history). */
  | (V & { kind: 'truncate'; keep: number })
  /** Show the state after `at` steps (scrubbing). */
  | (V & { kind: 'seek'; at: number })
  /** Lines [from, from + count) of one kernel view (debugfs path or /proc/interrupts) at the current position; with `search`, its occurrences too. */
  | (V & { kind: 'text'; path: string; from?: number; count?: number; search?: TextSearch })
  /** Rows of the event log. */
  | (V & { kind: 'events'; query: EventRowsQuery })
  | (V & { kind: 'ping' });

export type Response =
  /** The state after the request: the snapshot (packed, wire.ts) and the outcomes the UI does not have. */
  | (V & { kind: 'state'; snapshot: WireSnapshot; outcomes: OutcomeDelta })
  | (V & { kind: 'text'; path: string; text: string | null; from: number; lines: number; search?: TextSearchAnswer })
  | (V & { kind: 'events'; answer: EventRowsAnswer })
  | (V & { kind: 'pong'; busy: boolean })
  /** The request failed; `message` names what was wrong. */
  | (V & { kind: 'error'; message: string });

export type Push =
  /** Long work in progress for request `id` (sent on a timer while it runs). */
  | { v: typeof PROTOCOL_VERSION; kind: 'progress'; id: number; progress: JobProgress }
  | { v: typeof PROTOCOL_VERSION; kind: 'ready' };

export type FromWorker = Response | Push;

export function isResponse(m: FromWorker): m is Response {
  return 'id' in m && m.kind !== 'progress';
}
