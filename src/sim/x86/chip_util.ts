// Hierarchy helpers of kernel/irq/chip.c used by the chips above VECTOR: irq_chip_ack_parent,
// and the MSI message an upper level composes from the vector level (irq_msi_compose_msg of
// arch/x86/kernel/apic/apic.c, x86 physical destination mode).
import type { IrqData } from '../core/irqdata';

/** irq_chip_ack_parent */
export function irqChipAckParent(d: IrqData): void {
  const p = d.parentData;
  p?.chip?.irqAck?.(p);
}

/** MSI_ADDR_BASE_LO */
export const MSI_ADDR_BASE_LO = 0xfee00000;

/** __irq_msi_compose_msg: destination APIC id in address bits 12-19 (+ extended id), vector in data. */
export function composeVectorMsg(vector: number, destApicid: number): { addressHi: number; addressLo: number; data: number } {
  return {
    addressHi: destApicid > 0xff ? (destApicid & ~0xff) >>> 0 : 0,
    addressLo: (MSI_ADDR_BASE_LO | ((destApicid & 0xff) << 12)) >>> 0,
    data: vector & 0xff,
  };
}

/** The remappable MSI format of an IRTE index (intel_ir_compose_msi_msg). */
export function composeRemappedMsg(index: number, subHandle: number): { addressHi: number; addressLo: number; data: number } {
  return {
    addressHi: 0,
    addressLo: (MSI_ADDR_BASE_LO | ((index & 0x7fff) << 5) | (1 << 4) | (1 << 3) | (((index >> 15) & 1) << 2)) >>> 0,
    data: subHandle,
  };
}
