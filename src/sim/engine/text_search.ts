// grep over a kernel text view, run where the text is (the worker): every occurrence of a
// plain string (case-insensitive unless asked) or of a regular expression, as line and
// column ranges. The text pane asks for the occurrences inside the lines it shows (to
// highlight them) and for a window of the occurrence list (to jump next/previous), so a
// /proc/interrupts of megabytes is searched once and never crosses to the page whole.

export interface TextSearch {
  text: string;
  /** `text` is a JavaScript regular expression (grep -E like). */
  regexp?: boolean;
  caseSensitive?: boolean;
  /** First occurrence of `hits` in the answer (default 0). */
  hitsFrom?: number;
  /** How many occurrence lines to list in `hits` (default HITS, at most MAX_HITS). */
  hitsCount?: number;
}

export interface TextSearchAnswer {
  /** Occurrences in the whole view (at most MAX_OCCURRENCES are counted). */
  total: number;
  /** True when the view has more occurrences than were counted. */
  capped: boolean;
  /** Lines holding at least one occurrence. */
  lines: number;
  /** Occurrence index of hits[0]. */
  hitsFrom: number;
  /** Line of each occurrence from hitsFrom on. */
  hits: number[];
  /** Occurrences within the lines asked for: [line, start, end, occurrence index] per occurrence, flat. */
  marks: number[];
  /** Set when the pattern cannot be used (then nothing matched). */
  error?: string;
}

export const HITS = 2000;
export const MAX_HITS = 20_000;
export const MAX_OCCURRENCES = 1_000_000;
const MAX_PATTERN = 400;

/** All occurrences of one search in one text: [line, start, end] triples. */
export class Occurrences {
  readonly at: Int32Array;
  readonly n: number;
  readonly lines: number;
  readonly capped: boolean;
  readonly error: string | undefined;

  /** `lines`: the view's lines, or a function giving line i (a view read by line). */
  constructor(lines: readonly string[] | ((i: number) => string), total: number, search: TextSearch) {
    const re = compile(search);
    const lineAt = typeof lines === 'function' ? lines : (i: number) => lines[i];
    let at = new Int32Array(3 * 256);
    let n = 0;
    let withHits = 0;
    let capped = false;
    if (typeof re === 'string') {
      this.error = re;
    } else {
      outer: for (let li = 0; li < total; li++) {
        const line = lineAt(li);
        re.lastIndex = 0;
        let hit = false;
        for (let m = re.exec(line); m; m = re.exec(line)) {
          // An empty match (e.g. "^" or "x*") marks nothing; step past it.
          if (m[0].length === 0) {
            re.lastIndex++;
            if (re.lastIndex > line.length) break;
            continue;
          }
          if (n === MAX_OCCURRENCES) {
            capped = true;
            break outer;
          }
          if (3 * (n + 1) > at.length) {
            const grown = new Int32Array(at.length * 2);
            grown.set(at);
            at = grown;
          }
          at[3 * n] = li;
          at[3 * n + 1] = m.index;
          at[3 * n + 2] = m.index + m[0].length;
          n++;
          hit = true;
        }
        if (hit) withHits++;
      }
    }
    this.at = at;
    this.n = n;
    this.lines = withHits;
    this.capped = capped;
  }

  /** The answer for lines [from, to) of the view. */
  answer(search: TextSearch, from: number, to: number): TextSearchAnswer {
    const hitsFrom = Math.max(0, Math.min(Math.floor(search.hitsFrom ?? 0), this.n));
    const hitsCount = Math.max(0, Math.min(Math.floor(search.hitsCount ?? HITS), MAX_HITS));
    const hits: number[] = [];
    for (let k = hitsFrom; k < Math.min(this.n, hitsFrom + hitsCount); k++) hits.push(this.at[3 * k]);
    const marks: number[] = [];
    for (let k = this.firstOnOrAfter(from); k < this.n && this.at[3 * k] < to; k++) {
      marks.push(this.at[3 * k], this.at[3 * k + 1], this.at[3 * k + 2], k);
    }
    const a: TextSearchAnswer = { total: this.n, capped: this.capped, lines: this.lines, hitsFrom, hits, marks };
    if (this.error) a.error = this.error;
    return a;
  }

  private firstOnOrAfter(line: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at[3 * mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A global regular expression for `search`, or the reason it cannot be used. */
export function compile(search: TextSearch): RegExp | string {
  if (typeof search.text !== 'string' || search.text === '') return 'the search is empty';
  if (search.text.length > MAX_PATTERN) return `the search is longer than ${MAX_PATTERN} characters`;
  const flags = search.caseSensitive ? 'g' : 'gi';
  if (!search.regexp) return new RegExp(search.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  try {
    return new RegExp(search.text, flags);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return `not a regular expression: ${why}`;
  }
}

/** The key under which a search's occurrences are cached (what changes the occurrences). */
export function searchKey(s: TextSearch): string {
  return `${s.regexp ? 'r' : 't'}${s.caseSensitive ? 'c' : 'i'}\u0000${s.text}`;
}
