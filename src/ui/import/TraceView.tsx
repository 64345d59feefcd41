// A recorded machine: the per-CPU vector state an ftrace capture rebuilds, scrubbed event by
// event (slider, step buttons, jumps to the next disagreement or gap), with the trace's own
// counters judged against the rebuild at the event shown and the totals of the whole capture.
import { useEffect, useMemo, useState } from 'react';
import { createSideStore, StoreContext } from '../store';
import { VectorGrid } from '../views/VectorGrid';
import { Legend } from '../theme';
import { Notes } from './ImportDialog';
import { STATUS_CODE, type TraceAt } from './protocol';
import { knownShare, traceSnapshot } from './trace-snapshot';
import { closeTrace, scrubTrace, traceStore, useTrace } from './trace-store';
import '../views/views.css';
import '../views/vector-grid.css';
import '../views/debugfs.css';
import './trace.css';

function statusText(at: TraceAt): string {
  const r = at.record;
  if (!r) return 'before the first event: nothing is known yet';
  switch (r.status) {
    case 'consistent':
      return `consistent: the ${r.checked} values it reports agree with the rebuilt state`;
    case 'inconsistent':
      return `inconsistent: ${r.mismatches.length} of the values it reports disagree with the rebuilt state`;
    case 'gap':
      return `gap: ${r.note ?? 'the rebuild lost track here'}`;
    case 'baseline':
      return `baseline: ${r.learned} values learnt (not known before, so not a check)${r.note ? `; ${r.note}` : ''}`;
  }
}

function nextOf(statuses: Uint8Array, from: number, dir: 1 | -1): number {
  for (let i = from + dir; i >= 0 && i < statuses.length; i += dir) {
    if (statuses[i] === STATUS_CODE.inconsistent || statuses[i] === STATUS_CODE.gap) return i;
  }
  return -1;
}

export function TraceView() {
  const summary = useTrace((s) => s.summary);
  const title = useTrace((s) => s.title);
  const at = useTrace((s) => s.at);
  const error = useTrace((s) => s.error);
  const side = useMemo(() => createSideStore(), []);
  useEffect(() => () => side.dispose(), [side]);
  useEffect(() => {
    if (at && summary) side.store.setState({ snapshot: traceSnapshot(at, summary.length) });
  }, [at, summary, side]);
  const [pos, setPos] = useState<number | null>(null);
  if (!summary) return null;
  const index = pos ?? at?.index ?? summary.length - 1;
  const go = (k: number) => {
    const c = Math.max(-1, Math.min(k, summary.length - 1));
    setPos(c);
    void scrubTrace(c);
  };
  const c = summary.counts;
  const share = at ? knownShare(at) : null;
  const nextProblem = nextOf(summary.statuses, index, 1);
  const prevProblem = nextOf(summary.statuses, index, -1);
  const r = at?.record ?? null;
  return (
    <main className="trace-view" aria-label="Recorded trace">
      <header className="trace-head">
        <h2>
          Recorded machine: <span className="irq-mono">{title}</span>
        </h2>
        <p className="trace-totals" aria-label="Trace totals">
          {c.events} events, {c.consistent} consistent, {c.inconsistent} inconsistent, {c.gaps} gaps
          {c.baseline ? ` · ${c.baseline} baseline (learnt, not checked)` : ''} · {summary.nrCpus} CPUs
        </p>
        <button type="button" onClick={closeTrace} title="Back to your scenario (it stayed loaded).">
          Close trace
        </button>
      </header>
      <div className="trace-scrub" role="toolbar" aria-label="Trace playback">
        <button type="button" onClick={() => go(-1)} disabled={index < 0} aria-label="First event">
          |◀
        </button>
        <button type="button" onClick={() => go(index - 1)} disabled={index < 0} aria-label="Previous event">
          ◀
        </button>
        <input
          type="range"
          min={-1}
          max={summary.length - 1}
          value={index}
          aria-label="Trace position"
          aria-valuetext={index < 0 ? 'before the first event' : `record ${index + 1} of ${summary.length} (events and holes)`}
          onChange={(e) => go(Number(e.target.value))}
        />
        <button type="button" onClick={() => go(index + 1)} disabled={index >= summary.length - 1} aria-label="Next event">
          ▶
        </button>
        <button type="button" onClick={() => go(summary.length - 1)} disabled={index >= summary.length - 1} aria-label="Last event">
          ▶|
        </button>
        <button type="button" onClick={() => go(prevProblem)} disabled={prevProblem < 0}>
          Previous problem
        </button>
        <button type="button" onClick={() => go(nextProblem)} disabled={nextProblem < 0}>
          Next problem
        </button>
        <span className="trace-position" aria-live="polite">
          {index < 0 ? `before record 1 of ${summary.length}` : `record ${index + 1} of ${summary.length}`}
        </span>
      </div>
      <Marks statuses={summary.statuses} index={index} onPick={go} />
      {error ? <p role="alert">{error}</p> : null}
      <div className="trace-body">
        <section className="trace-event" aria-label="Event shown">
          {at ? (
            <>
              <p className="irq-mono trace-line">{r ? `line ${r.line}: ${r.text.trim()}` : '(start of the capture)'}</p>
              <p className={`trace-status trace-${r?.status ?? 'none'}`} aria-label="Consistency at this event">
                {statusText(at)}
              </p>
              {r && r.mismatches.length ? (
                <table className="trace-mismatch" aria-label="Differences">
                  <thead>
                    <tr>
                      <th>field</th>
                      <th>CPU</th>
                      <th>trace says</th>
                      <th>rebuilt</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.mismatches.map((m, i) => (
                      <tr key={i}>
                        <td className="irq-mono">{m.field}</td>
                        <td>{m.cpu ?? ''}</td>
                        <td className="irq-mono">{String(m.trace)}</td>
                        <td className="irq-mono">{String(m.rebuilt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {share ? (
                <p className="irq-muted small">
                  The trace has shown {share.known} of {share.cells} external vector cells; the others are drawn free but are not known. CPUs the trace never showed offline are drawn online.
                </p>
              ) : null}
              <h3 className="small">domains/VECTOR as rebuilt</h3>
              <pre className="irq-mono trace-matrix" aria-label="Rebuilt VECTOR matrix">
                {at.matrixText}
              </pre>
            </>
          ) : (
            <p className="irq-muted">Rebuilding…</p>
          )}
          <details>
            <summary>About this capture</summary>
            <Notes notes={summary.notes} />
          </details>
        </section>
        <section className="irq-view vv trace-grid" aria-label="Vector space (recorded)">
          <StoreContext.Provider value={side.store}>
            <VectorGrid />
            <Legend only={['free', 'exception', 'system', 'reservedManaged', 'allocatedManaged', 'allocated']} />
          </StoreContext.Provider>
        </section>
      </div>
    </main>
  );
}

/** One mark per record, coloured by its status; clicking one jumps there. Many records are binned. */
function Marks({ statuses, index, onPick }: { statuses: Uint8Array; index: number; onPick(k: number): void }) {
  const bins = Math.min(statuses.length, 400);
  const per = statuses.length / bins;
  const marks = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor(b * per);
    const hi = Math.max(lo + 1, Math.floor((b + 1) * per));
    let worst = STATUS_CODE.consistent as number;
    for (let i = lo; i < hi; i++) {
      const s = statuses[i];
      if (s === STATUS_CODE.inconsistent) worst = s;
      else if (s === STATUS_CODE.gap && worst !== STATUS_CODE.inconsistent) worst = s;
      else if (s === STATUS_CODE.baseline && worst === STATUS_CODE.consistent) worst = s;
    }
    const name = ['consistent', 'inconsistent', 'gap', 'baseline'][worst];
    marks.push(<span key={b} className={`trace-mark trace-${name}${index >= lo && index < hi ? ' current' : ''}`} title={`events ${lo + 1}–${hi}: ${name}`} onClick={() => onPick(lo)} />);
  }
  return (
    <div className="trace-marks" aria-hidden="true">
      {marks}
    </div>
  );
}

export function useTraceOpen(): boolean {
  return useTrace((s) => s.summary !== null);
}

export { traceStore };
