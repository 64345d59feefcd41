// Quoting someone else's text inside a message: a JSON string literal in which every character
// that would not show (controls, BOM, zero-width and other format characters, unassigned or
// private code points, separators other than the plain space) is escaped as well, so a
// message never carries an invisible character and always shows what is wrong.

const INVISIBLE = /(?! )[\p{C}\p{Z}]/gu;

function escape(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** `s` quoted for a message, cut to `max` characters (with "..."). */
export function quoteText(s: string, max = Infinity): string {
  const cut = s.length > max ? `${s.slice(0, Math.max(0, max - 3))}...` : s;
  return JSON.stringify(cut).replace(INVISIBLE, escape);
}

/** True when `s` has a character quoteText would escape. */
export function hasInvisible(s: string): boolean {
  return new RegExp(INVISIBLE.source, 'u').test(s);
}
