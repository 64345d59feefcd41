// Which PCI devices a /proc/interrupts shows: MSI/MSI-X vectors grouped per device, and INTx lines.
import type { IrqRow } from './proc_interrupts_parse';
import { ID_RE, LIMITS, type DeviceSpec } from './schema';

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
    // Drivers that name their interrupt after the device ("0000:00:11.5") get "pci_00_11.5".
    const bdf = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2}\.[0-7])$/i.exec(name);
    if (bdf) name = `pci${bdf[1] === '0000' ? '' : bdf[1]}_${bdf[2]}_${bdf[3]}`.toLowerCase();
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
  /** Lowest IRQ number of the device in the capture: steps keep the capture's order. */
  firstIrq: number;
  spec: DeviceSpec;
  /** Interrupts the capture shows for it: the replay must grant exactly this many. */
  vectors: number;
  /** Of those, how many the model makes managed (nvme-type devices: all but the first). */
  managed: number;
  note?: string;
}

/** virtio vector names: "virtio3-req.0" (virtio-blk), "virtio0-request" (virtio-scsi), "virtio5-requests" (old virtio-blk). */
const VIRTIO_NAME = /^virtio\d+-(.*)$/;

/** What a virtio device is, from the names of its virtqueue vectors (drivers/virtio, drivers/block, drivers/scsi). */
function virtioClass(names: readonly string[]): 'blk' | 'scsi' | 'other' | null {
  const tails = names.map((n) => VIRTIO_NAME.exec(n)?.[1]).filter((t): t is string => t !== undefined);
  if (tails.length === 0 || tails.length !== names.length) return null;
  if (tails.includes('event') && tails.some((t) => /^request/.test(t))) return 'scsi';
  if (tails.some((t) => /^req\.\d+$|^requests?$/.test(t))) return 'blk';
  return 'other';
}

/**
 * The device.add spec for one MSI group. Vector counts are kept exactly: the nvme type is
 * "1 non-managed + queues managed", which is also the shape of virtio-blk (config vector +
 * blk-mq request queues, vp_request_msix_vectors with PCI_IRQ_AFFINITY and one pre-vector).
 */
export function deviceFromGroup(g: DeviceGroup, ids: IdMaker): ImportedDevice {
  const firstIrq = Math.min(...g.vectors.map((v) => v.row.irq));
  const n = g.vectors.length;
  const bdf = g.bdf ? { bdf: g.bdf } : {};
  const names = g.vectors.flatMap((v) => v.row.actions);
  const capped = Math.min(n, LIMITS.queues);
  if (names.some((a) => nvmeQueue(a) !== null)) {
    const id = ids.make(g.stem);
    const hasAdmin = names.some((a) => nvmeQueue(a)?.q === 0);
    // The admin queue's vector is always there; a capture without a q0 row simply lacks it.
    const queues = Math.max(1, Math.min(hasAdmin ? n - 1 : n, LIMITS.queues));
    const shared = g.vectors.find((v) => v.row.actions.length > 1 && v.row.actions.some((a) => nvmeQueue(a)?.q === 0));
    const notes: string[] = [];
    if (!hasAdmin) notes.push(`${id}: no admin vector (q0) in the capture; the model adds it (${queues + 1} vectors)`);
    if (shared) notes.push(`${id}: the admin queue shares its vector with I/O queue 1 (${shared.row.actions.join(', ')}): ${queues} managed queue vectors`);
    const spec: DeviceSpec = { id, type: 'nvme', queues, ...bdf };
    const d: ImportedDevice = { firstIrq, spec, vectors: queues + 1, managed: queues };
    return notes.length ? { ...d, note: notes.join('; ') } : d;
  }
  if (g.port) return { firstIrq, spec: { id: ids.make('pcieport'), type: 'msi', vectors: 1, ...bdf }, vectors: 1, managed: 0 };
  const id = ids.make(g.stem);
  const virtio = virtioClass(names);
  if ((virtio === 'blk' || virtio === 'scsi') && n >= 2) {
    const queues = Math.min(n - 1, LIMITS.queues);
    const spec: DeviceSpec = { id, type: 'nvme', queues, ...bdf };
    const note =
      virtio === 'scsi'
        ? `${id}: virtio-scsi (config, control, event + ${n - 3} request queues, the request queues managed): modelled as the nvme shape, 1 non-managed + ${queues} managed vectors (2 vectors more managed than the real device)`
        : `${id}: virtio-blk (a config vector + ${n - 1} managed request queues): modelled as the nvme shape`;
    return { firstIrq, spec, vectors: queues + 1, managed: queues, note };
  }
  if (g.kind === 'msi' && n <= LIMITS.msiVectors) {
    return { firstIrq, spec: { id, type: 'msi', vectors: n, ...bdf }, vectors: n, managed: 0 };
  }
  if (g.kind === 'unknown' && n === 1) {
    return { firstIrq, spec: { id, type: 'msi', vectors: 1, ...bdf }, vectors: 1, managed: 0 };
  }
  const spec: DeviceSpec = { id, type: 'nic', queues: capped, ...bdf };
  const why: string[] = [];
  if (g.kind === 'unknown') {
    why.push(`${id}: ${n} vectors; MSI or MSI-X cannot be told from this naming, imported as MSI-X (type nic, ${capped} queues)`);
  } else if (g.kind === 'msi') {
    why.push(`${id}: ${n} MSI vectors, more than Multi-MSI allows (32): imported as MSI-X`);
  }
  if (n > capped) why.push(`${id}: ${n} vectors, capped at ${capped}`);
  const d: ImportedDevice = { firstIrq, spec, vectors: capped, managed: 0 };
  return why.length ? { ...d, note: why.join('; ') } : d;
}

/** Handler names of level-triggered IO-APIC lines, as the formats print them. */
export function isLevelIoapic(row: IrqRow): boolean {
  return row.trigger === 'fasteoi' || row.trigger === 'level' || row.trigger === 'ioapic-level';
}

/**
 * The pin of an IO-APIC row. The IO-APIC domain's hwirq is the pin (mp_irqdomain_alloc sets
 * hwirq = info->ioapic.pin): IRQ numbers need not be GSIs (a guest without the legacy PIC has
 * its ISA pins on dynamic IRQs 24 and up). The old "chip-handler" format prints no hwirq; then
 * the IRQ number stands in for the GSI (ACPI maps GSI n to IRQ n on x86).
 */
export function ioapicPin(row: IrqRow): number {
  return row.hwirq ?? row.irq;
}

/** Platform users of level-triggered IO-APIC lines that are not PCI INTx: the ACPI SCI and ACPI devices ("INTC1056:00"). */
export function isPlatformAction(a: string): boolean {
  return a === 'acpi' || /^[A-Z][A-Z0-9]{2,3}[0-9A-F]{4}:\d\d$/.test(a);
}

/** One INTx device per distinct action of a shared PCI line; `line` is the host-bridge line (0..3, INTA..INTD). */
export function intxDevices(row: IrqRow, line: number, ids: IdMaker): ImportedDevice[] {
  const pin = (['A', 'B', 'C', 'D'] as const)[line & 3];
  const out: ImportedDevice[] = [];
  for (const a of new Set(row.actions)) {
    if (isPlatformAction(a)) continue;
    const bdf = bdfInText(a);
    const repeats = row.actions.filter((x) => x === a).length;
    const spec: DeviceSpec = { id: ids.make(a), type: 'intx', pin, ...(bdf ? { bdf } : {}) };
    const d: ImportedDevice = { firstIrq: row.irq, spec, vectors: 1, managed: 0 };
    out.push(repeats > 1 ? { ...d, note: `${spec.id}: requests line ${row.irq} ${repeats} times (one PCI function, one INTx pin): one device` } : d);
  }
  return out;
}
