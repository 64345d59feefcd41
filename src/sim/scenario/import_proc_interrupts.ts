// A scenario guessed from a real /proc/interrupts: the machine from its chips, the devices from their vectors.
import { finishScenario, listSome, type ImportResult } from '../import/build';
import { familyOf, unsupportedMessage, type Family } from '../import/arch';
import { parseProcInterrupts, type IrqRow, type ProcInterrupts } from './proc_interrupts_parse';
import {
  IdMaker,
  deviceFromGroup,
  groupVectors,
  intxDevices,
  ioapicPin,
  isLevelIoapic,
  isPlatformAction,
  msiVectorOf,
  type ImportedDevice,
  type MsiVector,
} from './proc_interrupts_devices';
import { LIMITS, type Machine } from './schema';

export type { ImportResult } from '../import/build';

export const NOT_PROC =
  'this is not /proc/interrupts text: expected a header of CPU columns ("CPU0 CPU1 ...") and lines like " 24:  0  0  PCI-MSI 524288-edge  nvme0q0"';

const IOAPIC_PINS = 24;

function isIoapicRow(r: IrqRow): boolean {
  return /^(?:IR-)?IO-APIC$/.test(r.chip) || (r.chip === 'xen-pirq' && r.trigger.startsWith('ioapic'));
}

function xenRole(p: ProcInterrupts, notes: string[]): 'dom0' | 'hvm' | 'pv' {
  const emulatedIoapic = p.rows.some((r) => /^(?:IR-)?IO-APIC$/.test(r.chip));
  if (emulatedIoapic) {
    notes.push('Xen: the IO-APIC timer line shows an HVM guest (role "hvm")');
    return 'hvm';
  }
  if (p.rows.some((r) => r.chip === 'xen-pirq')) {
    notes.push('Xen: physical interrupts (xen-pirq) without an emulated IO-APIC: taken as dom0 (a PV guest with passthrough looks the same)');
    return 'dom0';
  }
  notes.push('Xen: no emulated IO-APIC and no physical interrupts: taken as a PV guest (role "pv")');
  return 'pv';
}

/**
 * How many 24-pin IO-APICs stand for the real ones. The pins seen give a lower bound; the first
 * dynamic (MSI) IRQ gives gsi_top, where x86 starts dynamic IRQs (arch_dynirq_lower_bound), so
 * modelling that many GSIs keeps the capture's IRQ numbers.
 */
function ioapicCount(p: ProcInterrupts, notes: string[]): number | undefined {
  const ioapicRows = p.rows.filter(isIoapicRow);
  if (ioapicRows.length === 0) {
    notes.push('no IO-APIC line seen: the default of 1 IO-APIC is kept');
    return undefined;
  }
  const maxPin = Math.max(...ioapicRows.map(ioapicPin));
  const byPins = Math.ceil((maxPin + 1) / IOAPIC_PINS);
  // DMAR-MSI, HPET-MSI and PCI MSI lines all take dynamic IRQs.
  const dynamic = p.rows.filter((r) => r.irq >= 16 && !isIoapicRow(r) && r.chip !== 'XT-PIC' && !r.chip.startsWith('xen-')).map((r) => r.irq);
  const firstDynamic = dynamic.length > 0 ? Math.min(...dynamic) : -1;
  const byDynamic = Math.floor(firstDynamic / IOAPIC_PINS);
  const n = Math.min(Math.max(byPins, byDynamic), LIMITS.ioapics);
  if (n > 1) {
    const why = byDynamic > byPins ? `dynamic IRQs start at ${firstDynamic} (gsi_top), IO-APIC pins up to ${maxPin}` : `IO-APIC pin ${maxPin} seen`;
    notes.push(`${why}: modelled as ${n} IO-APICs of ${IOAPIC_PINS} pins (${n * IOAPIC_PINS} GSIs; the real chip may be one IO-APIC with more pins)`);
  }
  return n;
}

function x86Machine(p: ProcInterrupts, m: Machine, notes: string[]): void {
  const n = ioapicCount(p, notes);
  if (n !== undefined) m.ioapics = n;
  m.remapping = p.rows.some((r) => r.chip.startsWith('IR-'));
  notes.push(m.remapping ? 'interrupt remapping on: chips are named IR-...' : 'interrupt remapping off: no IR-... chip names');
  if (p.rows.some((r) => r.chip.startsWith('xen-'))) {
    m.xen = { role: xenRole(p, notes) };
    notes.push('Xen: the event channel ABI (2l or fifo) is not visible; the default is kept');
  }
  if (p.rows.some((r) => r.format === 'x86-old')) {
    m.kernel = { vectors: 'legacy', descriptors: 'bitmap' };
    notes.push('the "chip-handler" naming (no hwirq column) is from before v4.3: kernel policies set to legacy vectors and bitmap descriptors');
  }
}

/**
 * The host-bridge line (0..3) a level-triggered IO-APIC line stands for, or null when the line
 * is not PCI INTx. GSIs 16 and up are PCI lines; below 16 a level line with PCI drivers is a
 * PCI line routed to an ISA IRQ by the chipset (PIIX PIRQ links); the ACPI SCI is not.
 */
function intxLine(r: IrqRow): number | null {
  if (!isLevelIoapic(r) || r.actions.length === 0) return null;
  if (r.actions.every(isPlatformAction)) return null;
  const pin = ioapicPin(r);
  return pin >= 16 ? (pin - 16) & 3 : pin & 3;
}

function importDevices(p: ProcInterrupts, arch: 'x86_64' | 'arm64', notes: string[]): ImportedDevice[] {
  const ids = new IdMaker();
  const vectors: MsiVector[] = [];
  const intxRows: { row: IrqRow; line: number }[] = [];
  const skippedChips = new Map<string, number>();
  let legacy = 0;
  let platform = 0;
  let xenEvents = 0;
  let unrequested = 0;
  for (const r of p.rows) {
    const v = msiVectorOf(r);
    if (v) {
      if (r.actions.length > 0) vectors.push(v);
      else unrequested++;
      continue;
    }
    if (arch === 'x86_64' && isIoapicRow(r)) {
      const line = intxLine(r);
      if (line !== null) intxRows.push({ row: r, line });
      else legacy++;
      continue;
    }
    if (r.chip === 'xen-percpu' || r.chip === 'xen-dyn') {
      xenEvents++;
      continue;
    }
    if (arch === 'arm64' && /^GIC/.test(r.chip)) {
      platform++;
      continue;
    }
    skippedChips.set(r.chip || '(none)', (skippedChips.get(r.chip || '(none)') ?? 0) + 1);
  }
  const devices: ImportedDevice[] = [];
  for (const g of groupVectors(vectors)) devices.push(deviceFromGroup(g, ids));
  for (const { row, line } of intxRows) devices.push(...intxDevices(row, line, ids));

  const lowIntx = intxRows.filter(({ row }) => ioapicPin(row) < 16).map(({ row }) => row.irq);
  if (intxRows.length > 0) {
    notes.push('INTx devices: each sits on the host-bridge line of its IO-APIC line (GSI 16 + line, pin chosen, slot 0); the real slot and pin are not visible');
  }
  const high = intxRows.filter(({ row }) => ioapicPin(row) > 19).map(({ row }) => ioapicPin(row));
  if (high.length > 0) {
    notes.push(`PCI INTx on IO-APIC pins ${[...new Set(high)].join(', ')} (above the 4 PCI lines 16-19 the model routes): folded onto line 16 + (pin - 16) mod 4`);
  }
  if (lowIntx.length > 0) {
    notes.push(`PCI INTx routed to ISA IRQ ${[...new Set(lowIntx)].join(', ')} by the chipset: modelled on the IO-APIC's PCI lines 16-19`);
  }
  if (unrequested > 0) notes.push(`${unrequested} MSI lines without a handler (allocated, not requested) not imported`);
  if (legacy > 0) notes.push(`${legacy} legacy IO-APIC lines (ISA: timer, i8042, rtc0, acpi...) belong to the machine, not imported`);
  if (platform > 0) notes.push(`${platform} GIC lines (SGIs/PPIs/SPIs of platform devices) not imported`);
  if (xenEvents > 0) notes.push(`${xenEvents} Xen event-channel lines (xen-percpu, xen-dyn) are the kernel's own, not imported`);
  if (skippedChips.size > 0) {
    const list = [...skippedChips].map(([c, n]) => `${c} (${n})`).join(', ');
    notes.push(`chips not modelled, their lines skipped: ${list}`);
  }
  return devices;
}

function formatName(p: ProcInterrupts, fam: Extract<Family, { arch: string }>): string {
  const kinds = new Set<string>();
  for (const r of p.rows) {
    if (/^(?:IR-|ITS-)?PCI-MSIX?-[0-9a-f]{4}:/i.test(r.chip)) kinds.add('per-device MSI naming (v6.2+)');
    else if (r.format === 'x86-old') kinds.add('chip-handler naming (before v4.3)');
    else if (/^(?:IR-)?PCI-MSI$|^ITS-MSI$/.test(r.chip)) kinds.add('global MSI domain naming');
    if (r.chip.startsWith('xen-')) kinds.add('Xen guest');
  }
  const arch = fam.arch === 'arm64' ? `arm64, GIC${fam.gic}` : 'x86';
  return `/proc/interrupts (${[arch, ...kinds].join(', ')})`;
}

/** Lines cut short (fewer counts than the header has CPUs and no chip): a capture that stops mid-line. */
function cutLines(p: ProcInterrupts): IrqRow[] {
  return p.rows.filter((r) => p.header !== null && r.counts < p.columns && r.format === 'unknown' && r.chip === '');
}

/** The last architecture row, when it stops before its last CPU (ERR:/MIS: have a single count). */
function cutArchRow(p: ProcInterrupts): number | null {
  const last = p.archRows[p.archRows.length - 1];
  const lastRow = p.rows[p.rows.length - 1];
  if (!last || !p.header || (lastRow && lastRow.line > last.line)) return null;
  return last.counts > 1 && last.counts < p.columns && last.description === '' ? last.line : null;
}

/**
 * A scenario from the text of /proc/interrupts: the machine (arch from chip names, CPUs from
 * the header, IO-APICs, remapping, GIC, Xen role) and one device.add per PCI device seen;
 * `notes` says what could not be inferred. Never throws.
 */
export function importProcInterrupts(text: string): ImportResult {
  try {
    if (typeof text !== 'string') return { ok: false, message: NOT_PROC };
    const p = parseProcInterrupts(text);
    if (!p) return { ok: false, message: NOT_PROC };
    if (p.rows.length === 0) {
      return {
        ok: false,
        message: `/proc/interrupts with ${p.columns} CPU columns but no numbered interrupt line: the capture is cut short (only the header${p.archRows.length ? ' and architecture rows' : ''})`,
      };
    }
    const fam = familyOf(p);
    if ('unsupported' in fam) return { ok: false, message: unsupportedMessage('/proc/interrupts', fam) };
    const notes: string[] = [];
    const cut = cutLines(p);
    if (cut.length > 0) {
      notes.push(`line ${listSome(cut.map((r) => String(r.line)))} cut short (fewer counts than CPUs, no chip): the capture is incomplete there, skipped`);
      const cutSet = new Set(cut);
      p.rows = p.rows.filter((r) => !cutSet.has(r));
    }
    const cutArch = cutArchRow(p);
    if (cutArch !== null) notes.push(`line ${cutArch} cut short (fewer counts than CPUs): the capture ends there`);
    let cpus: number;
    if (p.header) {
      cpus = Math.max(...p.header) + 1;
    } else {
      cpus = p.columns;
      notes.push(`no "CPU0 CPU1 ..." header: ${cpus} CPUs counted from the count columns`);
    }
    if (cpus > LIMITS.cpus) return { ok: false, message: `${cpus} CPUs: irqscope models at most ${LIMITS.cpus}` };
    const m: Machine = { cpus };
    if (fam.arch === 'arm64') m.arch = 'arm64';
    if (p.header && p.header.length < cpus) {
      m.online = [...p.header].sort((a, b) => a - b);
      if (m.online[0] !== 0) m.online.unshift(0);
      notes.push(`CPUs missing from the header are offline: online ${m.online.join(',')}`);
    }
    if (fam.arch === 'x86_64') x86Machine(p, m, notes);
    else {
      notes.push('GIC: version 4/4.1, LPI bits and the number of ITSs are not visible; defaults kept (v3, 16, 1)');
      if (fam.gic === 'v2') notes.push('the real GIC is a GICv2 (no LPIs, no ITS): modelled as a GICv3');
    }
    notes.push('NUMA nodes and SMT siblings are not visible: defaults kept (1 node, 1 thread per core)');
    notes.push('per-CPU interrupt counts ignored; IRQ numbers are not kept (the simulator allocates its own)');
    if (p.archRows.length > 0) {
      notes.push(`architecture rows ignored: ${[...new Set(p.archRows.map((r) => r.name))].join(' ')}`);
    }
    if (p.skipped.length > 0) notes.push(`lines not understood, skipped: ${listSome(p.skipped.map(String), 10)}`);
    const devices = importDevices(p, fam.arch, notes);
    const title = `Imported /proc/interrupts: ${fam.arch}, ${cpus} CPUs, ${devices.length} devices`;
    return finishScenario(formatName(p, fam), title, m, devices, notes);
  } catch (e) {
    return { ok: false, message: `the import failed (an irqscope defect): ${e instanceof Error ? e.message : String(e)}` };
  }
}
