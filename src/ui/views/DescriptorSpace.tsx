// The IRQ number line: allocated descriptors, nr_irqs, the cap of the descriptor policy and,
// with Xen, the GSI identity range and the dynamic range. Drawn on canvas.
import { useEffect, useRef, useState } from 'react';
import { uiStore, useUi } from '../store';
import { usePalette } from '../theme/theme';
import { irqIndex } from './irq-index';
import { isAllocated, numberAt, numberLine, segments, type NumberLine } from './numberline';
import { frames } from './raf';
import { prepare } from './vector-canvas';
import './views.css';

const H = 58;
const BAR_Y = 16;
const BAR_H = 16;

export function DescriptorSpace() {
  const desc = useUi((s) => s.snapshot?.descriptors);
  const selected = useUi((s) => s.selectedIrq);
  const hoverIrq = useUi((s) => s.hover.irq);
  const palette = usePalette();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [at, setAt] = useState<number | null>(null);
  const lineRef = useRef<NumberLine | null>(null);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c) return;
    const ro = new ResizeObserver(() => setWidth(c.clientWidth));
    ro.observe(c);
    setWidth(c.clientWidth);
    return () => ro.disconnect();
  }, [desc !== undefined]);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c || !desc || width <= 0) return;
    const key = c;
    frames.schedule(key, () => {
      const ctx = prepare(c, width, H, window.devicePixelRatio || 1);
      if (!ctx) return;
      const p = palette;
      const line = numberLine(desc, width - 8);
      lineRef.current = line;
      const ox = 4;
      ctx.clearRect(0, 0, width, H);
      const x = (n: number) => ox + line.scale(Math.min(n, line.extent));
      const linEnd = x(line.extent);
      // Xen: GSI identity range [0, gsiTop) and the dynamic range from nr_irqs_gsi.
      if (desc.gsiTop !== undefined) {
        ctx.fillStyle = p.swatch.reservedManaged;
        ctx.globalAlpha = 0.35;
        ctx.fillRect(x(0), BAR_Y - 6, x(desc.gsiTop) - x(0), 4);
        ctx.globalAlpha = 1;
      }
      if (desc.dynamicStart !== undefined) {
        ctx.fillStyle = p.swatch.moving;
        ctx.globalAlpha = 0.45;
        ctx.fillRect(x(desc.dynamicStart), BAR_Y - 6, linEnd - x(desc.dynamicStart), 4);
        ctx.globalAlpha = 1;
      }
      ctx.fillStyle = p.swatch.free;
      ctx.fillRect(ox, BAR_Y, linEnd - ox, BAR_H);
      ctx.fillStyle = p.swatch.allocated;
      for (const [a, b] of segments(line, desc.ranges)) ctx.fillRect(ox + a, BAR_Y, b - a, BAR_H);
      // nr_irqs marker.
      ctx.strokeStyle = p.fg;
      ctx.setLineDash([3, 2]);
      ctx.beginPath();
      const nx = Math.round(x(desc.nrIrqs)) + 0.5;
      if (desc.nrIrqs <= line.extent) {
        ctx.moveTo(nx, BAR_Y - 4);
        ctx.lineTo(nx, BAR_Y + BAR_H + 4);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      // Ticks.
      ctx.fillStyle = p.muted;
      ctx.font = "10px ui-monospace, 'DejaVu Sans Mono', monospace";
      ctx.textBaseline = 'top';
      for (const t of line.ticks) {
        const tx = x(t);
        ctx.fillRect(tx, BAR_Y + BAR_H, 1, 3);
        ctx.fillText(String(t), Math.min(tx + 2, width - 40), BAR_Y + BAR_H + 4);
      }
      // The cap: at the end of the axis (bitmap) or past a break (maple).
      ctx.fillStyle = p.fg;
      if (line.broken) {
        ctx.strokeStyle = p.muted;
        ctx.beginPath();
        for (const dx of [6, 11]) {
          ctx.moveTo(linEnd + dx - 3, BAR_Y + BAR_H + 3);
          ctx.lineTo(linEnd + dx + 3, BAR_Y - 3);
        }
        ctx.stroke();
        ctx.fillStyle = p.swatch.free;
        ctx.fillRect(linEnd + 16, BAR_Y, width - linEnd - 20, BAR_H);
      } else {
        ctx.fillRect(linEnd - 2, BAR_Y - 6, 2, BAR_H + 12);
      }
      const hi = (n: number | null, style: string) => {
        if (n === null || n >= line.extent) return;
        const hx = x(n);
        ctx.fillStyle = style;
        ctx.beginPath();
        ctx.moveTo(hx, BAR_Y);
        ctx.lineTo(hx - 5, BAR_Y - 8);
        ctx.lineTo(hx + 5, BAR_Y - 8);
        ctx.closePath();
        ctx.fill();
      };
      hi(hoverIrq, p.muted);
      hi(selected, p.selection);
    });
  }, [desc, width, palette, selected, hoverIrq]);

  function onMove(e: React.PointerEvent<HTMLCanvasElement>): void {
    const line = lineRef.current;
    if (!line || !desc) return;
    const r = e.currentTarget.getBoundingClientRect();
    setAt(numberAt(line, e.clientX - r.left - 4));
  }

  function onClick(): void {
    const s = uiStore.getState().snapshot;
    if (at !== null && s && irqIndex(s).has(at)) uiStore.getState().selectIrq(at);
  }

  const snap = uiStore.getState().snapshot;
  const atRow = at !== null && snap ? irqIndex(snap).get(at) : undefined;
  const line = desc && width > 0 ? numberLine(desc, width - 8) : null;
  return (
    <section className="irq-view ds" aria-label="IRQ descriptors">
      <header className="irq-view-head">
        <h2 title="Every Linux irq number has a descriptor (struct irq_desc); this line shows which numbers are allocated.">IRQ descriptors</h2>
        {desc && (
          <p className="irq-muted irq-stats irq-mono">
            {desc.policy === 'bitmap' ? 'bitmap (before v6.5)' : 'maple tree (v6.5+)'} · allocated {desc.allocated} · nr_irqs{' '}
            {desc.nrIrqs} · {line ? line.capLabel : ''}
            {desc.gsiTop !== undefined ? ` · GSI identity 0-${desc.gsiTop - 1}` : ''}
            {desc.dynamicStart !== undefined ? ` · dynamic from ${desc.dynamicStart}` : ''}
          </p>
        )}
      </header>
      {!desc && <p className="irq-muted">Waiting for the engine…</p>}
      {desc && (
        <>
          <canvas
            ref={canvasRef}
            className="ds-canvas"
            style={{ height: H }}
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
