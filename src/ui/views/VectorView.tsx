// The heart of the screen: the x86 vector space (per-CPU vector grid), or on arm64 the LPI
// space and ITS event maps; with Xen, the event channels.
import { useUi } from '../store';
import { Legend } from '../theme/Legend';
import { LpiView } from './LpiView';
import { VectorGrid } from './VectorGrid';
import { XenChannels } from './XenChannels';
import './views.css';
import './vector-grid.css';
import './lpi-xen.css';

export interface VectorViewProps {
  /** Show the colour legend under the grid (off when the page places the Legend itself). */
  legend?: boolean;
}

export function VectorView({ legend = false }: VectorViewProps) {
  const hasVectors = useUi((s) => !!s.snapshot?.vectors);
  const v = useUi((s) => s.snapshot?.vectors);
  const lpis = useUi((s) => s.snapshot?.lpis);
  const xen = useUi((s) => s.snapshot?.xenState);
  const has = useUi((s) => !!s.snapshot);
  const title = hasVectors ? 'Vector space' : lpis ? 'LPIs and ITS devices' : xen ? 'Xen event channels' : 'Vector space';
  return (
    <section className="irq-view vv" aria-label={title}>
      <header className="irq-view-head">
        <h2>{title}</h2>
        {v && (
          <p className="irq-muted irq-stats" title="The matrix allocator's global counters, as /sys/kernel/debug/irq/domains/VECTOR prints them.">
            {v.allocator === 'matrix' ? 'matrix' : 'legacy allocator'} · online maps {v.onlineMaps} · available{' '}
            {v.globalAvailable} · reserved {v.globalReserved} · allocated {v.totalAllocated}
          </p>
        )}
      </header>
      {!has && <p className="irq-muted">Waiting for the engine…</p>}
      {hasVectors && <VectorGrid />}
      {hasVectors && legend && <Legend only={['free', 'exception', 'system', 'legacy', 'reservedManaged', 'allocatedManaged', 'allocated', 'moving', 'flash']} />}
      {lpis && <LpiView lpis={lpis} />}
      {xen && <XenChannels xen={xen} />}
    </section>
  );
}
