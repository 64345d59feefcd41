// PCI addressing and INTx routing as drivers/pci/pci.c and drivers/pci/irq.c do it:
// bus/device/function numbers, requester ids, and the swizzle of INTx pins through bridges.

export interface Bdf {
  domain: number;
  bus: number;
  dev: number;
  fn: number;
}

export function parseBdf(text: string): Bdf {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/.exec(text);
  if (!m) throw new Error(`bad PCI address "${text}"`);
  return { domain: parseInt(m[1], 16), bus: parseInt(m[2], 16), dev: parseInt(m[3], 16), fn: Number(m[4]) };
}

export function formatBdf(b: Bdf): string {
  const h = (v: number, w: number) => v.toString(16).padStart(w, '0');
  return `${h(b.domain, 4)}:${h(b.bus, 2)}:${h(b.dev, 2)}.${b.fn}`;
}

/** PCI requester id: bus << 8 | devfn (what an ITS sees as DeviceID without aliasing). */
export function requesterId(b: Bdf): number {
  return (b.bus << 8) | (b.dev << 3) | b.fn;
}

/**
 * pci_msi_domain_calc_hwirq without the MSI index: the hwirq of a global PCI-MSI domain is
 * index | requester id << 11 | PCI segment << 27 (drivers/pci/msi.c of v4.14, msi/irqdomain.c
 * today), so every device's vectors get distinct numbers in the one domain.
 */
export function pciMsiHwirqBase(rid: number, bdf: string): number {
  return rid * 2048 + parseBdf(bdf).domain * 2 ** 27;
}

/** pci_swizzle_interrupt_pin: pins 1..4 (INTA..INTD) rotate by the slot at each bridge. */
export function swizzlePin(pin: number, slot: number): number {
  return ((pin - 1 + slot) % 4) + 1;
}

export const PIN_NUMBER = { A: 1, B: 2, C: 3, D: 4 } as const;

/**
 * The host-bridge line (0..3 for INTA..INTD) a device's pin lands on. A device behind a
 * root port on bus N > 0 is swizzled once at the root port (slot of the port on bus 0 =
 * `slot`, default the device number), then routed by the platform (_PRT / interrupt-map).
 */
export function hostBridgeLine(pin: 'A' | 'B' | 'C' | 'D', slot: number): number {
  return swizzlePin(PIN_NUMBER[pin], slot) - 1;
}

/**
 * Picks PCI addresses for devices added without one: each on its own bus behind a root
 * port, buses counted up from 1, skipping addresses already taken.
 */
export class BdfAllocator {
  private taken = new Set<string>();
  private nextBus = 1;

  take(bdf: string): void {
    this.taken.add(bdf);
  }

  release(bdf: string): void {
    this.taken.delete(bdf);
  }

  has(bdf: string): boolean {
    return this.taken.has(bdf);
  }

  next(): string {
    for (;;) {
      const bdf = formatBdf({ domain: 0, bus: this.nextBus++ & 0xff, dev: 0, fn: 0 });
      if (!this.taken.has(bdf)) {
        this.taken.add(bdf);
        return bdf;
      }
    }
  }
}
