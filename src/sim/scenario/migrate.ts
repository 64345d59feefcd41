// Bringing older scenario documents up to the current version before validation.
import { NEWEST_RELEASE } from './release_number';
import { KNOB_KEYS, knobNotApplicable, type MachineKind } from './releases_resolve';
import { SCENARIO_VERSION, describeValue } from './schema';

type Doc = Record<string, unknown>;

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The release version 1's defaults meant: mainline when version 2 was made. */
export const V1_RELEASE = NEWEST_RELEASE;

/**
 * Version 1 -> 2: a kernel is a release. A v1 machine's knobs were overrides of mainline, so
 * they become overrides of `kernel.version: "7.0"` and replay exactly as before. Knobs v1
 * accepted on machines they do not apply to (and the engine ignored: `itsFree` on x86,
 * `vectors` on arm64 or Xen, `xenIrqs` without Xen) are dropped, each with a note.
 */
function v1ToV2(doc: Doc, notes: string[]): Doc {
  const out: Doc = { ...doc, scenario: 2 };
  const machine = doc.machine;
  if (!isObject(machine)) return out;
  const kernel = machine.kernel;
  if (kernel !== undefined && !isObject(kernel)) return out; // left for validation to name
  const k: Doc = { version: V1_RELEASE, ...(kernel ?? {}) };
  const arch = machine.arch ?? 'x86_64';
  if (arch === 'x86_64' || arch === 'arm64') {
    const kind: MachineKind = { arch, xen: machine.xen !== undefined };
    for (const knob of KNOB_KEYS) {
      if (k[knob] === undefined) continue;
      const why = knobNotApplicable(knob, kind);
      if (!why) continue;
      notes.push(`machine.kernel.${knob}: ${describeValue(k[knob])} dropped (version 1 accepted and ignored it: ${why})`);
      delete k[knob];
    }
  }
  out.machine = { ...machine, kernel: k };
  return out;
}

/**
 * MIGRATIONS[n] turns a version-n document into a version-(n+1) one. Each migration gets a
 * plain JSON object, must not throw, may leave bad fields for validation, and says what it
 * dropped in `notes`.
 */
export const MIGRATIONS: Record<number, (doc: Doc, notes: string[]) => Doc> = { 1: v1ToV2 };

export type MigrateResult = { ok: true; doc: Doc; notes: string[] } | { ok: false; message: string; path: string };

/** Reads `scenario` and migrates the document to SCENARIO_VERSION. */
export function migrate(input: unknown): MigrateResult {
  if (!isObject(input)) {
    return {
      ok: false,
      path: '',
      message: `expected a scenario object { "scenario": ${SCENARIO_VERSION}, "machine": {...}, "steps": [...] }, got ${describeValue(input)}`,
    };
  }
  let doc = input;
  const v = doc.scenario;
  if (v === undefined) {
    return { ok: false, path: 'scenario', message: `scenario: missing (expected the format version ${SCENARIO_VERSION})` };
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return {
      ok: false,
      path: 'scenario',
      message: `scenario: expected the format version ${SCENARIO_VERSION}, got ${describeValue(v)}`,
    };
  }
  if (v > SCENARIO_VERSION) {
    return {
      ok: false,
      path: 'scenario',
      message: `scenario: version ${v} was written by a newer irqscope; this one reads versions up to ${SCENARIO_VERSION}`,
    };
  }
  const notes: string[] = [];
  for (let from = v; from < SCENARIO_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step) {
      return { ok: false, path: 'scenario', message: `scenario: no migration from version ${from}` };
    }
    doc = step(doc, notes);
  }
  return { ok: true, doc, notes };
}
