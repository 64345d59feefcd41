// The x86 vector grid: one row per CPU (grouped by node), 256 columns in kernel order, colour =
// cell state. Hover names the irq (tooltip + store.hover), click selects it, wheel/drag/+/-
// zoom and pan (d3-zoom), arrow keys move a cursor cell, changed cells flash.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { select } from 'd3-selection';
import { zoom as d3zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import { useUi, useUiStore, type UiStore } from '../store';
import { usePalette, useThemeName } from '../theme/theme';
import { frames } from './raf';
import { VectorPainter } from './vector-canvas';
import { cellInfo, type CellInfo } from './vector-info';
import { cellRect, hitTest } from './vector-layout';

function describeCell(store: UiStore, cpu: number, vector: number): CellInfo | null {
  const s = store.getState().snapshot;
  return s ? cellInfo(s, cpu, vector) : null;
}

interface Tip {
  info: CellInfo;
  x: number;
  y: number;
}

/** Height of the grid area: rows of comfortable size for small machines, a fixed pane for big ones. */
export function gridHeight(nrCpus: number, nodes: number): number {
  return Math.max(120, Math.min(520, nrCpus * 22 + (nodes - 1) * 6));
}

export function VectorGrid() {
  const uiStore = useUiStore();
  const gridRef = useRef<HTMLCanvasElement>(null);
  const headRef = useRef<HTMLCanvasElement>(null);
  const gutterRef = useRef<HTMLCanvasElement>(null);
  const painterRef = useRef<VectorPainter | null>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const [cursor, setCursor] = useState<{ cpu: number; vector: number } | null>(null);
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  const [zoomK, setZoomK] = useState(1);
  const theme = useThemeName();
  const palette = usePalette();
  const nrCpus = useUi((s) => s.snapshot?.vectors?.nrCpus ?? 0);
  const nodes = useUi((s) => {
    const n = s.snapshot?.cpus.node;
    return n && n.length ? n[n.length - 1] + 1 : 1;
  });

  // The painter, the zoom behaviour, the resize observer and the store subscription.
  useEffect(() => {
    const grid = gridRef.current;
    const head = headRef.current;
    const gutter = gutterRef.current;
    if (!grid || !head || !gutter) return;
    const painter = new VectorPainter(grid, head, gutter);
    painterRef.current = painter;
    const redraw = () =>
      frames.schedule(painter, (now) => {
        painter.draw(now);
        return painter.animating(now);
      });

    const z = d3zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 64])
      .on('zoom', (e: { transform: { k: number; x: number; y: number } }) => {
        painter.transform = e.transform;
        setZoomK(e.transform.k);
        // A keyboard cursor keeps its tooltip through zooms; a pointer tooltip goes.
        const c = cursorRef.current;
        if (c && painter.layout && document.activeElement === grid) {
          const info = describeCell(uiStore, c.cpu, c.vector);
          const r = cellRect(painter.layout, e.transform, c.cpu, c.vector);
          setTip(info ? { info, x: r.x + r.w, y: r.y + r.h } : null);
        } else setTip(null);
        redraw();
      });
    zoomRef.current = z;
    const sel = select(grid);
    sel.call(z).on('dblclick.zoom', null);

    const fitExtent = () => {
      const l = painter.layout;
      const w = sizes.w;
      const h = sizes.h;
      z.extent([
        [0, 0],
        [w, h],
      ]).translateExtent([
        [0, 0],
        [Math.max(w, l?.width ?? w), Math.max(h, l?.height ?? h)],
      ]);
    };

    // Sizes come from the observer only (its first callback follows the first layout):
    // reading clientWidth here, during React's commit, would force a synchronous layout.
    const sizes = { w: 0, h: 0, headH: 0, gutterW: 0 };
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) {
        const { width, height } = e.contentRect;
        if (e.target === grid) {
          sizes.w = width;
          sizes.h = height;
        } else if (e.target === head) sizes.headH = height;
        else if (e.target === gutter) sizes.gutterW = width;
      }
      if (painter.resize(sizes.w, sizes.h, sizes.headH, sizes.gutterW)) fitExtent();
      redraw();
    });
    ro.observe(grid);
    ro.observe(head);
    ro.observe(gutter);

    const st = uiStore.getState();
    if (st.snapshot) painter.setSnapshot(st.snapshot, performance.now());
    painter.resize(sizes.w, sizes.h, sizes.headH, sizes.gutterW);
    fitExtent();
    painter.setHighlights({ selectedIrq: st.selectedIrq, hoverIrq: st.hover.irq, hoverDevice: st.hover.device, cursor: null });
    const unsub = uiStore.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot && s.snapshot) {
        painter.setSnapshot(s.snapshot, performance.now());
        fitExtent();
        redraw();
      }
      if (s.selectedIrq !== prev.selectedIrq || s.hover.irq !== prev.hover.irq || s.hover.device !== prev.hover.device) {
        painter.setHighlights({ selectedIrq: s.selectedIrq, hoverIrq: s.hover.irq, hoverDevice: s.hover.device, cursor: cursorRef.current });
        redraw();
      }
    });
    redraw();
    return () => {
      unsub();
      ro.disconnect();
      sel.on('.zoom', null);
      frames.cancel(painter);
      painterRef.current = null;
    };
  }, []);

  useEffect(() => {
    const p = painterRef.current;
    if (!p) return;
    p.setTheme(theme, palette);
    const st = uiStore.getState();
    p.setHighlights({ selectedIrq: st.selectedIrq, hoverIrq: st.hover.irq, hoverDevice: st.hover.device, cursor });
    frames.schedule(p, (now) => {
      p.draw(now);
      return p.animating(now);
    });
  }, [theme, palette, cursor]);

  const describe = (cpu: number, vector: number) => describeCell(uiStore, cpu, vector);

  function hover(info: CellInfo | null): void {
    const st = uiStore.getState();
    if (!info) {
      if (st.hover.cpu !== null || st.hover.irq !== null) st.setHover(null);
      return;
    }
    const h = st.hover;
    if (h.cpu === info.cpu && h.vector === info.vector && h.irq === info.irq) return;
    st.setHover({ irq: info.irq, cpu: info.cpu, vector: info.vector, device: info.device, domain: info.domain });
  }

  function onPointerMove(e: React.PointerEvent<HTMLCanvasElement>): void {
    const p = painterRef.current;
    if (!p?.layout || e.buttons) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const hit = hitTest(p.layout, p.transform, px, py);
    const info = hit ? describe(hit.cpu, hit.vector) : null;
    if (!info) {
      setTip(null);
      hover(null);
      return;
    }
    setTip((old) =>
      old && old.info.cpu === info.cpu && old.info.vector === info.vector && old.info.irq === info.irq
        ? { ...old, x: px, y: py }
        : { info, x: px, y: py },
    );
    hover(info);
  }

  function onPointerLeave(): void {
    setTip(null);
    hover(null);
  }

  function onClick(e: React.MouseEvent<HTMLCanvasElement>): void {
    const p = painterRef.current;
    if (!p?.layout) return;
    const r = e.currentTarget.getBoundingClientRect();
    const hit = hitTest(p.layout, p.transform, e.clientX - r.left, e.clientY - r.top);
    if (!hit) return;
    const info = describe(hit.cpu, hit.vector);
    setCursor({ cpu: hit.cpu, vector: hit.vector });
    if (info?.irq !== null && info?.irq !== undefined) uiStore.getState().selectIrq(info.irq);
  }

  /** Zooms by `f` around the keyboard cursor when there is one, else around the centre. */
  function zoomBy(f: number): void {
    const grid = gridRef.current;
    const z = zoomRef.current;
    const p = painterRef.current;
    if (!grid || !z) return;
    if (cursor && p?.layout) {
      const r = cellRect(p.layout, p.transform, cursor.cpu, cursor.vector);
      z.scaleBy(select(grid), f, [r.x + r.w / 2, r.y + r.h / 2]);
    } else z.scaleBy(select(grid), f);
  }

  function onKeyDown(e: KeyboardEvent<HTMLCanvasElement>): void {
    const p = painterRef.current;
    const l = p?.layout;
    if (!p || !l) return;
    const key = e.key;
    if (key === '+' || key === '=') zoomBy(1.5);
    else if (key === '-' || key === '_') zoomBy(1 / 1.5);
    else if (key === '0') {
      const grid = gridRef.current;
      if (grid && zoomRef.current) zoomRef.current.transform(select(grid), zoomIdentity);
    } else if (key.startsWith('Arrow')) {
      const c = cursor ?? { cpu: l.rowOrder[0], vector: 32 };
      let row = l.rowOf[c.cpu];
      let vector = c.vector;
      const stepBig = e.shiftKey ? 16 : 1;
      if (cursor) {
        if (key === 'ArrowLeft') vector = Math.max(0, vector - stepBig);
        if (key === 'ArrowRight') vector = Math.min(l.nrVectors - 1, vector + stepBig);
        if (key === 'ArrowUp') row = Math.max(0, row - stepBig);
        if (key === 'ArrowDown') row = Math.min(l.nrCpus - 1, row + stepBig);
      }
      const next = { cpu: l.rowOrder[row], vector };
      setCursor(next);
      keepVisible(next.cpu, next.vector);
      const info = describe(next.cpu, next.vector);
      hover(info);
      if (info) {
        const rect = cellRect(l, p.transform, next.cpu, next.vector);
        setTip({ info, x: rect.x + rect.w, y: rect.y + rect.h });
      }
    } else if ((key === 'Enter' || key === ' ') && cursor) {
      const info = describe(cursor.cpu, cursor.vector);
      if (info?.irq !== null && info?.irq !== undefined) uiStore.getState().selectIrq(info.irq);
    } else if (key === 'Escape') {
      setTip(null);
      setCursor(null);
      hover(null);
    } else return;
    e.preventDefault();
  }

  function keepVisible(cpu: number, vector: number): void {
    const p = painterRef.current;
    const grid = gridRef.current;
    const z = zoomRef.current;
    if (!p?.layout || !grid || !z) return;
    const r = cellRect(p.layout, p.transform, cpu, vector);
    const w = grid.clientWidth;
    const h = grid.clientHeight;
    let dx = 0;
    let dy = 0;
    if (r.x < 0) dx = -r.x + 8;
    else if (r.x + r.w > w) dx = w - (r.x + r.w) - 8;
    if (r.y < 0) dy = -r.y + 8;
    else if (r.y + r.h > h) dy = h - (r.y + r.h) - 8;
    if (dx || dy) z.translateBy(select(grid), dx / p.transform.k, dy / p.transform.k);
  }

  const height = gridHeight(nrCpus, nodes);
  const cursorInfo = cursor ? describe(cursor.cpu, cursor.vector) : null;
  return (
    <div className="vg" style={{ height: height + 20 }}>
      <div className="vg-corner irq-mono" aria-hidden="true">
        {zoomK > 1.01 ? `×${zoomK.toFixed(zoomK < 10 ? 1 : 0)}` : ''}
      </div>
      <canvas ref={headRef} className="vg-head" aria-hidden="true" />
      <canvas ref={gutterRef} className="vg-gutter" aria-hidden="true" />
      <canvas
        ref={gridRef}
        className="vg-grid"
        tabIndex={0}
        role="img"
        aria-label={`Vector grid: ${nrCpus} CPUs by 256 vectors. Arrow keys move a cursor, Enter selects its irq, plus and minus zoom, 0 resets.`}
        aria-roledescription="vector grid"
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onBlur={() => setTip(null)}
      />
      {tip && (
        <div
          className="vg-tip irq-mono"
          role="tooltip"
          style={{
            left: Math.min(tip.x + 72, (painterRef.current?.width ?? 600) - 160),
            top: tip.y + 34,
          }}
        >
          {tip.info.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
      <p className="irq-sr-only" aria-live="polite">
        {cursorInfo ? cursorInfo.lines.join(', ') : ''}
      </p>
    </div>
  );
}
