// x86_vector_debug_show (arch/x86/kernel/apic/vector.c): the matrix for
// /sys/kernel/debug/irq/domains/VECTOR, the apic_chip_data lines for irqs/N.
import { matrixDebugShow } from '../core/matrix_debugfs';
import type { IrqData } from '../core/irqdata';
import { ApicChipData, ISA_IRQ_VECTOR, type X86Vector } from './vector';

/** x86_vector_debug_show: the matrix for the domain file, the apicd lines for irqs/N. */
export function x86VectorDebugShow(v: X86Vector, irqd: IrqData | null, ind: number): string {
  if (!irqd) return matrixDebugShow(v.matrix, ind);
  const pad = ' '.repeat(ind);
  const irq = irqd.irq;
  if (irq < v.nrLegacyIrqs && !(v.ioApicIrqs & (1 << irq))) {
    return `${pad}Vector: ${String(ISA_IRQ_VECTOR(irq)).padStart(5)}\n${pad}Target: Legacy PIC all CPUs\n`;
  }
  const apicd = irqd.chipData instanceof ApicChipData ? irqd.chipData : null;
  if (!apicd) return `${pad}Vector: Not assigned\n`;
  const u5 = (v: number) => String(v >>> 0).padStart(5);
  let out = `${pad}Vector: ${u5(apicd.vector)}\n${pad}Target: ${u5(apicd.cpu)}\n`;
  if (apicd.prevVector) {
    out += `${pad}Previous vector: ${u5(apicd.prevVector)}\n${pad}Previous target: ${u5(apicd.prevCpu)}\n`;
  }
  out += `${pad}move_in_progress: ${apicd.moveInProgress ? 1 : 0}\n`;
  out += `${pad}is_managed:       ${apicd.isManaged ? 1 : 0}\n`;
  out += `${pad}can_reserve:      ${apicd.canReserve ? 1 : 0}\n`;
  out += `${pad}has_reserved:     ${apicd.hasReserved ? 1 : 0}\n`;
  out += `${pad}cleanup_pending:  ${apicd.clistCpu >= 0 ? 1 : 0}\n`;
  return out;
}
