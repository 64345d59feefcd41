// The event stream: every recorded engine event as an ftrace-like monospace line, warnings and
// failures highlighted, filterable by CPU, device, domain, kind and problems, virtualized, and
// following the tail unless the user scrolled up. The events stay in the worker: this list
// asks for the rows it shows (events-source.ts), so millions of them cost the page nothing.
import { useEffect, useRef, useState } from 'react';
import { useFixedRows } from '../fixed-rows';
import { NO_FILTER, type EventFilter, type EventRow } from '../../sim/engine/event_query';
import { uiStore, useUi } from '../store';
import { parseCpuList } from './event-format';
import { useEventRows } from './events-source';
import './views.css';
import './event-log.css';

const ROW = 18;

export function EventLog() {
  const devices = useUi((s) => s.snapshot?.devices);
  const domains = useUi((s) => s.snapshot?.domains);
  const hover = useUi((s) => s.hover);
  const [cpuText, setCpuText] = useState('');
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
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

  const cpuBad = parseCpuList(cpuText) === undefined;
  const filtered = filter !== NO_FILTER && JSON.stringify(filter) !== JSON.stringify(NO_FILTER);

  return (
    <section className="irq-view ev" aria-label="Event stream">
      <header className="irq-view-head ev-head">
        <h2 title="The kernel's tracepoints (irq_matrix_*, ITS, Xen) and WARN/pr_err messages the engine hit, in order.">Events</h2>
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
      <div ref={rows.ref} className="ev-scroll irq-mono" role="log" aria-label="Events" aria-live="off" tabIndex={0} onScroll={onScroll}>
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
                style={{ transform: `translateY(${rows.top(index)}px)`, height: ROW }}
                onPointerEnter={() => hoverRow(e, scrolledAt.current)}
                onPointerLeave={() => {
                  const h = uiStore.getState().hover;
                  if (h.cpu !== null || h.irq !== null) uiStore.getState().setHover(null);
                }}
              >
                {e.line}
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
