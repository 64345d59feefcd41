// Tracepoints of arch/x86/include/asm/trace/irq_vectors.h (system irq_vectors) that the vector
// domain emits, fields as the kernel's.

/** vector_config: irq_cfg updated (apic_update_irq_cfg). */
export interface VectorConfigEvent {
  type: 'vector_config';
  irq: number;
  vector: number;
  cpu: number;
  apicdest: number;
}

/** vector_update (apic_update_vector) and vector_clear (clear_irq_vector). */
export interface VectorModEvent {
  type: 'vector_update' | 'vector_clear';
  irq: number;
  vector: number;
  cpu: number;
  prev_vector: number;
  prev_cpu: number;
}

/** vector_reserve / vector_reserve_managed */
export interface VectorReserveEvent {
  type: 'vector_reserve' | 'vector_reserve_managed';
  irq: number;
  ret: number;
}

/** vector_alloc: vector shown 0 on error, ret shown 0 on success. */
export interface VectorAllocEvent {
  type: 'vector_alloc';
  irq: number;
  vector: number;
  reserved: boolean;
  ret: number;
}

/** vector_alloc_managed */
export interface VectorAllocManagedEvent {
  type: 'vector_alloc_managed';
  irq: number;
  vector: number;
  ret: number;
}

/** vector_activate / vector_deactivate */
export interface VectorActivateEvent {
  type: 'vector_activate' | 'vector_deactivate';
  irq: number;
  is_managed: boolean;
  can_reserve: boolean;
  reserve: boolean;
}

/** vector_teardown (vector_free_reserved_and_managed) */
export interface VectorTeardownEvent {
  type: 'vector_teardown';
  irq: number;
  is_managed: boolean;
  has_reserved: boolean;
}

/** vector_setup (x86_vector_alloc_irqs, per irq) */
export interface VectorSetupEvent {
  type: 'vector_setup';
  irq: number;
  is_legacy: boolean;
  ret: number;
}

/** vector_free_moved (free_moved_vector) */
export interface VectorFreeMovedEvent {
  type: 'vector_free_moved';
  irq: number;
  cpu: number;
  vector: number;
  is_managed: boolean;
}

export type VectorEvent =
  | VectorConfigEvent
  | VectorModEvent
  | VectorReserveEvent
  | VectorAllocEvent
  | VectorAllocManagedEvent
  | VectorActivateEvent
  | VectorTeardownEvent
  | VectorSetupEvent
  | VectorFreeMovedEvent;
