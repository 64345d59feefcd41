// The line x86 prints when an interrupt arrives on a vector whose vector_irq slot is unused
// (pr_emerg_ratelimited in arch/x86/kernel/irq.c), by release, as read in the trees:
// - up to v5.7 do_IRQ prints "do_IRQ: %d.%d No irq handler for vector" (4.14.5, 5.6.4, 5.7.6 trees);
// - v5.8 turned do_IRQ into the common_interrupt IDT entry: "common_interrupt: %d.%u ..." (6.1.0,
//   6.9.0 trees);
// - v6.10 moved it into call_irq_handler (posted MSI): "call_irq_handler: %d.%u ..." (6.11.11 tree);
// - "x86/irq: Plug vector setup race" (Thomas Gleixner, 2025; backported to stable 6.6) prints it
//   from reevaluate_vector as "No irq handler for %d.%u" (7.0.0 tree). Its first mainline release is
//   not checked here: taken as v6.17 (the stable backports are from August 2025).
import { atLeast } from '../scenario/release_number';

/** [site, message] of the kernel's line for `cpu`.`vector` in `release`. */
export function noIrqHandlerLine(release: string, cpu: number, vector: number): [string, string] {
  if (atLeast(release, '6.17')) return ['reevaluate_vector', `No irq handler for ${cpu}.${vector}`];
  const site = atLeast(release, '6.10') ? 'call_irq_handler' : atLeast(release, '5.8') ? 'common_interrupt' : 'do_IRQ';
  return [site, `${cpu}.${vector} No irq handler for vector`];
}
