// Which PCI devices a /proc/interrupts shows: MSI/MSI-X vectors grouped per device, and INTx lines.
import type { IrqRow } from './proc_interrupts_parse';
import { ID_RE, type DeviceSpec } from './schema';

/** Whether a vector is known to be MSI or MSI-X, or the naming does not say. */
export type MsiKind = 'msi' | 'msix' | 'unknown';

export interface MsiVector {
  row: IrqRow;
  kind: MsiKind;
  bdf: string | null;
  /** How the bdf was learnt, for notes. */
  bdfFrom: 'domain name' | 'hwirq' | 'action name' | null;
}

const BDF_IN_TEXT = /([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])/;
const PER_DEVICE_MSI = /^(?:IR-|ITS-)?PCI-(MSIX?)-([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])$/;
const GLOBAL_PCI_MSI = new Set(['PCI-MSI', 'IR-PCI-MSI', 'ITS-MSI']);

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * The PCI address packed in a global PCI-MSI domain's hwirq: the MSI index in bits 0-10, the
 * requester id (bus << 8 | devfn) in bits 11-26 and the PCI domain from bit 27 up
 * (pci_msi_domain_calc_hwirq in drivers/pci/msi/irqdomain.c).
 */
export function bdfFromMsiHwirq(hwirq: number): string | null {
  if (!Number.isSafeInteger(hwirq) || hwirq < 0) return null;
  const rid = Math.floor(hwirq / 2048) % 65536;
  const domain = Math.floor(hwirq / 2 ** 27);
  if (domain > 0xffff) return null;
  const bus = rid >> 8;
  const dev = (rid >> 3) & 31;
  const fn = rid & 7;
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(dev, 2)}.${fn}`;
}

function bdfInText(s: string): string | null {
  const m = BDF_IN_TEXT.exec(s);
  return m ? `${m[1]}:${m[2]}:${m[3]}.${m[4]}`.toLowerCase() : null;
}

/** The MSI vector a row describes, or null when the row is not a PCI MSI/MSI-X vector. */
export function msiVectorOf(row: IrqRow): MsiVector | null {
  const per = PER_DEVICE_MSI.exec(row.chip);
  if (per) {
    return { row, kind: per[1] === 'MSIX' ? 'msix' : 'msi', bdf: per[2].toLowerCase(), bdfFrom: 'domain name' };
  }
  if (row.chip === 'xen-pirq' && (row.trigger === 'msi' || row.trigger === 'msi-x')) {
    const bdf = row.actions.map(bdfInText).find((b) => b !== null) ?? null;
    return { row, kind: row.trigger === 'msi' ? 'msi' : 'msix', bdf, bdfFrom: bdf ? 'action name' : null };
  }
  if (GLOBAL_PCI_MSI.has(row.chip)) {
    if (row.hwirq !== null) {
      return { row, kind: 'unknown', bdf: bdfFromMsiHwirq(row.hwirq), bdfFrom: 'hwirq' };
    }
    const bdf = row.actions.map(bdfInText).find((b) => b !== null) ?? null;
    return { row, kind: 'unknown', bdf, bdfFrom: bdf ? 'action name' : null };
  }
  return null;
}

const PORT_SERVICES = new Set(['PCIe PME', 'aerdrv', 'pciehp', 'pcie-dpc', 'dpc', 'PCIe bwctrl', 'bwctrl']);

/** True for the PCIe port driver's own vectors ("PCIe PME, aerdrv"). */
export function isPortService(row: IrqRow): boolean {
  return row.actions.length > 0 && row.actions.every((a) => PORT_SERVICES.has(a));
}

const QUEUE_SUFFIX =
  /^(.*?)(?:[-_:.]?(?:txrx|tx-rx|rxtx|tx|rx|comp|msix|queue|default_queue|exception|async|mgmnt|input|output|req|request|virtqueues|config|control|event|cursor)(?:[-_.]?\d+)?)+$/i;

/** The device part of a vector's name: "enp1s0-TxRx-3" -> "enp1s0", "nvme0q4" -> "nvme0". */
export function stemOf(action: string): string {
  const s = action.replace(/@pci:.*$/, '').replace(/\[.*$/, '').replace(/\(.*\)$/, '');
  const nvme = /^(nvme\d+)q\d+$/.exec(s);
  if (nvme) return nvme[1];
  const q = QUEUE_SUFFIX.exec(s);
  if (q && q[1] !== '') return q[1];
  return s;
}

/** The nvme queue number of a vector name ("nvme0q3" -> 3), or null. */
export function nvmeQueue(action: string): { ctrl: string; q: number } | null {
  const m = /^(nvme\d+)q(\d+)$/.exec(action);
  return m ? { ctrl: m[1], q: Number(m[2]) } : null;
}

export interface DeviceGroup {
  key: string;
  stem: string;
  bdf: string | null;
  kind: MsiKind;
  vectors: MsiVector[];
  port: boolean;
}

/** Groups MSI vectors into devices: by PCI address when known, else by name stem. */
export function groupVectors(vectors: readonly MsiVector[]): DeviceGroup[] {
  const groups = new Map<string, DeviceGroup>();
  let ports = 0;
  for (const v of vectors) {
    const first = v.row.actions[0] ?? `irq${v.row.irq}`;
    const port = isPortService(v.row);
    const stem = port ? 'pcieport' : stemOf(first);
    // Port services without an address are one device per line, never merged by name.
    const key = v.bdf ? `bdf:${v.bdf}` : port ? `port:${ports++}` : `name:${stem}`;
    const g = groups.get(key);
    if (g) {
      g.vectors.push(v);
      if (g.kind !== v.kind) g.kind = g.kind === 'unknown' ? v.kind : v.kind === 'unknown' ? g.kind : 'msix';
    } else {
      groups.set(key, { key, stem, bdf: v.bdf, kind: v.kind, vectors: [v], port });
    }
  }
  return [...groups.values()];
}

/** Unique, schema-valid device ids made from names. */
export class IdMaker {
  private used = new Set<string>();

  make(name: string): string {
    let base = name.replace(/[^A-Za-z0-9_.-]/g, '_');
    if (!/^[A-Za-z]/.test(base)) base = `d${base}`;
    base = base.slice(0, 32);
    let id = base;
    for (let n = 1; this.used.has(id) || !ID_RE.test(id); n++) {
      const suffix = `_${n}`;
      id = base.slice(0, 32 - suffix.length) + suffix;
    }
    this.used.add(id);
    return id;
  }
}

export interface ImportedDevice {
  firstIrq: number;
  spec: DeviceSpec;
  note?: string;
}

/** The device.add spec for one MSI group. */
export function deviceFromGroup(g: DeviceGroup, ids: IdMaker): ImportedDevice {
  const firstIrq = Math.min(...g.vectors.map((v) => v.row.irq));
  const n = g.vectors.length;
  const bdf = g.bdf ? { bdf: g.bdf } : {};
  const names = g.vectors.flatMap((v) => v.row.actions);
  const queues = new Set(names.map(nvmeQueue).filter((q) => q !== null && q.q >= 1).map((q) => q!.q));
  if (names.some((a) => nvmeQueue(a) !== null)) {
    const q = Math.min(Math.max(queues.size, 1), 2048);
    return { firstIrq, spec: { id: ids.make(g.stem), type: 'nvme', queues: q, ...bdf } };
  }
  if (g.port) return { firstIrq, spec: { id: ids.make('pcieport'), type: 'msi', vectors: 1, ...bdf } };
  const id = ids.make(g.stem);
  if (g.kind === 'msi' && n <= 32) return { firstIrq, spec: { id, type: 'msi', vectors: n, ...bdf } };
  if (g.kind === 'unknown' && n === 1) {
    return { firstIrq, spec: { id, type: 'msi', vectors: 1, ...bdf } };
  }
  const queuesN = Math.min(n, 2048);
  const spec: DeviceSpec = { id, type: 'nic', queues: queuesN, ...bdf };
  const why =
    g.kind === 'unknown'
      ? `${id}: ${n} vectors; MSI or MSI-X cannot be told from this naming, imported as MSI-X (type nic, ${queuesN} queues)`
      : undefined;
  return why ? { firstIrq, spec, note: why } : { firstIrq, spec };
}

/** Handler names of level-triggered IO-APIC lines, as the formats print them. */
export function isLevelIoapic(row: IrqRow): boolean {
  return row.trigger === 'fasteoi' || row.trigger === 'level' || row.trigger === 'ioapic-level';
}

/** The GSI of an IO-APIC row: the hwirq (pin) when printed, else the IRQ number (identity-mapped GSIs). */
export function ioapicGsi(row: IrqRow): number {
  return Math.max(row.irq, row.hwirq ?? 0);
}

/** INTx devices behind one level-triggered PCI line (GSI 16 and up): one per action. */
export function intxDevices(row: IrqRow, ids: IdMaker): ImportedDevice[] {
  const gsi = ioapicGsi(row);
  const pin = (['A', 'B', 'C', 'D'] as const)[(gsi - 16) % 4];
  return row.actions.map((a) => {
    const bdf = bdfInText(a);
    const spec: DeviceSpec = { id: ids.make(a), type: 'intx', pin, ...(bdf ? { bdf } : {}) };
    return { firstIrq: row.irq, spec };
  });
}
