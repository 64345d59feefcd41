// Tracepoints of include/trace/events/irq_matrix.h (system irq_matrix), fields as the kernel's.

export interface MatrixGlobalFields {
  online_maps: number;
  global_available: number;
  global_reserved: number;
  total_allocated: number;
}

/** Class irq_matrix_global: online, offline, reserve, remove_reserved. */
export interface MatrixGlobalEvent extends MatrixGlobalFields {
  type: 'irq_matrix_online' | 'irq_matrix_offline' | 'irq_matrix_reserve' | 'irq_matrix_remove_reserved';
}

/** Class irq_matrix_global_update: assign_system. */
export interface MatrixGlobalUpdateEvent extends MatrixGlobalFields {
  type: 'irq_matrix_assign_system';
  bit: number;
}

/** Class irq_matrix_cpu: per-CPU operations, after the state change, on success only. */
export interface MatrixCpuEvent extends MatrixGlobalFields {
  type:
    | 'irq_matrix_reserve_managed'
    | 'irq_matrix_remove_managed'
    | 'irq_matrix_alloc_managed'
    | 'irq_matrix_assign'
    | 'irq_matrix_alloc'
    | 'irq_matrix_free';
  bit: number;
  cpu: number;
  online: boolean;
  available: number;
  allocated: number;
  managed: number;
}

export type MatrixEvent = MatrixGlobalEvent | MatrixGlobalUpdateEvent | MatrixCpuEvent;
