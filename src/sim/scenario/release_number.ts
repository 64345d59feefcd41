// Linux release numbers as scenarios name them ("2.6.39", "4.14", "v6.5", "7.0"): parsing,
// ordering and the neighbours of a release, for the release table (releases.ts).
import { quoteText } from '../lib/quote';

/** The last minor release of each finished series (2.6.39, 3.19, 4.20, 5.19, 6.19). */
export const SERIES_LAST: Readonly<Record<string, number>> = { '2.6': 39, '3': 19, '4': 20, '5': 19, '6': 19 };

/** The oldest and the newest release irqscope models. */
export const OLDEST_RELEASE = '2.6.39';
export const NEWEST_RELEASE = '7.0';

export interface Release {
  /** Canonical name: "2.6.39", "4.14", "7.0". */
  name: string;
  /** Orders releases: 2.6.N < 3.0 < 3.1 < ... */
  key: number;
}

export type ReleaseParse = { ok: true; release: Release } | { ok: false; message: string };

function keyOf(major: number, minor: number, patch: number): number {
  return major * 10000 + minor * 100 + patch;
}

function make(major: number, minor: number, patch = 0): Release {
  const name = major === 2 ? `2.6.${patch}` : `${major}.${minor}`;
  return { name, key: keyOf(major, minor, patch) };
}

const RANGE = `irqscope models Linux ${OLDEST_RELEASE} to ${NEWEST_RELEASE}`;

/**
 * Reads a mainline release: "M.m" (3.0 and later) or "2.6.N", with an optional leading "v".
 * Stable point releases and release candidates are refused (their backports are not modelled),
 * as are releases that never existed and releases outside the modelled range.
 */
export function parseRelease(text: string): ReleaseParse {
  const t = text.trim();
  const m = /^v?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,3}))?(-rc\d+)?$/.exec(t);
  if (!m) return { ok: false, message: `expected a kernel release such as "6.5" or "v4.14", got ${quoteText(text, 40)}` };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const third = m[3] === undefined ? undefined : Number(m[3]);
  if (m[4]) return { ok: false, message: `release candidates are not modelled: name the release itself ("${t.replace(/^v/, '').replace(/-rc\d+$/, '')}")` };
  let rel: Release;
  if (major === 2) {
    if (minor !== 6 || third === undefined) return { ok: false, message: `Linux 2.x releases are named 2.6.N, such as "2.6.39" (got ${quoteText(t, 40)})` };
    if (third > SERIES_LAST['2.6']) return { ok: false, message: `there was no Linux 2.6.${third} (the 2.6 series ended with 2.6.${SERIES_LAST['2.6']})` };
    rel = make(2, 6, third);
  } else {
    if (third !== undefined) {
      return {
        ok: false,
        message: `"${t}" is a stable point release: name the mainline release it is based on ("${major}.${minor}"); stable backports are not modelled`,
      };
    }
    const last = SERIES_LAST[String(major)];
    if (last !== undefined && minor > last) return { ok: false, message: `there was no Linux ${major}.${minor} (the ${major}.x series ended with ${major}.${last})` };
    if (major < 2) return { ok: false, message: `Linux ${major}.${minor} is older than the oldest modelled release; ${RANGE}` };
    rel = make(major, minor);
  }
  const oldest = releaseKey(OLDEST_RELEASE);
  const newest = releaseKey(NEWEST_RELEASE);
  if (rel.key < oldest) return { ok: false, message: `Linux ${rel.name} is older than the oldest modelled release; ${RANGE}` };
  if (rel.key > newest) return { ok: false, message: `Linux ${rel.name} is newer than the newest modelled release; ${RANGE}` };
  return { ok: true, release: rel };
}

/** The order key of a canonical release name (one of the table's, trusted). */
export function releaseKey(name: string): number {
  const p = name.split('.').map(Number);
  return p[0] === 2 ? keyOf(2, 6, p[2]) : keyOf(p[0], p[1], 0);
}

/** The release just before `name` ("4.15" -> "4.14", "3.0" -> "2.6.39", "5.0" -> "4.20"). */
export function previousRelease(name: string): string {
  const p = name.split('.').map(Number);
  if (p[0] === 2) return `2.6.${p[2] - 1}`;
  if (p[1] > 0) return `${p[0]}.${p[1] - 1}`;
  if (p[0] === 3) return `2.6.${SERIES_LAST['2.6']}`;
  return `${p[0] - 1}.${SERIES_LAST[String(p[0] - 1)]}`;
}

export function compareReleases(a: string, b: string): number {
  return releaseKey(a) - releaseKey(b);
}

/** True when `name` is `since` or later. */
export function atLeast(name: string, since: string): boolean {
  return releaseKey(name) >= releaseKey(since);
}
