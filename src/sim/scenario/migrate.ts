// Bringing older scenario documents up to the current version before validation (scenario-format.md).
import { SCENARIO_VERSION, describeValue } from './schema';

type Doc = Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n document into a version-(n+1) one. Version 1 is the
 * first, so the table is empty; when version 2 changes a meaning, add MIGRATIONS[1] here
 * (rewrite the old fields, set `scenario: 2`) and bump SCENARIO_VERSION. Each migration
 * gets a plain JSON object and must not throw: it may leave bad fields for validation.
 */
export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {};

export type MigrateResult = { ok: true; doc: Doc } | { ok: false; message: string; path: string };

/** Reads `scenario` and migrates the document to SCENARIO_VERSION. */
export function migrate(input: unknown): MigrateResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      path: '',
      message: `expected a scenario object { "scenario": ${SCENARIO_VERSION}, "machine": {...}, "steps": [...] }, got ${describeValue(input)}`,
    };
  }
  let doc = input as Doc;
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
  for (let from = v; from < SCENARIO_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step) {
      return { ok: false, path: 'scenario', message: `scenario: no migration from version ${from}` };
    }
    doc = step(doc);
  }
  return { ok: true, doc };
}
