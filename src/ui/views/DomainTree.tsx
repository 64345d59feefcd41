// The IRQ domain hierarchy (VECTOR, remapping, PCI-MSI, IO-APIC; GIC, ITS; Xen) with mapcounts;
// the selected irq's chain of irq_data is highlighted with the hwirq at each level.
import { useMemo, useRef, useState } from 'react';
import { uiStore, useUi } from '../store';
import { chainLevels, hexHwirq, layoutDomains } from './domain-layout';
import { irqIndex } from './irq-index';
import './views.css';
import './domain-tree.css';

const ROW = 24;
const INDENT = 16;

export function DomainTree() {
  const domains = useUi((s) => s.snapshot?.domains);
  const textViews = useUi((s) => s.snapshot?.textViews);
  const selected = useUi((s) => s.selectedIrq);
  const hoverIrq = useUi((s) => s.hover.irq);
  const hoverDomain = useUi((s) => s.hover.domain);
  const snapshot = useUi((s) => s.snapshot);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const selRow = snapshot && selected !== null ? irqIndex(snapshot).get(selected) : undefined;
  const keepKey = selRow?.levels.map((l) => l.domain).join('\n') ?? '';
  // The layout depends on the names and parents only: a step that changes mapcounts (most of
  // them) reuses it; the counts are read from the current rows.
  const structure = useMemo(() => (domains ?? []).map((d) => `${d.name}\u0001${d.parent ?? ''}`).join('\n'), [domains]);
  const latest = useRef(domains);
  latest.current = domains;
  const layout = useMemo(
    () => layoutDomains(latest.current ?? [], { expanded, keep: new Set(keepKey ? keepKey.split('\n') : []) }),
    [structure, expanded, keepKey],
  );
  const rowOf = useMemo(() => new Map((domains ?? []).map((d) => [d.name, d])), [domains]);
  const hovRow = snapshot && hoverIrq !== null && hoverIrq !== selected ? irqIndex(snapshot).get(hoverIrq) : undefined;
  const chain = chainLevels(selRow?.levels);
  const hovChain = chainLevels(hovRow?.levels);

  function open(name: string): void {
    const path = `/sys/kernel/debug/irq/domains/${name}`;
    if (!textViews || textViews.includes(path)) uiStore.getState().setTextPath(path);
  }

  const height = layout.nodes.length * ROW;
  return (
    <section className="irq-view dt" aria-label="IRQ domains">
      <header className="irq-view-head">
        <h2 title="An IRQ domain translates a hardware interrupt number (hwirq) of one controller into a Linux irq; domains stack from the device towards the CPU.">
          IRQ domains
        </h2>
        {domains && domains.length > 0 && <p className="irq-muted irq-stats">{layout.total}</p>}
        {expanded.size > 0 && (
          <button type="button" className="irq-link" onClick={() => setExpanded(new Set())}>
            fold long lists
          </button>
        )}
      </header>
      {!domains && <p className="irq-muted">Waiting for the engine…</p>}
      {domains && domains.length === 0 && <p className="irq-muted">No IRQ domains at this state.</p>}
      {domains && (
        <div className="dt-scroll">
        <div className="dt-tree" style={{ height }}>
          <svg className="dt-links" width="100%" height={height} aria-hidden="true">
            {layout.nodes.map((n) => {
              if (n.parentRow < 0) return null;
              const p = layout.nodes[n.parentRow];
              const x0 = p.depth * INDENT + 6;
              const y0 = p.row * ROW + ROW / 2 + 5;
              const x1 = n.depth * INDENT + 2;
              const y1 = n.row * ROW + ROW / 2;
              const on = chain.has(n.name) && chain.has(p.name);
              const hov = hovChain.has(n.name) && hovChain.has(p.name);
              return (
                <path
                  key={n.name}
                  d={`M${x0},${y0} V${y1} H${x1}`}
                  className={on ? 'dt-link is-chain' : hov ? 'dt-link is-hover' : 'dt-link'}
                />
              );
            })}
          </svg>
          <ul className="dt-list" role="tree" aria-label="IRQ domain hierarchy">
            {layout.nodes.map((n) => {
              if (n.more) {
                return (
                  <li key={n.name} role="none" className="dt-node dt-more" style={{ top: n.row * ROW, paddingLeft: n.depth * INDENT + 10 }}>
                    <button
                      type="button"
                      className="irq-link"
                      onClick={() => setExpanded((e) => new Set(e).add(n.foldOf))}
                    >
                      +{n.more} more {n.foldOf ? `under ${n.foldOf}` : 'domains'}
                    </button>
                  </li>
                );
              }
              const level = chain.get(n.name);
              const cls = ['dt-node'];
              if (level) cls.push('is-chain');
              else if (hovChain.has(n.name) || hoverDomain === n.name) cls.push('is-hover');
              return (
                <li
                  key={n.name}
                  role="treeitem"
                  aria-level={n.depth + 1}
                  aria-selected={!!level}
                  aria-expanded={n.children ? true : undefined}
                  className={cls.join(' ')}
                  style={{ top: n.row * ROW, paddingLeft: n.depth * INDENT + 10 }}
                >
                  <button
                    type="button"
                    className="dt-name irq-mono"
                    title={`Show /sys/kernel/debug/irq/domains/${n.name}`}
                    onClick={() => open(n.name)}
                    onPointerEnter={() => uiStore.getState().setHover({ domain: n.name })}
                    onPointerLeave={() => uiStore.getState().setHover({ domain: null })}
                  >
                    {n.name}
                  </button>
                  <span className="dt-count irq-mono" title="mapcount: interrupts this domain has mapped">
                    {rowOf.get(n.name)?.mapcount ?? n.mapcount}
                  </span>
                  {level && (
                    <span className="dt-hwirq irq-mono" title={`irq_data at this level: chip ${level.chip}`}>
                      hwirq {hexHwirq(level.hwirq)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
        </div>
      )}
      {selRow && (
        <div className="dt-chain" aria-label={`Chain of irq ${selRow.irq}`} role="group">
          <h3>
            irq {selRow.irq}
            {selRow.name ? <span className="irq-mono"> {selRow.name}</span> : null}
            <button type="button" className="irq-link" onClick={() => uiStore.getState().selectIrq(null)} aria-label="Clear the selected irq">
              ×
            </button>
          </h3>
          <ol className="irq-mono">
            {selRow.levels.map((l, i) => (
              <li key={i}>
                <span className="dt-chain-domain">{l.domain}</span> hwirq {hexHwirq(l.hwirq)} <span className="irq-muted">chip {l.chip}</span>
              </li>
            ))}
          </ol>
          <p className="irq-muted irq-mono">
            affinity {selRow.affinity} · effective {selRow.effective}
            {selRow.vector >= 0 ? ` · vector ${hexHwirq(selRow.vector)} on CPU ${selRow.cpu}` : ''}
            {selRow.managed ? ' · managed' : ''}
          </p>
        </div>
      )}
    </section>
  );
}
