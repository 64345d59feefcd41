// A scenario guessed from a real /proc/interrupts: the machine from its chips, the devices from their vectors.
import { parseProcInterrupts, type IrqRow, type ProcInterrupts } from './proc_interrupts_parse';
import {
  IdMaker,
  deviceFromGroup,
  groupVectors,
  intxDevices,
  ioapicGsi,
  isLevelIoapic,
  msiVectorOf,
  type ImportedDevice,
  type MsiVector,
} from './proc_interrupts_devices';
import { LIMITS, SCENARIO_VERSION, type Machine, type Scenario, type Step } from './schema';
import { parseScenario } from './validate';

export type ImportResult = { ok: true; scenario: Scenario; notes: string[] } | { ok: false; message: string };

const NOT_PROC =
  'this is not /proc/interrupts text: expected a header of CPU columns ("CPU0 CPU1 ...") and lines like " 24:  0  0  PCI-MSI 524288-edge  nvme0q0"';

type Family =
  | { arch: 'x86_64' }
  | { arch: 'arm64'; gic: 'v3' | 'v2' }
  | { unsupported: string };

const X86_CHIP = /^(?:IR-)?(?:IO-APIC|PCI-MSIX?(?:-.*)?|XT-PIC|HPET-MSI|HPET|DMAR[-_]MSI|IOMMU-MSI|AMD-IR.*|INTEL-IR.*)$|^xen-/;
const GICV3_CHIP = /^(?:GICv3(?:-\d+)?|GICv4.*|ITS-MSI|ITS-pMSI|ITS-fMSI|GICv3-ITS.*|ITS-PCI-MSIX?-.*)$/;

function familyOf(p: ProcInterrupts): Family {
  const chips = new Set(p.rows.map((r) => r.chip));
  const has = (re: RegExp) => [...chips].some((c) => re.test(c));
  if (has(/PLIC|RISC-V INTC|APLIC|IMSIC/)) return { unsupported: 'riscv (PLIC/INTC interrupt controllers)' };
  if (has(/^XIVE|^XICS|^OPAL|^MPIC/)) return { unsupported: 'powerpc (XIVE/XICS interrupt controllers)' };
  if (has(/^AIC/)) return { unsupported: 'arm64 with the Apple AIC interrupt controller (only the GIC is modelled)' };
  // GIC first: arm64 Xen guests also show xen-* chips.
  if (has(GICV3_CHIP)) return { arch: 'arm64', gic: 'v3' };
  if (has(/^GIC(?:v2)?$/)) {
    // arm32 numbers its IPIs from a wake-up IPI0, so rescheduling is IPI2 there and IPI0 on arm64.
    const resched = p.archRows.find((r) => /^Rescheduling interrupts/.test(r.description));
    const arm32 =
      resched?.name === 'IPI2' ||
      p.archRows.some((r) => /completion interrupts|Single function call/.test(r.description)) ||
      (!resched && chips.has('GIC'));
    if (arm32) return { unsupported: 'arm32 (32-bit ARM with a GICv1/v2)' };
    return { arch: 'arm64', gic: 'v2' };
  }
  if (has(X86_CHIP)) return { arch: 'x86_64' };
  const seen = [...chips].slice(0, 8).join(', ');
  return {
    unsupported: `unknown: no x86 (IO-APIC, PCI-MSI) or arm64 GIC interrupt chip found${seen ? ` (chips: ${seen})` : ''}`,
  };
}

/** "a, b, c and 7 more" */
function listSome(items: readonly string[], max = 12): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}

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

function x86Machine(p: ProcInterrupts, m: Machine, notes: string[]): void {
  const ioapicRows = p.rows.filter(isIoapicRow);
  if (ioapicRows.length > 0) {
    const maxGsi = Math.max(...ioapicRows.map(ioapicGsi));
    const n = Math.min(LIMITS.ioapics, Math.ceil((maxGsi + 1) / 24));
    m.ioapics = n;
    if (maxGsi >= 24) {
      notes.push(`IO-APIC line ${maxGsi} seen: modelled as ${n} IO-APICs of 24 pins (the real chip may have more pins)`);
    }
  } else {
    notes.push('no IO-APIC line seen: the default of 1 IO-APIC is kept');
  }
  m.remapping = p.rows.some((r) => r.chip.startsWith('IR-'));
  notes.push(
    m.remapping
      ? 'interrupt remapping on: chips are named IR-...'
      : 'interrupt remapping off: no IR-... chip names',
  );
  if (p.rows.some((r) => r.chip.startsWith('xen-'))) {
    m.xen = { role: xenRole(p, notes) };
    notes.push('Xen: the event channel ABI (2l or fifo) is not visible; the default is kept');
  }
  if (p.rows.some((r) => r.format === 'x86-old')) {
    m.kernel = { vectors: 'legacy', descriptors: 'bitmap' };
    notes.push('the "chip-handler" naming (no hwirq column) is from before v4.3: kernel policies set to legacy vectors and bitmap descriptors');
  }
}

function importDevices(p: ProcInterrupts, arch: 'x86_64' | 'arm64', notes: string[]): ImportedDevice[] {
  const ids = new IdMaker();
  const vectors: MsiVector[] = [];
  const intxRows: IrqRow[] = [];
  const skippedChips = new Map<string, number>();
  let legacy = 0;
  let platform = 0;
  let xenEvents = 0;
  for (const r of p.rows) {
    const v = msiVectorOf(r);
    if (v) {
      if (r.actions.length > 0) vectors.push(v);
      continue;
    }
    if (arch === 'x86_64' && isIoapicRow(r)) {
      if (ioapicGsi(r) >= 16 && isLevelIoapic(r) && r.actions.length > 0) intxRows.push(r);
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
    skippedChips.set(r.chip, (skippedChips.get(r.chip) ?? 0) + 1);
  }
  const devices: ImportedDevice[] = [];
  for (const g of groupVectors(vectors)) {
    const d = deviceFromGroup(g, ids);
    devices.push(d);
    if (d.note) notes.push(d.note);
  }
  for (const r of intxRows) devices.push(...intxDevices(r, ids));
  devices.sort((a, b) => a.firstIrq - b.firstIrq);

  const noBdf = devices.filter((d) => d.spec.bdf === undefined).map((d) => d.spec.id);
  if (noBdf.length > 0) notes.push(`no PCI address (bdf) for: ${listSome(noBdf)}`);
  if (intxRows.length > 0) {
    notes.push('INTx devices: the pin is guessed from the line (GSI 16 + pin, slot 0); the real slot is not visible');
  }
  if (legacy > 0) notes.push(`${legacy} legacy IO-APIC lines (ISA: timer, i8042, rtc0, acpi...) belong to the machine, not imported`);
  if (platform > 0) notes.push(`${platform} GIC lines (SGIs/PPIs/SPIs of platform devices) not imported`);
  if (xenEvents > 0) notes.push(`${xenEvents} Xen event-channel lines (xen-percpu, xen-dyn) are the kernel's own, not imported`);
  if (skippedChips.size > 0) {
    const list = [...skippedChips].map(([c, n]) => `${c} (${n})`).join(', ');
    notes.push(`chips not modelled, their lines skipped: ${list}`);
  }
  return devices;
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
    const fam = familyOf(p);
    if ('unsupported' in fam) {
      return { ok: false, message: `architecture not supported: ${fam.unsupported}; irqscope models x86_64 and arm64 with a GICv3` };
    }
    const notes: string[] = [];
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
    if (p.skipped.length > 0) notes.push(`lines not understood, skipped: ${p.skipped.slice(0, 10).join(', ')}`);
    const devices = importDevices(p, fam.arch, notes);
    const steps: Step[] = devices.slice(0, LIMITS.steps).map((d) => ({ do: 'device.add', ...d.spec }) as Step);
    const title = `Imported /proc/interrupts: ${fam.arch}, ${cpus} CPUs, ${steps.length} devices`;
    const checked = parseScenario({ scenario: SCENARIO_VERSION, title, machine: m, steps });
    if (!checked.ok) return { ok: false, message: `the import produced an invalid scenario (a bug): ${checked.message}` };
    return { ok: true, scenario: checked.scenario, notes };
  } catch (e) {
    return { ok: false, message: `the import failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
