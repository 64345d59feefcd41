// The one message protocol between the UI (main thread) and the engine worker. Both sides
// import these types; every message carries the protocol version.
import type { Scenario, Step } from './scenario/schema';
import type { Snapshot, StampedEvent } from './snapshot';

export const PROTOCOL_VERSION = 1;

export type Request =
  /** Replace the scenario, replay it, answer with the snapshot at `at` (default: the end). */
  | { v: 1; id: number; kind: 'load'; scenario: Scenario; at?: number }
  /** Append one step at the end and apply it. */
  | { v: 1; id: number; kind: 'append'; step: Step }
  /** Drop the steps after `keep` (undo, or editing history). */
  | { v: 1; id: number; kind: 'truncate'; keep: number }
  /** Show the state after `at` steps (scrubbing). */
  | { v: 1; id: number; kind: 'seek'; at: number }
  /** The text of one kernel view (debugfs path or /proc/interrupts) at the current position. */
  | { v: 1; id: number; kind: 'text'; path: string }
  | { v: 1; id: number; kind: 'ping' };

export type Response =
  | { v: 1; id: number; kind: 'snapshot'; snapshot: Snapshot }
  | { v: 1; id: number; kind: 'text'; path: string; text: string | null }
  | { v: 1; id: number; kind: 'pong' }
  /** The request failed; `message` names what was wrong. */
  | { v: 1; id: number; kind: 'error'; message: string };

export type Push =
  /** Events since the last push, at most one message per animation frame. */
  | { v: 1; kind: 'events'; events: StampedEvent[]; reset: boolean }
  /** Replay progress for long scenarios. */
  | { v: 1; kind: 'progress'; done: number; total: number }
  | { v: 1; kind: 'ready' };

export type FromWorker = Response | Push;

export function isResponse(m: FromWorker): m is Response {
  return 'id' in m;
}
