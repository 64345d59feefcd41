// Paths of the kernel text views: short labels and the selector's order.

export const IRQS_DIR = '/sys/kernel/debug/irq/irqs/';

/** Short label of a text view path for the selector. */
export function shortPath(p: string): string {
  if (p.startsWith('/sys/kernel/debug/irq/')) return p.slice('/sys/kernel/debug/irq/'.length);
  if (p.startsWith('/sys/kernel/debug/')) return p.slice('/sys/kernel/debug/'.length);
  return p;
}

/** The views in selector order: domains, then irqs/N numerically, then the rest as given. */
export function orderViews(paths: readonly string[]): string[] {
  const num = (p: string) => Number(p.slice(IRQS_DIR.length));
  const rank = (p: string) => (p.startsWith('/proc/') ? 0 : p.includes('/irq/domains/') ? 1 : p.startsWith(IRQS_DIR) ? 2 : 3);
  return [...paths].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? num(a) - num(b) : 0) || (rank(a) === 1 ? a.localeCompare(b) : 0));
}

/** `chosen` if the snapshot lists it, else /proc/interrupts, else the first listed view. */
export function fallbackPath(chosen: string, views: readonly string[]): string {
  if (views.length === 0 || views.includes(chosen)) return chosen;
  if (views.includes('/proc/interrupts')) return '/proc/interrupts';
  return orderViews(views)[0];
}
