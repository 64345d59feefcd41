// What every x86 machine of the engine shares, whatever its vector allocator: the PC
// platform around the APIC (ISA handlers at boot, PCI INTx pins on the IO-APIC, counted per
// pin as arch/x86/kernel/apic/io_apic.c mp_map_pin_to_irq / mp_unmap_irq do) and what a
// guest costs the host.
import type { Result } from '../engine/backend';
import { ok, refused } from '../engine/backend';
import { EINVAL, errnoName } from '../lib/errno';

/** ISA interrupts with a handler on a typical PC at boot, and their names. */
export const BOOT_ISA_HANDLERS: ReadonlyArray<readonly [number, string]> = [
  [0, 'timer'],
  [1, 'i8042'],
  [4, 'ttyS0'],
  [8, 'rtc0'],
  [9, 'acpi'],
  [12, 'i8042'],
];

/**
 * The MADT interrupt source overrides of the modelled PC (arch/x86/kernel/acpi/boot.c,
 * acpi_parse_int_src_ovr -> mp_override_legacy_irq, read in mainline): the 8254 timer's ISA
 * irq 0 arrives on IO-APIC pin 2 (GSI 2; pin 0 carries the 8259's ExtINT, so irq 2 is left
 * unused), edge; and the ACPI SCI on irq 9, which acpi_sci_ioapic_setup makes level-triggered,
 * active low when the override says "conforms to the bus" ("compatible SCI trigger is level").
 * Every real x86 /proc/interrupts shows them: "0: ... IO-APIC   2-edge      timer",
 * "9: ... IO-APIC   9-fasteoi   acpi". The other ISA irqs sit on the pin of their number, edge.
 */
export const ISA_IRQ_OVERRIDES: ReadonlyMap<number, { pin: number; level: boolean }> = new Map([
  [0, { pin: 2, level: false }],
  [9, { pin: 9, level: true }],
]);

/** The IO-APIC pin and trigger of an ISA irq on the modelled PC. */
export function isaIrqPin(irq: number): { pin: number; level: boolean } {
  return ISA_IRQ_OVERRIDES.get(irq) ?? { pin: irq, level: false };
}

/** The host bridge's INTA..INTD are wired to IO-APIC pins 16..19 (PCI INTx: level, active low). */
export const PCI_INTX_PIN_BASE = 16;

/** mp_chip_data.count: users of each IO-APIC pin's mapping. */
export class PinUsers {
  private readonly users = new Map<number, number>();

  /** One more user; returns how many there were before (0: map the pin now). */
  get(pin: number): number {
    const n = this.users.get(pin) ?? 0;
    this.users.set(pin, n + 1);
    return n;
  }

  /** One user fewer; returns how many remain (0: unmap the pin now). */
  put(pin: number): number {
    const n = (this.users.get(pin) ?? 0) - 1;
    if (n > 0) this.users.set(pin, n);
    else this.users.delete(pin);
    return Math.max(0, n);
  }
}

/**
 * vm.launch on a bare-metal x86 host. A KVM guest takes no host descriptors or device vectors
 * (posted-interrupt notification vectors are system vectors, reserved at boot); a Xen guest
 * needs a Xen dom0 machine.
 */
export function x86VmLaunch(type: 'kvm' | 'xen'): Result<number> {
  if (type === 'xen') return refused(-EINVAL, errnoName(-EINVAL), 'Xen guests need a Xen dom0 machine');
  return ok(0);
}
