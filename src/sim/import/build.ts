// The last stage of every importer: devices get PCI addresses that no real device owns, the
// steps keep the capture's order, and the document is validated like any other scenario.
import { formatBdf, parseBdf } from '../pci/pci';
import type { ImportedDevice } from '../scenario/proc_interrupts_devices';
import { LIMITS, SCENARIO_VERSION, type DeviceSpec, type Machine, type Scenario, type Step } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';

/** One device as the capture showed it, for the UI and the tests. */
export interface CaptureDevice {
  id: string;
  type: DeviceSpec['type'];
  bdf: string;
  /** Whether the PCI address was seen (false: irqscope chose a free one). */
  bdfSeen: boolean;
  /** Interrupts the capture shows for it: what the replay must grant. */
  vectors: number;
  managed: number;
}

export type ImportResult =
  | {
      ok: true;
      scenario: Scenario;
      /** What the text was recognised as, e.g. "/proc/interrupts (x86, per-device MSI naming)". */
      format: string;
      /** What could not be inferred, or was modelled differently from the real machine. */
      notes: string[];
      devices: CaptureDevice[];
    }
  | { ok: false; message: string };

/** "a, b, c and 7 more" */
export function listSome(items: readonly string[], max = 12): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}

/**
 * Addresses for devices the capture gives none: device 0 of a bus no captured device uses,
 * counting up from the highest captured bus (an INTx device at device 0 keeps the pin the
 * importer chose: no swizzle). Captured addresses are never handed out twice.
 */
function assignBdfs(devices: ImportedDevice[]): Map<ImportedDevice, string> {
  const out = new Map<ImportedDevice, string>();
  const taken = new Set<string>();
  const buses = new Set<number>();
  for (const d of devices) {
    if (d.spec.bdf === undefined) continue;
    taken.add(d.spec.bdf);
    const b = parseBdf(d.spec.bdf);
    if (b.domain === 0) buses.add(b.bus);
  }
  const start = buses.size > 0 ? Math.min(Math.max(...buses) + 1, 0xff) : 1;
  function* candidates(): Generator<string> {
    const order = [...Array.from({ length: 0x100 - start }, (_, i) => start + i), ...Array.from({ length: start - 1 }, (_, i) => i + 1)];
    for (const bus of order) if (!buses.has(bus)) yield formatBdf({ domain: 0, bus, dev: 0, fn: 0 });
    // More devices than free buses: further devices of those buses, then of any bus.
    for (let dev = 1; dev < 32; dev++) for (let bus = 0; bus < 0x100; bus++) yield formatBdf({ domain: 0, bus, dev, fn: 0 });
  }
  const next = candidates();
  for (const d of devices) {
    if (d.spec.bdf !== undefined) continue;
    for (let c = next.next(); !c.done; c = next.next()) {
      if (taken.has(c.value)) continue;
      taken.add(c.value);
      out.set(d, c.value);
      break;
    }
  }
  return out;
}

/**
 * The scenario of a machine and its devices (in capture order), validated. Devices past the
 * step limit are dropped with a note. Never throws for valid input shapes; an invalid result is
 * reported as an importer defect.
 */
export function finishScenario(
  format: string,
  title: string,
  machine: Machine,
  imported: ImportedDevice[],
  notes: string[],
  /** Steps after the devices (guests). */
  extra: readonly Step[] = [],
): ImportResult {
  const devices = [...imported].sort((a, b) => a.firstIrq - b.firstIrq);
  if (devices.length > LIMITS.steps) {
    notes.push(`${devices.length} devices: only the first ${LIMITS.steps} are imported`);
    devices.length = LIMITS.steps;
  }
  const chosen = assignBdfs(devices);
  const unseen = devices.filter((d) => chosen.has(d)).map((d) => d.spec.id);
  if (unseen.length > 0) {
    notes.push(`no PCI address (bdf) for: ${listSome(unseen)}; each is given device 0 of a bus no captured device uses`);
  }
  const steps: Step[] = [];
  const list: CaptureDevice[] = [];
  for (const d of devices) {
    const bdf = d.spec.bdf ?? chosen.get(d);
    if (bdf === undefined) {
      notes.push(`${d.spec.id}: no free PCI address left, not imported`);
      continue;
    }
    let spec: DeviceSpec = { ...d.spec, bdf };
    // An INTx pin chosen for a line is kept by slot 0 (no swizzle at the root port).
    if (spec.type === 'intx' && spec.slot === undefined && parseBdf(bdf).dev !== 0) spec = { ...spec, slot: 0 };
    steps.push({ do: 'device.add', ...spec } as Step);
    list.push({ id: spec.id, type: spec.type, bdf, bdfSeen: !chosen.has(d), vectors: d.vectors, managed: d.managed });
    if (d.note) notes.push(d.note);
  }
  steps.push(...extra.slice(0, Math.max(0, LIMITS.steps - steps.length)));
  const checked = parseScenario({ scenario: SCENARIO_VERSION, title: title.slice(0, LIMITS.titleChars), machine, steps });
  if (!checked.ok) return { ok: false, message: `the import produced an invalid scenario (an irqscope defect): ${checked.message}` };
  return { ok: true, scenario: checked.scenario, format, notes, devices: list };
}
