// The event stream: every recorded engine event as an ftrace-like monospace line, warnings and
// failures highlighted, filterable by CPU, device, domain, kind and problems, virtualized, and
// following the tail unless the user scrolled up. The events stay in the worker: this list
// asks for the rows it shows (events-source.ts), so millions of them cost the page nothing.
// A text search filters in the worker and its matches are marked in the rows; "only IRQ N"
// follows the selected interrupt. A row cut at the pane's edge shows whole while hovered or
// focused (arrow keys move the focus from row to row), and the pane can be maximised.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useFixedRows } from '../fixed-rows';
import { NO_FILTER, type EventFilter, type EventRow } from '../../sim/engine/event_query';
import { uiStore, useUi } from '../store';
import { parseCpuList } from './event-format';
import { useEventRows } from './events-source';
import { EVENTS_FTRACE_PATH } from '../../sim/engine/export_paths';
import { TextActions } from '../import/TextActions';
import { MaximiseButton, useIsMaximised } from './Maximise';
import './views.css';
import './event-log.css';

const ROW = 18;

export function EventLog() {
  const devices = useUi((s) => s.snapshot?.devices);
  const domains = useUi((s) => s.snapshot?.domains);
  const hover = useUi((s) => s.hover);
  const [cpuText, setCpuText] = useState('');
  const [base, setFilter] = useState<EventFilter>(NO_FILTER);
  const selectedIrq = useUi((s) => s.selectedIrq);
  const [onlyIrq, setOnlyIrq] = useState(false);
  const [search, setSearch] = useState('');
  const maximised = useIsMaximised('events');
  const filter: EventFilter = onlyIrq && selectedIrq !== null ? { ...base, irq: selectedIrq } : base;
  const [active, setActive] = useState(-1);
  const scroller = useRef<HTMLDivElement | null>(null);
  const follow = useRef(true);
  /** Rows sliding under a still pointer while scrolling do not count as hovering. */
  const scrolledAt = useRef(0);
  const [following, setFollowing] = useState(true);
  const [count, setCount] = useState(0);
  const rows = useFixedRows(count, ROW, 24);
  const data = useEventRows(filter, { start: rows.start, end: rows.end }, following);
  if (data.total !== count) setCount(data.total);

  // Follow the tail while the user has not scrolled up (in the next frame, after layout).
  const { scrollToIndex } = rows;
  useEffect(() => {
    if (follow.current && count > 0) scrollToIndex(count - 1, 'end');
  }, [count, scrollToIndex]);

  const atEnd = rows.atEnd;
  function onScroll(): void {
    scrolledAt.current = performance.now();
    rows.onScroll();
  }
  useEffect(() => {
    if (atEnd !== follow.current) {
      follow.current = atEnd;
      setFollowing(atEnd);
    }
  }, [atEnd]);

  function set(patch: Partial<EventFilter>): void {
    setFilter((f) => ({ ...f, ...patch }));
  }

  // The text filter runs in the worker; typing waits a moment before asking.
  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => (f.text === (search.trim() || null) ? f : { ...f, text: search.trim() || null })), 150);
    return () => clearTimeout(t);
  }, [search]);

  const { ref: rowsRef } = rows;
  const setScroller = useCallback(
    (n: HTMLDivElement | null) => {
      scroller.current = n;
      rowsRef(n);
    },
    [rowsRef],
  );
  // A new filter is a new list: the focused row of the old one means nothing in it.
  const filterKey = JSON.stringify(filter);
  useEffect(() => setActive(-1), [filterKey]);

  // Keyboard: the arrow keys move a focused row, which shows its whole line.
  const { scrollToIndex: scrollRowTo } = rows;
  useEffect(() => {
    if (active < 0) return;
    scrollRowTo(active, 'auto');
  }, [active, scrollRowTo]);
  useEffect(() => {
    if (active < 0) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (el && document.activeElement !== el && scroller.current?.contains(document.activeElement)) el.focus({ preventScroll: true });
  });
  function onKeyDown(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 200) / ROW) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let next: number | null = null;
    if (e.key in moves) next = (active < 0 ? (moves[e.key] > 0 ? rows.start - 1 : rows.end) : active) + moves[e.key];
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    if (next === null || count === 0) return;
    e.preventDefault();
    setActive(Math.max(0, Math.min(count - 1, next)));
  }

  const cpuBad = parseCpuList(cpuText) === undefined;
  const filtered = filter !== NO_FILTER && JSON.stringify(filter) !== JSON.stringify(NO_FILTER);

  return (
    <section className="irq-view ev" aria-label="Event stream" data-maximised={maximised ? 'screen' : undefined}>
      <header className="irq-view-head ev-head">
        <h2 title="The kernel's tracepoints (irq_matrix_*, ITS, Xen) and WARN/pr_err messages the engine hit, in order.">Events</h2>
        <span className="ev-tools">
          <TextActions path={EVENTS_FTRACE_PATH} disabled={data.all === 0} />
          <MaximiseButton pane="events" on={maximised} what="event log" />
        </span>
        <div className="ev-filters" role="group" aria-label="Event filters">
          <label>
            CPU
            <input
              className="irq-mono"
              value={cpuText}
              size={6}
              placeholder="any"
              aria-invalid={cpuBad}
              title="A CPU list as the kernel writes them, e.g. 0-3,8"
              onChange={(e) => {
                setCpuText(e.target.value);
                const c = parseCpuList(e.target.value);
                if (c !== undefined) set({ cpus: c ? [...c] : null });
              }}
            />
          </label>
          <label>
            device
            <select value={filter.device ?? ''} onChange={(e) => set({ device: e.target.value || null })}>
              <option value="">any</option>
              {(devices ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.id}
                </option>
              ))}
            </select>
          </label>
          <DomainFilter names={domains?.map((d) => d.name) ?? []} value={filter.domain} onChange={(domain) => set({ domain })} />
          <label>
            kind
            <select value={filter.kinds?.[0] ?? ''} onChange={(e) => set({ kinds: e.target.value ? [e.target.value] : null })}>
              <option value="">any</option>
              {data.kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={filter.problemsOnly} onChange={(e) => set({ problemsOnly: e.target.checked })} />
            problems only
          </label>
          <label title={selectedIrq === null ? 'Select an interrupt (a device chip, a vector or a domain row) to filter to it' : `Only the events of irq ${selectedIrq}`}>
            <input type="checkbox" checked={onlyIrq && selectedIrq !== null} disabled={selectedIrq === null} onChange={(e) => setOnlyIrq(e.target.checked)} />
            {selectedIrq === null ? 'only the selected IRQ' : `only IRQ ${selectedIrq}`}
          </label>
          <label>
            <span className="irq-sr-only">Search the events</span>
            <input
              type="search"
              className="irq-mono"
              size={14}
              placeholder="search"
              value={search}
              title="Keep the events whose line contains this text (any case); matches are marked"
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && search) {
                  e.preventDefault();
                  setSearch('');
                }
              }}
            />
          </label>
          <span className="irq-muted ev-count" aria-live="off">
            {filtered ? `${count} of ${data.all}` : `${data.all} events`}
            {data.dropped > 0 ? ` (${data.dropped} oldest dropped)` : ''}
            {data.complete ? '' : ' · searching…'}
          </span>
          {!following && count > 0 && (
            <button
              type="button"
              onClick={() => {
                follow.current = true;
                setFollowing(true);
                rows.scrollToIndex(count - 1, 'end');
              }}
            >
              Follow
            </button>
          )}
        </div>
      </header>
      <div
        ref={setScroller}
        className="ev-scroll irq-mono"
        role="log"
        aria-label="Events"
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: rows.height, position: 'relative' }}>
          {range(rows.start, rows.end).map((index) => {
            const e = data.row(index);
            if (!e) return null;
            const touched = hover.cpu !== null && e.cpu === hover.cpu && (hover.vector === null || e.bit === hover.vector);
            const cls = 'ev-row' + (e.severity !== 'normal' ? ' ev-' + e.severity : '') + (touched ? ' is-hover' : '');
            return (
              <div
                key={index}
                className={cls}
                data-index={index}
                tabIndex={index === active ? 0 : -1}
                title={e.line}
                onFocus={() => setActive(index)}
                style={{ transform: `translateY(${rows.top(index)}px)`, minHeight: ROW }}
                onPointerEnter={() => hoverRow(e, scrolledAt.current)}
                onPointerLeave={() => {
                  const h = uiStore.getState().hover;
                  if (h.cpu !== null || h.irq !== null) uiStore.getState().setHover(null);
                }}
              >
                {marked(e.line, filter.text)}
              </div>
            );
          })}
        </div>
        {count === 0 && <p className="irq-muted ev-empty">{data.all ? 'No event matches the filters.' : 'No events yet.'}</p>}
      </div>
    </section>
  );
}

function hoverRow(e: EventRow, scrolledAt: number): void {
  if (performance.now() - scrolledAt < 200) return;
  if (e.cpu < 0 || e.bit < 0) return;
  const s = uiStore.getState().snapshot;
  const owner = s?.vectors ? s.vectors.owner[e.cpu * s.vectors.nrVectors + e.bit] : -1;
  uiStore.getState().setHover({ cpu: e.cpu, vector: e.bit, irq: owner >= 0 ? owner : null });
}

/** Up to this many domains are offered as a list; past it (a host with thousands of guests) the name is typed. */
const MAX_LISTED_DOMAINS = 200;

function DomainFilter({ names, value, onChange }: { names: string[]; value: string | null; onChange(d: string | null): void }) {
  const [text, setText] = useState(value ?? '');
  if (names.length <= MAX_LISTED_DOMAINS) {
    return (
      <label>
        domain
        <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">any</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const known = (t: string) => t === '' || names.includes(t);
  return (
    <label>
      domain
      <input
        className="irq-mono"
        list="ev-domains"
        size={14}
        placeholder="any"
        value={text}
        aria-invalid={!known(text)}
        title={`${names.length} domains: type a name (the first ${MAX_LISTED_DOMAINS} are suggested)`}
        onChange={(e) => {
          const t = e.target.value.trim();
          setText(e.target.value);
          if (known(t)) onChange(t || null);
        }}
      />
      <datalist id="ev-domains">
        {names.slice(0, MAX_LISTED_DOMAINS).map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </label>
  );
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/** `line` with the case-insensitive occurrences of `text` (the worker's text filter) in <mark>. */
function marked(line: string, text: string | null): ReactNode {
  if (!text) return line;
  const lower = line.toLowerCase();
  const needle = text.toLowerCase();
  const out: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) out.push(line.slice(at, i));
    out.push(
      <mark key={i} className="ev-hit">
        {line.slice(i, i + needle.length)}
      </mark>,
    );
    at = i + needle.length;
  }
  if (out.length === 0) return line;
  if (at < line.length) out.push(line.slice(at));
  return out;
}
