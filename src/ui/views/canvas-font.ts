// Canvas text without forced style recalculations: assigning ctx.font makes Chromium bring the
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
