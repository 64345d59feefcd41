// Draws the x86 vector grid into three canvases (grid, vector header, CPU gutter): the cells
// come from an offscreen one-pixel-per-cell image scaled under the d3-zoom transform, so a
// 1024 x 256 grid costs one ImageData fill per snapshot and a few drawImage calls per frame.
import type { Snapshot } from '../../sim/snapshot';
import { hexToRgb, packedCellColours, type Palette, type ThemeName } from '../theme/palette';
import {
  cellRect,
  groupTop,
  hexVector,
  layoutGrid,
  rowTop,
  visibleColumns,
  type GridLayout,
  type ZoomTransform,
} from './vector-layout';
import { nextTask } from '../next-task';
import { makeCanvas, prepare, setFont } from './canvas-util';
import { aggregateRows, cellsOfIrq, cellsOfIrqs, diffCells, flashAlpha, paintCells, withAlpha, type FlashMask } from './vector-paint';

export const FLASH_MS = 900;

function packed(hex: string, alpha = 255): number {
  const [r, g, b] = hexToRgb(hex);
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export interface Highlights {
  selectedIrq: number | null;
  hoverIrq: number | null;
  /** The device pointed at (in the grid or the machine panel): all its vectors are outlined. */
  hoverDevice?: string | null;
  cursor: { cpu: number; vector: number } | null;
}

export class VectorPainter {
  layout: GridLayout | null = null;
  transform: ZoomTransform = { k: 1, x: 0, y: 0 };
  private snap: Snapshot | null = null;
  private cells: HTMLCanvasElement | null = null;
  private flash: HTMLCanvasElement | null = null;
  private mask: FlashMask | null = null;
  private flashStart = 0;
  private theme: ThemeName = 'light';
  private palette: Palette | null = null;
  private viewW = 0;
  private viewH = 0;
  private selCells: Array<[number, number]> = [];
  private hoverCells: Array<[number, number]> = [];
  private deviceCells: Array<[number, number]> = [];
  private hl: Highlights = { selectedIrq: null, hoverIrq: null, cursor: null };
  /**
   * Per node group, the downsampled image used while rows are thinner than a device pixel, and
   * the paint it was made from (the canvases are kept: making new ones for every snapshot cost
   * a new backing store each).
   */
  private aggregated = new Map<number, { outRows: number; paint: number; canvas: HTMLCanvasElement }>();
  /** Counts cell paints: an aggregate of an older paint is stale. */
  private paint = 0;

  constructor(
    private readonly grid: HTMLCanvasElement,
    private readonly head: HTMLCanvasElement,
    private readonly gutter: HTMLCanvasElement,
  ) {}

  /** Width of the grid area (CSS px). */
  get width(): number {
    return this.viewW;
  }

  private headH = 18;
  private gutterW = 60;

  /**
   * New sizes (CSS px) of the grid area, the header's height and the gutter's width, measured
   * by a ResizeObserver (drawing never reads layout); true when the grid layout changed.
   */
  resize(w: number, h: number, headH = this.headH, gutterW = this.gutterW): boolean {
    this.headH = headH || 18;
    this.gutterW = gutterW || 60;
    if (w === this.viewW && h === this.viewH) return false;
    this.viewW = w;
    this.viewH = h;
    this.relayout();
    return true;
  }

  setTheme(theme: ThemeName, palette: Palette): void {
    if (theme === this.theme && this.palette) return;
    this.theme = theme;
    this.palette = palette;
    this.repaintCells();
  }

  /** A new snapshot: repaint the cell image and start a flash for cells that changed. */
  setSnapshot(s: Snapshot, now: number): void {
    const prev = this.snap;
    this.snap = s;
    const v = s.vectors;
    if (!v) return;
    const same = this.layout && this.layout.nrCpus === v.nrCpus && this.layout.nrVectors === v.nrVectors;
    if (!same) this.relayout();
    else this.repaintCells();
    this.prepareSoon();
    const pv = prev?.vectors;
    if (same && pv && pv.nrCpus === v.nrCpus && pv !== v && this.layout) {
      const l = this.layout;
      const flash = this.flash ?? makeCanvas(l.nrVectors, l.nrCpus);
      this.flash = flash;
      const ctx = flash.getContext('2d');
      if (ctx) {
        const img = ctx.createImageData(l.nrVectors, l.nrCpus);
        const colour = packed(this.palette?.swatch.flash ?? '#f0e442');
        this.mask = diffCells(l, pv.cells, pv.owner, v.cells, v.owner, colour, new Uint32Array(img.data.buffer));
        ctx.putImageData(img, 0, 0);
        this.flashStart = now;
      }
    }
    this.updateHighlightCells();
  }

  setHighlights(h: Highlights): void {
    const changedIrqs = h.selectedIrq !== this.hl.selectedIrq || h.hoverIrq !== this.hl.hoverIrq || (h.hoverDevice ?? null) !== (this.hl.hoverDevice ?? null);
    this.hl = h;
    if (changedIrqs) this.updateHighlightCells();
  }

  /** True while a flash is still fading (the scheduler should call draw again). */
  animating(now: number): boolean {
    return !!this.mask && this.mask.changed > 0 && now - this.flashStart < FLASH_MS;
  }

  private updateHighlightCells(): void {
    const v = this.snap?.vectors;
    this.selCells = v && this.hl.selectedIrq !== null ? cellsOfIrq(v.owner, v.nrVectors, this.hl.selectedIrq) : [];
    this.hoverCells =
      v && this.hl.hoverIrq !== null && this.hl.hoverIrq !== this.hl.selectedIrq
        ? cellsOfIrq(v.owner, v.nrVectors, this.hl.hoverIrq)
        : [];
    // The rest of the hovered device: which drive a lone cell (an admin vector) belongs to.
    const dev = this.hl.hoverDevice ?? null;
    const irqs = new Set<number>();
    if (v && dev !== null && this.snap) for (const r of this.snap.irqs) if (r.device === dev && r.irq !== this.hl.hoverIrq && r.irq !== this.hl.selectedIrq) irqs.add(r.irq);
    this.deviceCells = v ? cellsOfIrqs(v.owner, v.nrVectors, irqs) : [];
  }

  private relayout(): void {
    const s = this.snap;
    const v = s?.vectors;
    if (!s || !v || this.viewW <= 0 || this.viewH <= 0) {
      this.layout = null;
      return;
    }
    this.layout = layoutGrid(s.cpus.node, v.nrCpus, v.nrVectors, this.viewW, this.viewH);
    this.aggregated.clear();
    this.cells = makeCanvas(v.nrVectors, v.nrCpus);
    this.flash = null;
    this.mask = null;
    this.repaintCells();
  }

  private repaintCells(): void {
    const s = this.snap;
    const v = s?.vectors;
    const l = this.layout;
    if (!s || !v || !l || !this.cells) return;
    const ctx = this.cells.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(l.nrVectors, l.nrCpus);
    const colours = packedCellColours(this.theme);
    paintCells(l, v.cells, s.cpus.online, colours, withAlpha(colours, 0.35), new Uint32Array(img.data.buffer));
    ctx.putImageData(img, 0, 0);
    this.paint++;
  }

  private preparing = false;

  /**
   * Downsamples, in a task of its own, the groups the current zoom shows thinner than a device
   * pixel: done in the frame that draws them, it made that frame (already laying out a new
   * snapshot's page) a long task.
   */
  private prepareSoon(): void {
    if (this.preparing) return;
    this.preparing = true;
    void nextTask().then(() => {
      this.preparing = false;
      const l = this.layout;
      if (!l || !this.snap) return;
      const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
      for (let gi = 0; gi < l.groups.length; gi++) {
        const outRows = this.deviceRows(l, gi, dpr);
        if (outRows < l.groups[gi].rows) this.aggregate(gi, outRows);
      }
    });
  }

  /** How many device pixel rows group `gi` takes under the current zoom. */
  private deviceRows(l: GridLayout, gi: number, dpr: number): number {
    return Math.max(1, Math.round(this.transform.k * l.cellH * l.groups[gi].rows * dpr));
  }

  /** The group's rows downsampled to `outRows` by state priority (cached until the next paint). */
  private aggregate(gi: number, outRows: number): HTMLCanvasElement | null {
    const hit = this.aggregated.get(gi);
    if (hit && hit.outRows === outRows && hit.paint === this.paint) return hit.canvas;
    const s = this.snap;
    const v = s?.vectors;
    const l = this.layout;
    if (!s || !v || !l) return null;
    const g = l.groups[gi];
    const canvas = hit?.canvas ?? makeCanvas(l.nrVectors, outRows);
    if (canvas.width !== l.nrVectors) canvas.width = l.nrVectors;
    if (canvas.height !== outRows) canvas.height = outRows;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const img = ctx.createImageData(l.nrVectors, outRows);
    const colours = packedCellColours(this.theme);
    aggregateRows(l, v.cells, s.cpus.online, colours, withAlpha(colours, 0.35), g.firstRow, g.rows, outRows, new Uint32Array(img.data.buffer));
    ctx.putImageData(img, 0, 0);
    this.aggregated.set(gi, { outRows, paint: this.paint, canvas });
    return canvas;
  }

  draw(now: number): void {
    const p = this.palette;
    const l = this.layout;
    const s = this.snap;
    const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    const ctx = prepare(this.grid, this.viewW, this.viewH, dpr);
    if (!ctx || !p) return;
    ctx.fillStyle = p.panel;
    ctx.fillRect(0, 0, this.viewW, this.viewH);
    if (!l || !s || !this.cells) return;
    const t = this.transform;
    const rowPx = t.k * l.cellH;
    const colPx = t.k * l.cellW;
    ctx.imageSmoothingEnabled = colPx < 1;
    ctx.imageSmoothingQuality = 'medium';
    for (let gi = 0; gi < l.groups.length; gi++) {
      const g = l.groups[gi];
      const y = t.y + t.k * groupTop(l, gi);
      const h = rowPx * g.rows;
      if (y > this.viewH || y + h < 0) continue;
      // Rows thinner than a device pixel: aggregate by priority instead of averaging them away.
      const devRows = this.deviceRows(l, gi, dpr);
      const agg = devRows < g.rows ? this.aggregate(gi, devRows) : null;
      if (agg) ctx.drawImage(agg, 0, 0, l.nrVectors, devRows, t.x, y, t.k * l.width, h);
      else ctx.drawImage(this.cells, 0, g.firstRow, l.nrVectors, g.rows, t.x, y, t.k * l.width, h);
    }
    const fa = this.mask && this.mask.changed ? flashAlpha(now - this.flashStart, FLASH_MS) : 0;
    if (fa > 0 && this.flash) {
      ctx.globalAlpha = fa;
      for (let gi = 0; gi < l.groups.length; gi++) {
        const g = l.groups[gi];
        const y = t.y + t.k * groupTop(l, gi);
        ctx.drawImage(this.flash, 0, g.firstRow, l.nrVectors, g.rows, t.x, y, t.k * l.width, rowPx * g.rows);
      }
      ctx.globalAlpha = 1;
    }
    this.drawLines(ctx, l, t, p);
    this.drawHighlights(ctx, l, t, p);
    this.drawHead(l, t, p, dpr);
    this.drawGutter(l, t, p, dpr, fa);
  }

  private drawLines(ctx: CanvasRenderingContext2D, l: GridLayout, t: ZoomTransform, p: Palette): void {
    const colPx = t.k * l.cellW;
    const rowPx = t.k * l.cellH;
    const [c0, c1] = visibleColumns(l, t, this.viewW);
    ctx.strokeStyle = p.panel;
    ctx.lineWidth = 1;
    ctx.beginPath();
    if (colPx >= 5) {
      for (let v = c0; v <= c1; v++) {
        const x = Math.round(t.x + v * colPx) + 0.5;
        ctx.moveTo(x, 0);
        ctx.lineTo(x, this.viewH);
      }
    }
    if (rowPx >= 5) {
      for (let gi = 0; gi < l.groups.length; gi++) {
        const g = l.groups[gi];
        const top = t.y + t.k * groupTop(l, gi);
        for (let r = 0; r <= g.rows; r++) {
          const y = Math.round(top + r * rowPx) + 0.5;
          if (y < 0 || y > this.viewH) continue;
          ctx.moveTo(t.x, y);
          ctx.lineTo(t.x + t.k * l.width, y);
        }
      }
    }
    ctx.stroke();
    // Every 16 vectors (0x10, 0x20, ...): the unit kernel people count in; the priority class.
    if (colPx * 16 >= 24) {
      ctx.strokeStyle = p.muted;
      ctx.globalAlpha = 0.45;
      ctx.beginPath();
      for (let v = Math.ceil(c0 / 16) * 16; v <= c1; v += 16) {
        const x = Math.round(t.x + v * colPx) + 0.5;
        ctx.moveTo(x, 0);
        ctx.lineTo(x, this.viewH);
      }
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }

  private drawHighlights(ctx: CanvasRenderingContext2D, l: GridLayout, t: ZoomTransform, p: Palette): void {
    const outline = (list: Array<[number, number]>, colour: string, width: number, dash: number[]) => {
      if (!list.length) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      for (const [cpu, vec] of list) {
        const r = cellRect(l, t, cpu, vec);
        const w = Math.max(r.w, 4);
        const h = Math.max(r.h, 4);
        ctx.strokeRect(r.x + r.w / 2 - w / 2 - 1, r.y + r.h / 2 - h / 2 - 1, w + 2, h + 2);
      }
      ctx.setLineDash([]);
    };
    outline(this.deviceCells, p.accent, 1, [2, 2]);
    outline(this.hoverCells, p.selection, 1.5, [3, 2]);
    outline(this.selCells, p.selection, 2, []);
    const c = this.hl.cursor;
    if (c && c.cpu < l.nrCpus) outline([[c.cpu, c.vector]], p.accent, 2, []);
  }

  /** What the column header was last drawn for: it depends on the zoom, not on the snapshot. */
  private headKey = '';

  private drawHead(l: GridLayout, t: ZoomTransform, p: Palette, dpr: number): void {
    const w = this.viewW;
    const h = this.headH;
    // Every frame of a flash redraws the grid; the header only when what it shows changed.
    const key = `${w} ${h} ${dpr} ${t.x} ${t.k} ${l.nrVectors} ${l.cellW} ${p.muted}`;
    if (key === this.headKey && this.head.width > 1) return;
    this.headKey = key;
    const ctx = prepare(this.head, w, h, dpr);
    if (!ctx) return;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = p.muted;
    setFont(ctx, '10px ' + MONO);
    ctx.textBaseline = 'middle';
    const colPx = t.k * l.cellW;
    const step = colPx >= 26 ? 1 : colPx >= 6 ? 4 : colPx * 16 >= 28 ? 16 : 32;
    const [c0, c1] = visibleColumns(l, t, w);
    for (let v = Math.ceil(c0 / step) * step; v < c1; v += step) {
      const x = t.x + v * colPx;
      ctx.fillText(hexVector(v), x + 2, h / 2);
    }
  }

  private drawGutter(l: GridLayout, t: ZoomTransform, p: Palette, dpr: number, flashA: number): void {
    const w = this.gutterW;
    const h = this.viewH;
    const ctx = prepare(this.gutter, w, h, dpr);
    const s = this.snap;
    if (!ctx || !s) return;
    ctx.clearRect(0, 0, w, h);
    const rowPx = t.k * l.cellH;
    ctx.textBaseline = 'middle';
    setFont(ctx, '10px ' + SANS);
    if (rowPx >= 9) {
      for (let r = 0; r < l.nrCpus; r++) {
        const y = t.y + t.k * rowTop(l, r);
        if (y + rowPx < 0 || y > h) continue;
        const cpu = l.rowOrder[r];
        const online = s.cpus.online[cpu] === 1;
        ctx.fillStyle = online ? p.fg : p.muted;
        ctx.fillText(`CPU ${cpu}${online ? '' : ' off'}`, 4, y + rowPx / 2);
      }
    }
    if (l.groups.length > 1) {
      ctx.fillStyle = p.muted;
      for (let gi = 0; gi < l.groups.length; gi++) {
        const g = l.groups[gi];
        const y = t.y + t.k * groupTop(l, gi);
        const gh = rowPx * g.rows;
        if (y + gh < 0 || y > h) continue;
        ctx.fillRect(w - 3, Math.max(0, y), 2, Math.min(gh, h - Math.max(0, y)));
        // The node label sticks to the top of its visible part.
        const ly = Math.min(Math.max(y, 0), y + gh - 12);
        if (rowPx < 9 && y + gh - Math.max(y, 0) >= 12) ctx.fillText(`node ${g.node}`, 4, ly + 7);
      }
    }
    // Rows that just changed get a tick, visible even when rows are thinner than a pixel.
    if (flashA > 0 && this.mask) {
      ctx.globalAlpha = flashA;
      ctx.fillStyle = p.swatch.flash;
      // One rectangle per run of changed rows that touch on screen (a scrub changes every CPU:
      // one rectangle, not a thousand, on each frame of the flash).
      let runTop = NaN;
      let runEnd = NaN;
      for (let r = 0; r <= l.nrCpus; r++) {
        const on = r < l.nrCpus && this.mask.rows[r] === 1;
        const y = on ? t.y + t.k * rowTop(l, r) : NaN;
        const visible = on && y + rowPx >= 0 && y <= h;
        if (visible && y <= runEnd + 0.5) {
          runEnd = Math.max(runEnd, y + Math.max(rowPx, 2));
          continue;
        }
        if (runEnd > runTop) ctx.fillRect(w - 10, runTop, 6, runEnd - runTop);
        runTop = visible ? y : NaN;
        runEnd = visible ? y + Math.max(rowPx, 2) : NaN;
      }
      ctx.globalAlpha = 1;
    }
  }
}

const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const SANS = "system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif";
