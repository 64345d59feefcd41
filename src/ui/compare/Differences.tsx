// Compare mode's right column: where the two kernels first part ways, which counters differ at
// the step shown (highlighted), which CPUs' vector counters differ, the vector cells that
// differ, and the descriptors only one side holds.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { divergesAt, differingSteps } from '../../sim/compare/compare';
import { seek } from '../engine/actions';
import type { CompareSide } from '../engine/compare';
import { useUi } from '../store';
import { DiffGrid } from './DiffGrid';
import { channelDiffs, counterRows, cpuVectorDiffs, formatRuns, lpiAllocatedRuns, rangesOnlyIn, vectorCellDiff } from './diff';

function outcomeText(o: { ok: boolean; error?: string; message?: string } | undefined): string {
  if (!o) return 'not run';
  if (o.ok) return 'ok';
  return `refused ${o.error ?? ''}${o.message ? `: ${o.message}` : ''}`;
}

export function Differences({ side, labelA }: { side: CompareSide; labelA: string }) {
  const a = useUi((s) => s.snapshot);
  const outA = useUi((s) => s.outcomes);
  const b = useStore(side.store, (s) => s.snapshot);
  const outB = useStore(side.store, (s) => s.outcomes);
  const steps = useUi((s) => s.scenario?.steps);
  const first = useMemo(() => divergesAt(outA, outB), [outA, outB]);
  const differing = useMemo(() => differingSteps(outA, outB), [outA, outB]);
  const rows = useMemo(() => (a && b ? counterRows(a, b, outA, outB) : []), [a, b, outA, outB]);
  const cpus = useMemo(() => (a && b ? cpuVectorDiffs(a, b) : []), [a, b]);
  const cells = useMemo(() => (a && b ? vectorCellDiff(a, b) : null), [a, b]);
  const onlyA = useMemo(() => (a && b ? rangesOnlyIn(a.descriptors.ranges, b.descriptors.ranges) : []), [a, b]);
  const onlyB = useMemo(() => (a && b ? rangesOnlyIn(b.descriptors.ranges, a.descriptors.ranges) : []), [a, b]);
  const lpis = useMemo(() => {
    if (!a?.lpis || !b?.lpis) return null;
    const la = lpiAllocatedRuns(a);
    const lb = lpiAllocatedRuns(b);
    return { onlyA: rangesOnlyIn(la, lb), onlyB: rangesOnlyIn(lb, la) };
  }, [a, b]);
  const channels = useMemo(() => (a && b ? channelDiffs(a, b) : []), [a, b]);
  const labelB = side.label;
  if (!a || !b) return <section className="irq-view cmp-diff" aria-label="Differences"><p className="irq-muted">Both kernels are replaying…</p></section>;
  const step = first !== null ? steps?.[first] : undefined;
  return (
    <section className="irq-view cmp-diff" aria-label="Differences">
      <header className="irq-view-head">
        <h2>Differences</h2>
        <p className="irq-muted irq-stats">
          {labelA} vs {labelB}
        </p>
      </header>
      {first === null ? (
        <p className="cmp-same" role="status">
          Every step so far has the same outcome under both kernels.
        </p>
      ) : (
        <div className="cmp-first" role="status" aria-label="First divergence">
          <p>
            <strong>First differs at step {first + 1}</strong>
            {step ? <span className="irq-mono"> ({step.do})</span> : null}
            {differing.length > 1 ? <span className="irq-muted"> · {differing.length} steps differ in all</span> : null}
          </p>
          <p className="irq-mono small">
            Kernel {labelA}: {outcomeText(outA[first])}
          </p>
          <p className="irq-mono small">
            Kernel {labelB}: {outcomeText(outB[first])}
          </p>
          <button type="button" onClick={() => void seek(first + 1)}>
            Go to step {first + 1}
          </button>
        </div>
      )}
      <table className="cmp-table" aria-label={`Counters after step ${a.at}`}>
        <thead>
          <tr>
            <th scope="col">after step {a.at}</th>
            <th scope="col">{labelA}</th>
            <th scope="col">{labelB}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className={r.differs ? 'is-diff' : ''} aria-label={r.differs ? `${r.name} differs` : r.name}>
              <th scope="row">{r.name}</th>
              <td className="irq-mono">{r.a}</td>
              <td className="irq-mono">{r.b}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cpus.length > 0 && (
        <details className="cmp-cpus">
          <summary>
            {cpus.length} CPU{cpus.length === 1 ? '' : 's'} with different vector counters
          </summary>
          <ul className="irq-mono small">
            {cpus.slice(0, 64).map((c) => (
              <li key={c.cpu}>
                CPU {c.cpu}: avl {c.a.available}/{c.b.available} · act {c.a.allocated}/{c.b.allocated} · man {c.a.managed}/{c.b.managed}
              </li>
            ))}
            {cpus.length > 64 ? <li>… {cpus.length - 64} more</li> : null}
          </ul>
        </details>
      )}
      {cells && <DiffGrid {...cells} />}
      {(onlyA.length > 0 || onlyB.length > 0) && (
        <div className="cmp-ranges small">
          {onlyA.length > 0 && (
            <p>
              Descriptors only under {labelA}: <span className="irq-mono">{formatRuns(onlyA)}</span>
            </p>
          )}
          {onlyB.length > 0 && (
            <p>
              Descriptors only under {labelB}: <span className="irq-mono">{formatRuns(onlyB)}</span>
            </p>
          )}
        </div>
      )}
      {lpis && (lpis.onlyA.length > 0 || lpis.onlyB.length > 0) && (
        <div className="cmp-ranges small" aria-label="LPIs that differ">
          {lpis.onlyA.length > 0 && (
            <p>
              LPIs only under {labelA}: <span className="irq-mono">{formatRuns(lpis.onlyA, 6, 'LPI')}</span>
            </p>
          )}
          {lpis.onlyB.length > 0 && (
            <p>
              LPIs only under {labelB}: <span className="irq-mono">{formatRuns(lpis.onlyB, 6, 'LPI')}</span>
            </p>
          )}
        </div>
      )}
      {channels.length > 0 && (
        <details className="cmp-cpus">
          <summary>
            {channels.length} event channel{channels.length === 1 ? '' : 's'} bound differently
          </summary>
          <ul className="irq-mono small">
            {channels.slice(0, 64).map((c) => (
              <li key={c.port}>
                port {c.port}: {c.a} / {c.b}
              </li>
            ))}
            {channels.length > 64 ? <li>… {channels.length - 64} more</li> : null}
          </ul>
        </details>
      )}
    </section>
  );
}
