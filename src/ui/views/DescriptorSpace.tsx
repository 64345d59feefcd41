// The IRQ number line: allocated descriptors, nr_irqs, the cap of the descriptor policy and,
// with Xen, the GSI identity range and the dynamic range. Drawn on canvas.
import { useEffect, useRef, useState } from 'react';
import { useUi, useUiStore } from '../store';
import { usePalette } from '../theme/theme';
import { irqIndex } from './irq-index';
import type { DescriptorSnapshot } from '../../sim/snapshot';
import { detailLine, isAllocated, numberAt, numberLine, type NumberLine } from './numberline';
import { OX, ROW_H, drawNumberLine } from './numberline-draw';
import { frames } from './raf';
import { prepare } from './canvas-util';
import './views.css';
import './descriptor-space.css';

/** The overview line, plus a zoomed detail line when the overview squeezes the used part. */
function linesFor(desc: DescriptorSnapshot, width: number): NumberLine[] {
  const w = width - 2 * OX;
  const overview = numberLine(desc, w);
  const detail = detailLine(desc, overview, w);
  return detail ? [overview, detail] : [overview];
}

export function DescriptorSpace() {
  const uiStore = useUiStore();
  const desc = useUi((s) => s.snapshot?.descriptors);
  const selected = useUi((s) => s.selectedIrq);
  const hoverIrq = useUi((s) => s.hover.irq);
  const palette = usePalette();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [at, setAt] = useState<number | null>(null);
  const linesRef = useRef<NumberLine[] | null>(null);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c) return;
    // The observer's first callback follows the first layout: no synchronous layout read here.
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) setWidth(Math.round(box.width));
    });
    ro.observe(c);
    return () => ro.disconnect();
  }, [desc !== undefined]);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c || !desc || width <= 0) return;
    frames.schedule(c, () => {
      const lines = linesFor(desc, width);
      linesRef.current = lines;
      const ctx = prepare(c, width, lines.length * ROW_H, window.devicePixelRatio || 1);
      if (!ctx) return;
      ctx.clearRect(0, 0, width, lines.length * ROW_H);
      lines.forEach((line, i) =>
        drawNumberLine(ctx, desc, line, i * ROW_H, width, palette, {
          selected,
          hover: hoverIrq,
          showCap: i === 0,
          nrIrqsLabel: i === lines.length - 1,
          label: lines.length > 1 ? (i === 0 ? 'whole space' : `detail 0-${line.extent - 1}`) : null,
        }),
      );
    });
  }, [desc, width, palette, selected, hoverIrq]);

  function onMove(e: React.PointerEvent<HTMLCanvasElement>): void {
    const lines = linesRef.current;
    if (!lines || !desc) return;
    const r = e.currentTarget.getBoundingClientRect();
    const row = Math.min(lines.length - 1, Math.max(0, Math.floor((e.clientY - r.top) / ROW_H)));
    setAt(numberAt(lines[row], e.clientX - r.left - OX));
  }

  function onClick(): void {
    const s = uiStore.getState().snapshot;
    if (at !== null && s && irqIndex(s).has(at)) uiStore.getState().selectIrq(at);
  }

  const snap = uiStore.getState().snapshot;
  const atRow = at !== null && snap ? irqIndex(snap).get(at) : undefined;
  const line = desc && width > 0 ? numberLine(desc, width - 2 * OX) : null;
  const rows = desc && width > 0 ? linesFor(desc, width).length : 1;
  return (
    <section className="irq-view ds" aria-label="IRQ descriptors">
      <header className="irq-view-head">
        <h2 title="Every Linux irq number has a descriptor (struct irq_desc); this line shows which numbers are allocated.">IRQ descriptors</h2>
        {desc && (
          <p className="irq-muted irq-stats irq-mono">
            {desc.policy === 'bitmap' ? 'bitmap (before v6.5)' : 'maple tree (v6.5+)'} · allocated {desc.allocated} · nr_irqs{' '}
            {desc.nrIrqs} · {line ? line.capLabel : ''}
            {desc.gsiTop !== undefined && (
              <span title="Xen: IRQ numbers below nr_irqs_gsi equal the GSI (identity mapping for legacy and IO-APIC pins).">
                {' · '}
                <span className="ds-key" style={{ background: 'var(--irq-gsi-identity)' }} aria-hidden="true" />
                GSI identity 0-{desc.gsiTop - 1}
              </span>
            )}
            {desc.dynamicStart !== undefined && (
              <span title="Xen: event-channel IRQs are allocated dynamically from here up to nr_irqs.">
                {' · '}
                <span className="ds-key" style={{ background: 'var(--irq-xen-dynamic)' }} aria-hidden="true" />
                dynamic from {desc.dynamicStart}
              </span>
            )}
          </p>
        )}
      </header>
      {!desc && <p className="irq-muted">Waiting for the engine…</p>}
      {desc && (
        <>
          <canvas
            ref={canvasRef}
            className="ds-canvas"
            style={{ height: rows * ROW_H }}
            role="img"
            aria-label={`IRQ number line: ${desc.allocated} descriptors allocated, nr_irqs ${desc.nrIrqs}, ${line?.capLabel ?? ''}`}
            onPointerMove={onMove}
            onPointerLeave={() => setAt(null)}
            onClick={onClick}
          />
          <p className="ds-readout irq-mono" aria-live="off">
            {at === null
              ? '\u00a0'
              : `irq ${at}: ${isAllocated(desc.ranges, at) ? 'allocated' : 'free'}${atRow ? ` · ${atRow.name || '(no action)'}${atRow.device ? ' · ' + atRow.device : ''}` : ''}`}
          </p>
        </>
      )}
    </section>
  );
}
