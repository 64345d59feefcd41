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

/** The host bridge's INTA..INTD are wired to IO-APIC pins 16..19. */
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
