// Lookups over a snapshot shared by the views: irq number -> row, device id -> row.
import type { DeviceRow, IrqRow, Snapshot } from '../../sim/snapshot';

const irqCache = new WeakMap<IrqRow[], Map<number, IrqRow>>();
const devCache = new WeakMap<DeviceRow[], Map<string, DeviceRow>>();

/** irq number -> its row (cached per snapshot). */
export function irqIndex(s: Snapshot): Map<number, IrqRow> {
  let m = irqCache.get(s.irqs);
  if (!m) {
    m = new Map(s.irqs.map((r) => [r.irq, r]));
    irqCache.set(s.irqs, m);
  }
  return m;
}

/** device id -> its row (cached per snapshot). */
export function deviceIndex(s: Snapshot): Map<string, DeviceRow> {
  let m = devCache.get(s.devices);
  if (!m) {
    m = new Map(s.devices.map((d) => [d.id, d]));
    devCache.set(s.devices, m);
  }
  return m;
}

/** The domain chain of an irq, top first: "PCI-MSI-0000:00:03.0 → IR-PCI-MSI → VECTOR". */
export function chainText(r: IrqRow): string {
  // Rows of a kernel without hierarchical domains (v4.14 x86) carry only a chip, no domain name.
  return r.levels.map((l) => l.domain).filter(Boolean).join(' → ');
}
