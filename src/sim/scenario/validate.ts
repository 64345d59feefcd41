// The border: untrusted text or value in, a typed Scenario or one message naming the bad field out.
import { formatIssue, pickIssue } from './issues';
import { findJsonError, lineColumn } from './json_error';
import { migrate } from './migrate';
import { ScenarioSchema, type Scenario } from './schema';
import { checkScenario } from './semantic';

/**
 * A parsed scenario, or one message naming the bad field. `notes` says what migrating an older
 * document dropped (empty for current documents).
 */
export type ParseResult = { ok: true; scenario: Scenario; notes?: string[] } | { ok: false; message: string; path: string };

/** Longer JSON than this is refused before parsing (100000 steps fit in a few MB). */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;

/** JSON.parse, with an error message that says where (line, column) whatever the JS engine's wording. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; path: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const spot = findJsonError(text);
    if (spot) return { ok: false, path: '', message: `bad JSON at ${lineColumn(text, spot.pos)}: ${spot.what}` };
    return { ok: false, path: '', message: `bad JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function parseValue(input: unknown): ParseResult {
  const mig = migrate(input);
  if (!mig.ok) return mig;
  const doc = mig.doc;
  const res = ScenarioSchema.safeParse(doc);
  if (!res.success) {
    const issue = pickIssue(res.error.issues);
    if (!issue) return { ok: false, path: '', message: 'invalid scenario' };
    return { ok: false, ...formatIssue(ScenarioSchema, doc, issue) };
  }
  const bad = checkScenario(res.data);
  if (bad) return { ok: false, ...bad };
  return mig.notes.length > 0 ? { ok: true, scenario: res.data, notes: mig.notes } : { ok: true, scenario: res.data };
}

/**
 * Parses a scenario from JSON text or from an already-parsed value. Never throws: every way
 * a document can be wrong gives one message that starts with the path of the offending field
 * (`steps[3].cpus[1]: CPU 9 does not exist (machine has 8)`); `path` is that path alone
 * ("" for the document as a whole).
 */
export function parseScenario(input: string | unknown): ParseResult {
  try {
    if (typeof input === 'string') {
      if (input.length > MAX_DOCUMENT_CHARS) {
        return {
          ok: false,
          path: '',
          message: `the document is ${input.length} characters long, more than the ${MAX_DOCUMENT_CHARS} accepted`,
        };
      }
      // A UTF-8 byte-order mark (files saved by some editors) is not part of the JSON.
      const json = parseJson(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
      if (!json.ok) return json;
      return parseValue(json.value);
    }
    return parseValue(input);
  } catch (e) {
    // Only exotic inputs get here (getters that throw, revoked proxies): still a message, not a throw.
    return { ok: false, path: '', message: `unreadable scenario value: ${e instanceof Error ? e.message : String(e)}` };
  }
}
