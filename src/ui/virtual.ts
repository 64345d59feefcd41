// Scheduling shared by the windowed lists (fixed-rows.ts).
/** Runs `fn` at the next animation frame, once per frame however often it is asked. */
export function oncePerFrame(): (fn: () => void) => void {
  let pending: (() => void) | null = null;
  return (fn) => {
    const first = pending === null;
    pending = fn;
    if (first) {
      requestAnimationFrame(() => {
        const f = pending;
        pending = null;
        f?.();
      });
    }
  };
}
