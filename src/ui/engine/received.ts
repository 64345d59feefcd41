// A state answer from an engine worker is unpacked in the task that received it and shown (store
// update, canvas, React's render) in the next one: on a 1024-CPU machine the two together made
// one main-thread task of 30-60 ms, each alone stays well under the 50 ms of a long task.
import type { OutcomeDelta } from '../../sim/engine/session';
import type { Response } from '../../sim/protocol';
import type { Snapshot } from '../../sim/snapshot';
import { unpackSnapshot } from '../../sim/wire';
import { nextTask } from '../next-task';

export type StateResponse = Extract<Response, { kind: 'state' }>;

export interface Received {
  snapshot: Snapshot;
  outcomes: OutcomeDelta;
}

export async function receive(r: StateResponse): Promise<Received> {
  const snapshot = unpackSnapshot(r.snapshot);
  await nextTask();
  return { snapshot, outcomes: r.outcomes };
}
