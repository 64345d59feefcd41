// Draws one IRQ number line (allocated runs, GSI/dynamic ranges, nr_irqs, the cap or the axis
// break) into a canvas context at a given height.
import type { DescriptorSnapshot } from '../../sim/snapshot';
import type { Palette } from '../theme/palette';
import { setFont } from './canvas-util';
import { segments, type NumberLine } from './numberline';

const MONO_10 = "10px ui-monospace, 'DejaVu Sans Mono', monospace";

export const ROW_H = 46;
export const BAR_OFF = 12;
export const BAR_H = 14;
export const OX = 4;

export interface LineMarks {
  selected: number | null;
  hover: number | null;
  /** Draw the cap / break at the end (overview) or not (detail). */
  showCap: boolean;
  label: string | null;
  /** Mark nr_irqs (off on an overview whose detail line shows it better). */
  nrIrqsLabel: boolean;
}

export function drawNumberLine(
  ctx: CanvasRenderingContext2D,
  d: DescriptorSnapshot,
  line: NumberLine,
  top: number,
  width: number,
  p: Palette,
  m: LineMarks,
): void {
  const y = top + BAR_OFF;
  const x = (n: number) => OX + line.scale(Math.min(n, line.extent));
  const linEnd = x(line.extent);
  // Xen: the GSI identity range [0, gsiTop) and the dynamic range from nr_irqs_gsi.
  if (d.gsiTop !== undefined) {
    ctx.fillStyle = p.swatch.gsiIdentity;
    ctx.fillRect(x(0), y - 5, x(d.gsiTop) - x(0), 3);
  }
  if (d.dynamicStart !== undefined) {
    ctx.fillStyle = p.swatch.xenDynamic;
    ctx.fillRect(x(d.dynamicStart), y - 5, x(Math.max(d.dynamicStart, d.nrIrqs)) - x(d.dynamicStart), 3);
  }
  ctx.fillStyle = p.swatch.free;
  ctx.fillRect(OX, y, linEnd - OX, BAR_H);
  ctx.fillStyle = p.swatch.allocated;
  for (const [a, b] of segments(line, d.ranges)) ctx.fillRect(OX + a, y, b - a, BAR_H);
  // nr_irqs.
  if (d.nrIrqs <= line.extent && m.nrIrqsLabel) {
    const nx = Math.round(x(d.nrIrqs)) + 0.5;
    ctx.strokeStyle = p.fg;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    ctx.moveTo(nx, y - 4);
    ctx.lineTo(nx, y + BAR_H + 4);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = p.fg;
    setFont(ctx, MONO_10);
    ctx.textBaseline = 'bottom';
    const label = 'nr_irqs';
    const lw = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(nx + 3, width - lw - 2), y - 1);
  }
  ctx.fillStyle = p.muted;
  setFont(ctx, MONO_10);
  ctx.textBaseline = 'top';
  for (const t of line.ticks) {
    const tx = x(t);
    ctx.fillRect(tx, y + BAR_H, 1, 3);
    ctx.fillText(String(t), Math.min(tx + 2, width - 40), y + BAR_H + 4);
  }
  if (m.label) {
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'right';
    ctx.fillText(m.label, width - 8, y - 1);
    ctx.textAlign = 'left';
  }
  if (m.showCap) {
    if (line.broken) {
      ctx.strokeStyle = p.muted;
      ctx.beginPath();
      for (const dx of [6, 11]) {
        ctx.moveTo(linEnd + dx - 3, y + BAR_H + 3);
        ctx.lineTo(linEnd + dx + 3, y - 3);
      }
      ctx.stroke();
      ctx.fillStyle = p.swatch.free;
      ctx.fillRect(linEnd + 16, y, width - linEnd - 20, BAR_H);
    } else {
      ctx.fillStyle = p.fg;
      ctx.fillRect(linEnd - 2, y - 6, 2, BAR_H + 12);
    }
  }
  const tri = (n: number | null, style: string) => {
    if (n === null || n >= line.extent) return;
    const hx = x(n);
    ctx.fillStyle = style;
    ctx.beginPath();
    ctx.moveTo(hx, y + BAR_H / 2);
    ctx.lineTo(hx - 5, y - 6);
    ctx.lineTo(hx + 5, y - 6);
    ctx.closePath();
    ctx.fill();
  };
  tri(m.hover, p.muted);
  tri(m.selected, p.selection);
}
