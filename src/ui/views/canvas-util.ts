// Canvas helpers shared by the views: a canvas sized for the device pixel ratio, and text
// without forced style recalculations: assigning ctx.font makes Chromium bring the
// document's style up to date first (the canvas may inherit a font size), so a canvas drawn in
// every frame right after a big React commit restyled the whole page inside its animation
// frame (18 ms on a 1024-CPU machine). The font is assigned only when the context lacks it.

/** The font each context was last given, as the context reports it back. */
const fonts = new WeakMap<CanvasRenderingContext2D, string>();

export function setFont(ctx: CanvasRenderingContext2D, font: string): void {
  const was = fonts.get(ctx);
  // A resized canvas resets its context's state, font included: then it differs from `was`.
  if (was !== undefined && ctx.font === was) return;
  ctx.font = font;
  fonts.set(ctx, ctx.font);
}

export function makeCanvas(w: number, h: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.max(1, w);
  c.height = Math.max(1, h);
  return c;
}

/** Sizes a canvas's backing store for the device pixel ratio and returns its scaled context. */
export function prepare(c: HTMLCanvasElement, w: number, h: number, dpr: number): CanvasRenderingContext2D | null {
  const bw = Math.max(1, Math.round(w * dpr));
  const bh = Math.max(1, Math.round(h * dpr));
  if (c.width !== bw) c.width = bw;
  if (c.height !== bh) c.height = bh;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
