// A deferred affinity move (IRQD_SETAFFINITY_PENDING + desc->pending_mask) across free_irq and
// request_irq, on the machine the x86_vector traces describe (8 CPUs, no remapping unless said,
// reservation mode), driven through the calls the trace replayer makes. Expected states were
// worked out from the kernel source (v7.0 tree; kernel/irq/manage.c also checked against
// torvalds/linux 006ae1970a8c):
// - irq_set_affinity_locked (manage.c): an activated interrupt whose chip is MOVE_DEFERRED, or one
//   with a move already pending, only records the mask (irqd_set_move_pending, irq_copy_pending);
//   the affinity mask is untouched; IRQD_AFFINITY_SET is set. A deactivated interrupt
//   (irq_set_affinity_deactivated, IRQD_AFFINITY_ON_ACTIVATE set by x86_vector_alloc_irqs) stores
//   affinity and effective affinity and returns before the pending test: the pending bit and mask
//   stay as they were.
// - __free_irq -> irq_shutdown + irq_domain_deactivate_irq; neither touches the pending state
//   (only migration.c clears it: irq_move_masked_irq, irq_fixup_move_pending).
//   x86_vector_deactivate returns the vector to a global reservation for can_reserve irqs and
//   keeps it for the others (non-maskable MSI).
// - __setup_irq -> irq_activate (x86_vector_activate -> activate_reserved ->
//   assign_irq_vector_any_locked on the affinity mask) then irq_startup -> irq_setup_affinity,
//   which calls irq_do_set_affinity directly (no pending path) with online & affinity (the
//   affinity is kept because IRQD_AFFINITY_SET) and leaves the pending state alone.
// - The next interrupt: apic_ack_edge -> irq_complete_move, then apic_ack_irq -> irq_move_irq ->
//   irq_move_masked_irq applies pending_mask through irq_do_set_affinity; -EBUSY (move in
//   progress or old vector queued for cleanup, assign_vector_locked) re-arms the pending bit.
import { describe, expect, it } from 'vitest';
import { x86MachineFromSetup } from '../conformance/x86_vector';

const setup = (remapping = false) => ({
  nr_cpus: 8,
  first_system_vector: 236,
  legacy_pic: true,
  io_apic: true,
  remapping,
  nodes: [[0, 1, 2, 3, 4, 5, 6, 7]],
  online: [0, 1, 2, 3, 4, 5, 6, 7],
  system_vectors: '0-19,21,128,236,240-242,244,246-255',
});

/** One irq of `type` at 24, requested: vector 32 on CPU 1 (CPU 0 holds the ISA vectors). */
function requested(type: 'msi' | 'msi-nomask' = 'msi', remapping = false) {
  const m = x86MachineFromSetup(setup(remapping));
  const { ret, irqs } = m.allocMsi({ type, count: 1, irq: 24, node: -1 });
  expect(ret).toBe(0);
  const irq = irqs[0];
  expect(m.requestIrq(irq)).toBe(0);
  expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 1, activated: true, started: true, affinity: '0-7', effective_affinity: '1' });
  const warnings = () => m.core.warnings + m.matrix.warnings;
  return { m, irq, warnings };
}

describe('a pending affinity move across free_irq and request_irq (x86 vector, mainline)', () => {
  it('survives free_irq and request_irq and is applied by the next interrupt', () => {
    const { m, irq, warnings } = requested();
    expect(m.setAffinity(irq, [5])).toBe(0);
    // MOVE_DEFERRED: only recorded; the affinity mask stays.
    expect(m.state(irq)).toMatchObject({ cpu: 1, move_pending: true, affinity: '0-7', effective_affinity: '1', pending_mask: '5' });

    expect(m.freeIrq(irq)).toBe(0);
    // x86_vector_deactivate: clear_irq_vector, then reserve_irq_vector_locked (shutdown vector on
    // the first online CPU). The pending bit and mask are kept.
    expect(m.state(irq)).toMatchObject({
      vector: 0, cpu: 1, has_reserved: true, can_reserve: true, hw_vector: 239,
      activated: false, started: false, move_pending: true,
      affinity: '0-7', effective_affinity: '0', pending_mask: '5',
    });
    expect(m.vectorIrqList(1)).toContainEqual([32, -1]); // VECTOR_SHUTDOWN

    expect(m.requestIrq(irq)).toBe(0);
    // activate_reserved places it by the affinity (not the pending mask); irq_setup_affinity
    // finds CPU 1 in online & affinity and does not move it; still pending.
    expect(m.state(irq)).toMatchObject({
      vector: 32, cpu: 1, prev_vector: 0, has_reserved: false, hw_vector: 32,
      activated: true, started: true, move_pending: true,
      affinity: '0-7', effective_affinity: '1', pending_mask: '5',
    });
    expect(m.vectorIrqList(1)).toContainEqual([32, irq]);

    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({
      vector: 32, cpu: 5, prev_vector: 32, prev_cpu: 1, move_in_progress: true,
      move_pending: false, affinity: '5', effective_affinity: '5', pending_mask: '',
    });
    expect(m.fire(irq, 5)).toBe(0); // first interrupt on the new vector: old one queued
    expect(m.state(irq)).toMatchObject({ move_in_progress: false, cleanup_pending: true });
    expect(m.cleanupTimers()).toEqual([1]);
    expect(warnings()).toBe(0);
  });

  it('two writes before free_irq: the last mask is the pending one', () => {
    const { m, irq } = requested();
    expect(m.setAffinity(irq, [5])).toBe(0);
    expect(m.setAffinity(irq, [6])).toBe(0); // already pending: irq_copy_pending only
    expect(m.freeIrq(irq)).toBe(0);
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 1, move_pending: true, affinity: '0-7', pending_mask: '6' });
    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 6, prev_cpu: 1, move_pending: false, affinity: '6' });
  });

  it('a write while shut down sets the affinity but leaves the older pending mask to win', () => {
    const { m, irq } = requested();
    expect(m.setAffinity(irq, [5, 6])).toBe(0);
    expect(m.freeIrq(irq)).toBe(0);
    expect(m.setAffinity(irq, [3])).toBe(0);
    // irq_set_affinity_deactivated: affinity and effective affinity stored, pending untouched.
    expect(m.state(irq)).toMatchObject({
      vector: 0, hw_vector: 239, activated: false, move_pending: true,
      affinity: '3', effective_affinity: '3', pending_mask: '5-6',
    });
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({
      vector: 32, cpu: 3, prev_vector: 0, move_pending: true,
      affinity: '3', effective_affinity: '3', pending_mask: '5-6',
    });
    expect(m.fire(irq, 3)).toBe(0);
    // irq_move_masked_irq: the stale pending mask overrides the later write.
    expect(m.state(irq)).toMatchObject({ cpu: 5, prev_cpu: 3, move_in_progress: true, move_pending: false, affinity: '5-6', effective_affinity: '5' });
  });

  it('a pending target that goes offline while shut down drops the move (irq_fixup_move_pending)', () => {
    const { m, irq } = requested();
    expect(m.setAffinity(irq, [5])).toBe(0);
    expect(m.freeIrq(irq)).toBe(0);
    // migrate_one_irq on a not-started irq: irq_fixup_move_pending(desc, false) clears the bit
    // because no CPU of the pending mask is online any more.
    expect(m.cpuOffline(5).ret).toBe(0);
    expect(m.state(irq)).toMatchObject({ move_pending: false, pending_mask: '', affinity: '0-7' });
    expect(m.requestIrq(irq)).toBe(0);
    // IRQD_AFFINITY_SET (from the write) survives: irq_setup_affinity keeps the affinity and
    // stores its online part.
    expect(m.state(irq)).toMatchObject({ cpu: 1, move_pending: false, affinity: '0-4,6-7', effective_affinity: '1' });
    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 1, prev_vector: 0, affinity: '0-4,6-7' });
  });

  it('a non-maskable MSI keeps its vector; an in-progress move makes the pending move wait for cleanup', () => {
    const { m, irq } = requested('msi-nomask');
    expect(m.setAffinity(irq, [5])).toBe(0);
    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 5, prev_cpu: 1, move_in_progress: true });
    expect(m.setAffinity(irq, [6])).toBe(0);
    expect(m.freeIrq(irq)).toBe(0);
    // x86_vector_deactivate returns early (!is_managed && !can_reserve): vector and move stay.
    expect(m.state(irq)).toMatchObject({
      vector: 32, cpu: 5, prev_vector: 32, prev_cpu: 1, move_in_progress: true, can_reserve: false,
      activated: false, started: false, move_pending: true, affinity: '5', pending_mask: '6',
    });
    expect(m.setAffinity(irq, [3])).toBe(0);
    expect(m.requestIrq(irq)).toBe(0);
    // Activation: assign_vector_locked is -EBUSY for the affinity (3) while the move is in
    // progress, then CPU 5 is in the online mask (its last try): no change. irq_setup_affinity
    // gets -EBUSY too, so the effective affinity keeps what the deactivated write stored.
    expect(m.state(irq)).toMatchObject({
      vector: 32, cpu: 5, prev_cpu: 1, move_in_progress: true, activated: true, started: true,
      move_pending: true, affinity: '3', effective_affinity: '3', pending_mask: '6',
    });
    expect(m.fire(irq, 5)).toBe(0);
    // irq_complete_move queues the old vector; irq_move_masked_irq then hits -EBUSY (queued for
    // cleanup) and re-arms the pending bit with the mask intact.
    expect(m.state(irq)).toMatchObject({ cpu: 5, move_in_progress: false, cleanup_pending: true, move_pending: true, pending_mask: '6' });
    expect(m.cleanup(1)).toBe(1);
    expect(m.fire(irq, 5)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 6, prev_cpu: 5, move_in_progress: true, move_pending: false, affinity: '6', effective_affinity: '6' });
  });

  it('with remapping, a move left pending by -EBUSY survives free_irq/request_irq too', () => {
    const { m, irq } = requested('msi', true);
    expect(m.setAffinity(irq, [5])).toBe(0); // at once; old vector queued for cleanup
    expect(m.setAffinity(irq, [6])).toBe(0); // irq_try_set_affinity: -EBUSY -> pending
    expect(m.state(irq)).toMatchObject({ cpu: 5, cleanup_pending: true, move_pending: true, affinity: '5', pending_mask: '6' });
    expect(m.freeIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 0, prev_vector: 0, cleanup_pending: false, move_pending: true, pending_mask: '6' });
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 5, move_pending: true, affinity: '5', pending_mask: '6' });
    // Pending already set: even a chip that can move in process context only records the mask.
    expect(m.setAffinity(irq, [2])).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 5, move_pending: true, pending_mask: '2' });
    expect(m.fire(irq, 5)).toBe(0); // apic_ack_irq -> irq_move_irq
    expect(m.state(irq)).toMatchObject({ cpu: 2, prev_cpu: 5, move_in_progress: false, cleanup_pending: true, move_pending: false, affinity: '2' });
  });

  it('managed interrupts never get a user move: -EIO, and free_irq/request_irq keep them unpending', () => {
    const m = x86MachineFromSetup(setup());
    const [irq] = m.allocMsi({ type: 'managed', count: 1, irq: 24, node: -1, affinity: [[2, 3]] }).irqs;
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.setAffinity(irq, [5])).toBe(-5);
    expect(m.freeIrq(irq)).toBe(0);
    // x86_vector_deactivate: managed -> clear_irq_vector + vector_assign_managed_shutdown.
    expect(m.state(irq)).toMatchObject({ vector: 0, hw_vector: 239, is_managed: true, move_pending: false, affinity: '2-3', effective_affinity: '0' });
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ is_managed: true, started: true, move_pending: false, affinity: '2-3' });
  });
  it('a non-maskable MSI left on a CPU that went offline while shut down: the next ack applies the pending move', () => {
    // Found by diffing against the kernel's own vector.c/migration.c/cpuhotplug.c (an oracle built
    // from the 7.0 tree with the traces' glue): the glue acks the irq directly (`fire`), while
    // the vector_irq slot of that CPU was emptied by lapic_online.
    const { m, irq, warnings } = requested('msi-nomask');
    expect(m.setAffinity(irq, [5])).toBe(0);
    expect(m.fire(irq, 1)).toBe(0);
    expect(m.state(irq)).toMatchObject({ cpu: 5, prev_cpu: 1, move_in_progress: true });
    expect(m.freeIrq(irq)).toBe(0); // fixed vector: x86_vector_deactivate keeps it
    // migrate_one_irq skips a shut-down irq; irq_force_complete_move drops the old vector.
    expect(m.cpuOffline(5).ret).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 5, prev_vector: 0, move_in_progress: false, started: false });
    expect(m.cpuOnline(5)).toBe(0);
    expect(m.vectorIrqList(5)).not.toContainEqual([32, irq]); // lapic_online: slot emptied
    expect(m.requestIrq(irq)).toBe(0); // CPU 5 is online and in the affinity: kept
    expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 5, started: true, affinity: '5' });
    expect(m.setAffinity(irq, [0, 1, 2, 3, 4, 5, 6, 7])).toBe(0);
    expect(m.freeIrq(irq)).toBe(0);
    expect(m.requestIrq(irq)).toBe(0);
    expect(m.state(irq)).toMatchObject({ move_pending: true, pending_mask: '0-7', affinity: '5' });
    // Through the hardware path the interrupt finds no handler and nothing moves...
    const before = JSON.stringify(m.state(irq));
    expect(m.commonInterrupt(5, 32)).toBe(0);
    expect(JSON.stringify(m.state(irq))).toBe(before);
    // ...while the chip's ack (what a trace's `fire` is) applies the pending mask: CPU 5 is in
    // it, so no vector changes and the affinity becomes the written mask.
    expect(m.fire(irq, 5)).toBe(0);
    expect(m.state(irq)).toMatchObject({ vector: 32, cpu: 5, prev_vector: 0, move_pending: false, pending_mask: '', affinity: '0-7' });
    expect(warnings()).toBe(0);
  });
});
