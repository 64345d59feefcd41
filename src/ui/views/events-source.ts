// Where the event log gets its rows: by default the engine worker, which holds the events
// (a page-local source can stand in, as the views harness does). useEventRows asks for the
// rows around the visible window whenever the window, the filter or the recorded events
// change, one request at a time (the newest wins), and keeps the last answer meanwhile.
import { useEffect, useRef, useState } from 'react';
import type { EventFilter, EventRow, EventRowsAnswer, EventRowsQuery } from '../../sim/engine/event_query';
import { requestEvents } from '../engine/actions';
import { useUi } from '../store';

export type EventRowsSource = (q: EventRowsQuery) => Promise<EventRowsAnswer | null>;

let source: EventRowsSource = requestEvents;

/** Replaces where rows come from (the views harness; tests). */
export function setEventRowsSource(s: EventRowsSource): void {
  source = s;
}

/** Rows fetched around the window, so small scrolls need no new answer. */
const MARGIN = 60;
const TAIL = 200;

export interface EventRowsView {
  /** Rows matching the filter. */
  total: number;
  /** Events up to the position shown, unfiltered. */
  all: number;
  kinds: string[];
  dropped: number;
  complete: boolean;
  row(index: number): EventRow | undefined;
}

export function useEventRows(filter: EventFilter, range: { start: number; end: number }, tail: boolean): EventRowsView {
  const counts = useUi((s) => s.snapshot?.events);
  const [answer, setAnswer] = useState<EventRowsAnswer | null>(null);
  const inFlight = useRef(false);
  const wanted = useRef<EventRowsQuery | null>(null);
  const live = useRef(true);
  const [retry, setRetry] = useState(0);

  const visibleEnd = counts?.visibleEnd ?? 0;
  const start = counts?.start ?? 0;
  const query: EventRowsQuery = tail
    ? { filter, from: -1, count: Math.max(TAIL, range.end - range.start + MARGIN) }
    : { filter, from: Math.max(0, range.start - MARGIN), count: range.end - range.start + 2 * MARGIN };
  const key = `${visibleEnd}|${start}|${retry}|${JSON.stringify(query)}`;

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    if (!counts) return;
    wanted.current = query;
    if (inFlight.current) return;
    const ask = (q: EventRowsQuery): void => {
      inFlight.current = true;
      void source(q).then((a) => {
        inFlight.current = false;
        if (!live.current) return;
        if (a) setAnswer(a);
        const next = wanted.current;
        if (next && next !== q) ask(next);
        else if (a && !a.complete) setTimeout(() => live.current && setRetry((n) => n + 1), 60);
      });
    };
    ask(query);
    // `query` is rebuilt every render; `key` says when it really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const all = Math.max(0, visibleEnd - start);
  return {
    total: answer?.total ?? 0,
    all,
    kinds: answer?.kinds ?? [],
    dropped: answer?.dropped ?? counts?.dropped ?? 0,
    complete: answer?.complete ?? true,
    row(index) {
      if (!answer) return undefined;
      const i = index - answer.from;
      return i >= 0 && i < answer.rows.length ? answer.rows[i] : undefined;
    },
  };
}
