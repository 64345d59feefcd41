// Turning zod issues into one message that names the offending field, in the doc's path style.
import { z } from 'zod';
import { describeValue } from './schema';
import { quoteText } from '../lib/quote';

export type PathSeg = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** ['steps', 3, 'cpus', 1] -> "steps[3].cpus[1]"; [] -> ""; odd keys are quoted: machine["a b"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${quoteText(String(seg), 40)}]`;
  }
  return out;
}

/** The value found in `doc` at `path`, or undefined. */
export function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

type AnySchema = z.ZodType;

function leavesOf(s: AnySchema): AnySchema[] {
  if (s instanceof z.ZodDiscriminatedUnion) return (s.options as AnySchema[]).flatMap(leavesOf);
  return [s];
}

function literalValues(s: AnySchema | undefined): unknown[] {
  if (s instanceof z.ZodLiteral) return [...s.values];
  return [];
}

/** Picks the object variant of a discriminated union that matches the most literal fields of `value`. */
function pickVariant(u: z.ZodDiscriminatedUnion, value: unknown): AnySchema | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const rec = value as Record<string, unknown>;
  let best: AnySchema | undefined;
  let bestScore = 0;
  for (const leaf of leavesOf(u as AnySchema)) {
    if (!(leaf instanceof z.ZodObject)) continue;
    let score = 0;
    for (const [k, sub] of Object.entries(leaf.shape as Record<string, AnySchema>)) {
      const lits = literalValues(sub);
      if (lits.length > 0 && lits.includes(rec[k])) score++;
    }
    if (score > bestScore) {
      best = leaf;
      bestScore = score;
    }
  }
  return best;
}

/** The schema that describes the value at `path` (following the document's own discriminators). */
export function schemaAt(root: AnySchema, doc: unknown, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = root;
  let v: unknown = doc;
  for (let i = 0; ; i++) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as AnySchema;
    if (s instanceof z.ZodDiscriminatedUnion) s = pickVariant(s, v);
    if (!s || i === path.length) return s;
    const seg = path[i];
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, AnySchema>)[String(seg)];
    else if (s instanceof z.ZodArray) s = s.element as AnySchema;
    else return undefined;
    v = valueAt(v, [seg]);
  }
}

function knownKeys(root: AnySchema, doc: unknown, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(root, doc, path);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

export interface Located {
  path: string;
  message: string;
}

/** One message for one zod issue. */
export function formatIssue(root: AnySchema, doc: unknown, issue: z.core.$ZodIssue): Located {
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    const full = [...path, issue.keys[0] ?? '?'];
    const where = formatPath(full);
    const known = knownKeys(root, doc, path);
    const step = valueAt(doc, path) as Record<string, unknown> | undefined;
    const whose =
      path[0] === 'steps' && path.length === 2 && typeof step?.do === 'string'
        ? `a ${JSON.stringify(step.do)} step takes`
        : 'known keys here';
    return { path: where, message: `${where}: unknown key (${whose}: ${known.join(', ')})` };
  }
  const where = formatPath(path);
  const prefix = where === '' ? '' : `${where}: `;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const got = valueAt(doc, path);
    const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(String(o))).join(', ');
    const wanted =
      issue.discriminator === 'do'
        ? `a step kind (one of ${options})`
        : issue.discriminator === 'type'
          ? `a device type (${options})`
          : `one of ${options}`;
    const message = got === undefined ? `${prefix}missing (expected ${wanted})` : `${prefix}expected ${wanted}, got ${describeValue(got)}`;
    return { path: where, message };
  }
  return { path: where, message: `${prefix}${issue.message}` };
}

function isPrefix(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length <= b.length && a.every((seg, i) => seg === b[i]);
}

/**
 * The issue to report: the first one in document order, except that an unknown key in the
 * same object wins (a misspelt key also shows up as a missing one, and the typo is the news).
 */
export function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  const first = issues[0];
  if (!first) return undefined;
  const unknown = issues.find(
    (i) => i.code === 'unrecognized_keys' && isPrefix(i.path as PropertyKey[], first.path as PropertyKey[]),
  );
  return unknown ?? first;
}
