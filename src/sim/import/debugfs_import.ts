// A scenario from /sys/kernel/debug/irq captures: CPUs and online maps from the VECTOR
// matrix, remapping and IO-APICs from the domain names, PCI devices from the per-device MSI
// domains (v6.2+ "IR-PCI-MSIX-<bdf>-12", mapped = vectors) and from irqs/N (device:, is_managed).
import { bdfFromMsiHwirq, type ImportedDevice } from '../scenario/proc_interrupts_devices';
import { LIMITS, type DeviceSpec, type Machine } from '../scenario/schema';
import { finishScenario, listSome, type ImportResult } from './build';
import type { DebugfsCapture, IrqDump, MatrixDump } from './debugfs_parse';

const PER_DEVICE = /^(?:IR-|ITS-)?PCI-(MSIX?)-([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])-\d+$/;
const PCI_MSI_CHIP = /^(?:IR-|ITS-)?PCI-MSIX?(?:-|$)|^ITS-MSI$|^IR-PCI-MSI$/;

interface Found {
  bdf: string;
  kind: 'msi' | 'msix' | 'unknown';
  /** Vectors the per-device domain maps, or null. */
  mapped: number | null;
  /** Interrupts of irqs/N files: how many, how many managed, the highest MSI index seen. */
  irqs: number;
  managed: number;
  maxIndex: number;
  firstIrq: number;
}

function isArm64(c: DebugfsCapture): boolean {
  return (
    c.irqs.some((i) => i.levels.some((l) => /^GIC|^ITS$/.test(l.chip))) ||
    c.domains.some((d) => /interrupt-controller@|its@|^GIC/.test(d.name))
  );
}

function idOf(bdf: string): string {
  const [dom, bus, devfn] = bdf.split(':');
  return `pci${dom === '0000' ? '' : dom}_${bus}_${devfn}`;
}

/** The PCI MSI level of an irq and what it says: address, MSI-X or not, the vector's index. */
function msiOf(i: IrqDump): { bdf: string; kind: Found['kind']; index: number } | null {
  const top = i.levels[0];
  if (!top || !(PCI_MSI_CHIP.test(top.chip) || PER_DEVICE.test(top.domain) || /^(?:IR-)?PCI-MSI-\d+$|^INTEL-IR-MSI-/.test(top.domain))) {
    return null;
  }
  const per = PER_DEVICE.exec(top.domain);
  if (per) return { bdf: per[2], kind: per[1] === 'MSIX' ? 'msix' : 'msi', index: top.hwirq ?? 0 };
  // A global PCI-MSI domain packs the requester id and the index in its hwirq.
  const bdf = i.device ?? (top.hwirq !== null ? bdfFromMsiHwirq(top.hwirq) : null);
  if (!bdf) return null;
  return { bdf, kind: /MSIX/.test(top.chip) ? 'msix' : 'unknown', index: top.hwirq !== null ? top.hwirq % 2048 : 0 };
}

function collect(c: DebugfsCapture, notes: string[]): Found[] {
  const found = new Map<string, Found>();
  const get = (bdf: string, kind: Found['kind']) => {
    let f = found.get(bdf);
    if (!f) {
      f = { bdf, kind, mapped: null, irqs: 0, managed: 0, maxIndex: -1, firstIrq: Number.MAX_SAFE_INTEGER };
      found.set(bdf, f);
    }
    if (f.kind === 'unknown') f.kind = kind;
    return f;
  };
  c.domains.forEach((d, n) => {
    const m = PER_DEVICE.exec(d.name);
    if (!m || !d.mapped) return;
    const f = get(m[2], m[1] === 'MSIX' ? 'msix' : 'msi');
    f.mapped = d.mapped;
    f.firstIrq = Math.min(f.firstIrq, 100_000 + n);
  });
  let unrequested = 0;
  for (const i of c.irqs) {
    const m = msiOf(i);
    if (!m) continue;
    if (!i.dstate.includes('IRQD_ACTIVATED') && !i.dstate.includes('IRQD_IRQ_STARTED')) unrequested++;
    const f = get(m.bdf, m.kind);
    f.irqs++;
    if (i.isManaged) f.managed++;
    f.maxIndex = Math.max(f.maxIndex, m.index);
    f.firstIrq = Math.min(f.firstIrq, i.irq ?? 0);
  }
  if (unrequested > 0) notes.push(`${unrequested} MSI interrupts are allocated but not started (no handler yet); imported with their device`);
  return [...found.values()];
}

function deviceOf(f: Found, notes: string[]): ImportedDevice {
  const id = idOf(f.bdf);
  let n = f.mapped ?? f.irqs;
  if (f.mapped === null && f.maxIndex + 1 > n) {
    notes.push(`${id}: irqs/ shows ${f.irqs} of its vectors, the highest index ${f.maxIndex}: modelled with ${f.maxIndex + 1}`);
    n = f.maxIndex + 1;
  }
  n = Math.max(1, Math.min(n, LIMITS.queues + 1));
  const bdf = { bdf: f.bdf };
  let spec: DeviceSpec;
  let managed = 0;
  if (f.managed > 0 && n >= 2) {
    spec = { id, type: 'nvme', queues: Math.min(n - 1, LIMITS.queues), ...bdf };
    managed = n - 1;
    if (f.managed !== n - 1) notes.push(`${id}: ${f.managed} managed of ${n} vectors seen: modelled as 1 non-managed + ${n - 1} managed (the nvme shape)`);
  } else if (f.kind === 'msi' && n <= LIMITS.msiVectors) {
    spec = { id, type: 'msi', vectors: n, ...bdf };
  } else if (f.kind === 'unknown' && n === 1) {
    spec = { id, type: 'msi', vectors: 1, ...bdf };
  } else {
    spec = { id, type: 'nic', queues: Math.min(n, LIMITS.queues), ...bdf };
    if (f.irqs === 0) notes.push(`${id}: ${n} MSI-X vectors; whether they are managed is in irqs/N, not in domains/: imported as non-managed (type nic)`);
  }
  const vectors = spec.type === 'nvme' ? spec.queues + 1 : spec.type === 'nic' ? spec.queues : spec.type === 'msi' ? spec.vectors : 1;
  return { firstIrq: f.firstIrq, spec, vectors, managed };
}

function cpusOf(c: DebugfsCapture, matrix: MatrixDump | null, m: Machine, notes: string[]): void {
  let max = -1;
  for (const r of matrix?.rows ?? []) max = Math.max(max, r.cpu);
  const fromMatrix = max;
  for (const i of c.irqs) for (const cpu of [...i.affinity, ...i.effective, i.target ?? -1]) max = Math.max(max, cpu);
  m.cpus = Math.min(Math.max(max + 1, 1), LIMITS.cpus);
  if (matrix && matrix.rows.length > 0) {
    const listed = matrix.rows.map((r) => r.cpu).sort((a, b) => a - b);
    if (listed.length < fromMatrix + 1) {
      m.online = listed[0] === 0 ? listed : [0, ...listed];
      notes.push(`CPUs missing from the matrix are offline: online ${m.online.join(',')} (Online bitmaps: ${matrix.onlineMaps})`);
    }
    notes.push(`${m.cpus} CPUs: the highest CPU of the matrix; offline CPUs above it are not visible`);
  } else {
    notes.push(`at least ${m.cpus} CPUs (the highest CPU named in affinity/effective/Target); the real machine may have more`);
  }
}

function matrixNotes(matrix: MatrixDump, notes: string[]): void {
  const managed = matrix.rows.reduce((s, r) => s + r.mac, 0);
  const act = matrix.rows.reduce((s, r) => s + r.act, 0);
  notes.push(
    `the matrix shows ${matrix.totalAllocated} allocated vectors (${act} on the listed CPUs, ${managed} of them managed) and ${matrix.globalReserved} reservations; which devices own them is not in domains/VECTOR, only the devices named elsewhere in the capture are imported`,
  );
  if (matrix.systemCount !== null) notes.push(`system vectors of the real kernel: ${matrix.systemCount} (the model uses its own set)`);
  const busy = matrix.rows.filter((r) => r.avl === 0).map((r) => r.cpu);
  if (busy.length > 0) notes.push(`CPU ${busy.join(', ')} had no vector available (avl 0): not recreated`);
}

/** A scenario from a parsed debugfs capture. */
export function importDebugfs(c: DebugfsCapture, format: string): ImportResult {
  const notes: string[] = [];
  const arm64 = isArm64(c);
  const m: Machine = {};
  if (arm64) m.arch = 'arm64';
  const matrix = c.matrix ?? c.domains.find((d) => d.matrix !== null)?.matrix ?? null;
  cpusOf(c, matrix, m, notes);
  if (!arm64) {
    const names = [...c.domains.map((d) => d.name), ...c.domains.flatMap((d) => d.parents), ...c.irqs.flatMap((i) => i.levels.map((l) => `${l.domain} ${l.chip}`))];
    if (names.some((n) => !/^(?:VECTOR|default)$/.test(n))) {
      m.remapping = names.some((n) => /(?:^|\s)(?:INTEL-IR|AMD-IR|IR-)/.test(n));
      notes.push(m.remapping ? 'interrupt remapping on: INTEL-IR/AMD-IR domains' : 'interrupt remapping off: no INTEL-IR/AMD-IR domain');
    } else notes.push('interrupt remapping is not visible in the matrix alone: the default (on) is kept');
    const ioapic = c.domains.filter((d) => /^IO-APIC-\d+$/.test(d.name));
    if (ioapic.length > 0) {
      const pins = ioapic.reduce((s, d) => s + (d.size ?? 24), 0);
      m.ioapics = Math.min(LIMITS.ioapics, Math.max(ioapic.length, Math.ceil(pins / 24)));
      notes.push(`${ioapic.length} IO-APIC domain(s) with ${pins} pins: modelled as ${m.ioapics} IO-APICs of 24 pins`);
    } else {
      // From irqs/N: the pins (IO-APIC hwirq) and the first dynamic IRQ (gsi_top), as for /proc/interrupts.
      const pins = c.irqs.filter((i) => i.levels[0] && /IO-APIC/.test(i.levels[0].chip)).map((i) => i.levels[0].hwirq ?? 0);
      const dyn = c.irqs.filter((i) => i.irq !== null && i.irq >= 16 && msiOf(i) !== null).map((i) => i.irq!);
      if (pins.length > 0) {
        const n = Math.min(LIMITS.ioapics, Math.max(Math.ceil((Math.max(...pins) + 1) / 24), dyn.length ? Math.floor(Math.min(...dyn) / 24) : 0));
        if (n > 1) {
          m.ioapics = n;
          notes.push(`IO-APIC pins up to ${Math.max(...pins)}${dyn.length ? `, MSI IRQs from ${Math.min(...dyn)}` : ''}: modelled as ${n} IO-APICs of 24 pins (${n * 24} GSIs)`);
        }
      }
    }
  } else {
    notes.push('GIC: version, LPI bits and ITS count are not visible; defaults kept (v3, 16, 1)');
  }
  if (matrix) matrixNotes(matrix, notes);
  const devices = collect(c, notes).map((f) => deviceOf(f, notes));
  if (c.irqs.some((i) => i.levels[0] && /IO-APIC/.test(i.levels[0].chip))) {
    notes.push('IO-APIC lines of irqs/N name no device (device: (null)): INTx devices are not imported');
  }
  const platform = c.domains.filter((d) => !PER_DEVICE.test(d.name) && !/^(?:VECTOR|IO-APIC-\d+|INTEL-IR-.*|AMD-IR-.*|DMAR-MSI|default)$/.test(d.name)).map((d) => d.name);
  if (platform.length > 0) notes.push(`domains not modelled: ${listSome(platform, 6)}`);
  notes.push('NUMA nodes and SMT siblings are not visible: defaults kept');
  const title = `Imported ${format}: ${arm64 ? 'arm64' : 'x86_64'}, ${m.cpus} CPUs, ${devices.length} devices`;
  return finishScenario(format, title, m, devices, notes);
}
