// The event stream: every engine event as an ftrace-like monospace line, warnings and failures
// highlighted, filterable by CPU, device, domain and kind, virtualized (100,000 lines stay
// smooth), following the tail unless the user scrolled up.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { INITIAL_RECT, observeRectAsync, oncePerFrame } from '../virtual';
import type { IrqRow, StampedEvent } from '../../sim/snapshot';
import { uiStore, useUi } from '../store';
import { irqIndex } from './irq-index';
import {
  FilteredIndex,
  NO_FILTER,
  formatEvent,
  isNoFilter,
  parseCpuList,
  severity,
  type EventFilter,
  type FilterContext,
} from './event-format';
import './views.css';
import './event-log.css';

const ROW = 18;

function useFilterContext(): FilterContext {
  const snapshot = useUi((s) => s.snapshot);
  const scenario = useUi((s) => s.scenario);
  return useMemo<FilterContext>(() => {
    const irqs: Map<number, IrqRow> = snapshot ? irqIndex(snapshot) : new Map();
    const its = new Map<number, string>();
    for (const d of snapshot?.lpis?.devices ?? []) its.set(d.deviceId, d.id);
    const steps = scenario?.steps ?? [];
    return {
      stepDevice(step) {
        const s = steps[step] as Record<string, unknown> | undefined;
        if (!s) return null;
        if (s.do === 'device.add' || s.do === 'device.remove') return typeof s.id === 'string' ? s.id : null;
        return typeof s.device === 'string' ? s.device : null;
      },
      irqDevice: (irq) => irqs.get(irq)?.device ?? null,
      irqDomains: (irq) => irqs.get(irq)?.levels.map((l) => l.domain) ?? [],
      itsDevice: (id) => its.get(id) ?? null,
    };
  }, [snapshot, scenario]);
}

function kindsOf(events: readonly StampedEvent[], cache: { n: number; first: unknown; set: Set<string> }): string[] {
  if (cache.first !== events[0] || events.length < cache.n) {
    cache.set = new Set();
    cache.n = 0;
  }
  for (let i = cache.n; i < events.length; i++) cache.set.add(events[i].type);
  cache.n = events.length;
  cache.first = events[0];
  return [...cache.set].sort();
}

export function EventLog() {
  const events = useUi((s) => s.events);
  const devices = useUi((s) => s.snapshot?.devices);
  const domains = useUi((s) => s.snapshot?.domains);
  const hover = useUi((s) => s.hover);
  const ctx = useFilterContext();
  const [cpuText, setCpuText] = useState('');
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const filtered = useRef(new FilteredIndex());
  const kindCache = useRef({ n: 0, first: undefined as unknown, set: new Set<string>() });
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  /** Rows sliding under a still pointer while scrolling do not count as hovering. */
  const scrolledAt = useRef(0);
  const [following, setFollowing] = useState(true);

  const noFilter = isNoFilter(filter);
  const idx = noFilter ? null : filtered.current.update(events, filter, ctx);
  const count = idx ? idx.length : events.length;
  const kinds = kindsOf(events, kindCache.current);

  const virt = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 24,
    observeElementRect: observeRectAsync,
    initialRect: INITIAL_RECT,
  });
  const [inNextFrame] = useState(oncePerFrame);

  // Follow the tail while the user has not scrolled up (after the frame's layout, not in
  // the commit that added the lines).
  useEffect(() => {
    if (follow.current && count > 0) inNextFrame(() => virt.scrollToIndex(count - 1, { align: 'end' }));
  }, [count, virt, inNextFrame]);

  function onScroll(): void {
    scrolledAt.current = performance.now();
    const el = scrollRef.current;
    if (!el) return;
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 2;
    if (atEnd !== follow.current) {
      follow.current = atEnd;
      setFollowing(atEnd);
    }
  }

  function set(patch: Partial<EventFilter>): void {
    setFilter((f) => ({ ...f, ...patch }));
  }

  const cpuBad = parseCpuList(cpuText) === undefined;
  const hoverCpu = hover.cpu;
  const hoverVec = hover.vector;

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
                if (c !== undefined) set({ cpus: c });
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
          <label>
            domain
            <select value={filter.domain ?? ''} onChange={(e) => set({ domain: e.target.value || null })}>
              <option value="">any</option>
              {(domains ?? []).map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            kind
            <select value={filter.kind ?? ''} onChange={(e) => set({ kind: e.target.value || null })}>
              <option value="">any</option>
              {kinds.map((k) => (
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
            {noFilter ? `${events.length} events` : `${count} of ${events.length}`}
          </span>
          {!following && count > 0 && (
            <button
              type="button"
              onClick={() => {
                follow.current = true;
                setFollowing(true);
                virt.scrollToIndex(count - 1, { align: 'end' });
              }}
            >
              Follow
            </button>
          )}
        </div>
      </header>
      <div ref={scrollRef} className="ev-scroll irq-mono" role="log" aria-label="Events" aria-live="off" tabIndex={0} onScroll={onScroll}>
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((item) => {
            const e = events[idx ? idx[item.index] : item.index];
            if (!e) return null;
            const sev = severity(e);
            const touched =
              hoverCpu !== null &&
              (e as { cpu?: number }).cpu === hoverCpu &&
              (hoverVec === null || (e as { bit?: number }).bit === hoverVec);
            const cls = 'ev-row' + (sev !== 'normal' ? ' ev-' + sev : '') + (touched ? ' is-hover' : '');
            return (
              <div
                key={item.key}
                className={cls}
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                onPointerEnter={() => {
                  if (performance.now() - scrolledAt.current < 200) return;
                  const cpu = (e as { cpu?: number }).cpu;
                  const bit = (e as { bit?: number }).bit;
                  if (cpu !== undefined && bit !== undefined) {
                    const s = uiStore.getState().snapshot;
                    const owner = s?.vectors ? s.vectors.owner[cpu * s.vectors.nrVectors + bit] : -1;
                    uiStore.getState().setHover({ cpu, vector: bit, irq: owner >= 0 ? owner : null });
                  }
                }}
                onPointerLeave={() => {
                  const h = uiStore.getState().hover;
                  if (h.cpu !== null || h.irq !== null) uiStore.getState().setHover(null);
                }}
              >
                {formatEvent(e)}
              </div>
            );
          })}
        </div>
        {count === 0 && <p className="irq-muted ev-empty">{events.length ? 'No event matches the filters.' : 'No events yet.'}</p>}
      </div>
    </section>
  );
}
