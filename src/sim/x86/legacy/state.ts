// Read-only views of the v4.14 vector state (arch/x86/kernel/apic/vector.c): the non-empty
// slots of a CPU's vector_irq table.
import { NR_VECTORS, VECTOR_UNUSED } from './types';

/** [vector, value] of every non-empty slot of `cpu` (value: irq, or -1 VECTOR_RETRIGGERED). */
export function vectorTable(m: { vectorIrq: Int32Array }, cpu: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const base = cpu * NR_VECTORS;
  for (let v = 0; v < NR_VECTORS; v++) {
    const irq = m.vectorIrq[base + v];
    if (irq !== VECTOR_UNUSED) out.push([v, irq]);
  }
  return out;
}
