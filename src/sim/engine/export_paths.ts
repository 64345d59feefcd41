// Files the worker can hand out besides the kernel's own views: the event stream up to the
// position shown, as the kernel's trace file prints it (trace/ftrace_export.ts) or as JSON
// lines. Served through the text range protocol like any view, so the page reads them in pieces.
import type { Scenario } from '../scenario/schema';
import type { StampedEvent } from '../snapshot';
import { exportFtrace, exportJsonLines } from '../trace/ftrace_export';
import type { Timeline } from './timeline';

export const EVENTS_FTRACE_PATH = 'irqscope:events.trace';
export const EVENTS_JSON_PATH = 'irqscope:events.jsonl';

/** The events of the steps up to the position shown (those the event log lists), oldest first. */
export function visibleEvents(t: Timeline): StampedEvent[] {
  const store = t.recorder.store;
  const end = store.seqOfStep(t.position);
  const out: StampedEvent[] = [];
  for (let s = store.start; s < end; s++) out.push(store.get(s));
  return out;
}

/** The text of an export path, or null when `path` is not one. */
export function exportText(t: Timeline, scenario: Scenario | null, path: string): string | null {
  if (path === EVENTS_FTRACE_PATH) return exportFtrace(visibleEvents(t), scenario ? { scenario } : {});
  if (path === EVENTS_JSON_PATH) return exportJsonLines(visibleEvents(t));
  return null;
}
