// Tracepoints of include/trace/events/irq.h (system irq) that the genirq core emits.

/** irq_handler_entry: a handler of `irq` (its first action `name`) starts. */
export interface IrqHandlerEntryEvent {
  type: 'irq_handler_entry';
  irq: number;
  name: string;
}

/** irq_handler_exit: ret 1 = IRQ_HANDLED. */
export interface IrqHandlerExitEvent {
  type: 'irq_handler_exit';
  irq: number;
  ret: number;
}

export type IrqEvent = IrqHandlerEntryEvent | IrqHandlerExitEvent;
