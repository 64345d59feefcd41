// Scenario links: the whole scenario in the URL fragment, compressed, versioned, checked on the way in.
//
// Format s1:  "#s1." + base64url( crc32(D) as 4 bytes big-endian ++ LEB128(length of D) ++ D )
// where D = deflate-raw(compact JSON of the scenario, UTF-8), base64url without padding. The
// "s<N>." prefix names the link format so a later irqscope can recognise (and migrate) older
// links; the length and the CRC make a link that was cut, extended or edited in transit fail
// with "truncated" or "damaged" (checked before anything is inflated) instead of replaying
// something else.
import { Inflate, deflateSync } from 'fflate';
import { base64urlDecode, base64urlEncode, crc32 } from './bytes';
import type { Scenario } from './schema';
import { splitView } from './view_link';
import { parseScenario, type ParseResult } from './validate';
import { quoteText } from '../lib/quote';

export const LINK_FORMAT = 1;
const PREFIX = `s${LINK_FORMAT}.`;

/** Browsers cap URLs around 2 MB (Chromium); longer text is not a link we made. */
export const MAX_LINK_CHARS = 2_000_000;
/** The JSON a link may inflate to: far above any hand-made scenario, far below a zip bomb. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** Compressed bytes fed to the inflater at a time: each push can grow by at most ~1032x this. */
const INFLATE_CHUNK = 1024;

/** The fragment for a scenario, with its leading '#'. */
export function encodeFragment(s: Scenario): string {
  const json = new TextEncoder().encode(JSON.stringify(s));
  const packed = deflateSync(json, { level: 9 });
  const len: number[] = [];
  for (let n = packed.length; ; n >>>= 7) {
    if (n < 0x80) {
      len.push(n);
      break;
    }
    len.push((n & 0x7f) | 0x80);
  }
  const payload = new Uint8Array(4 + len.length + packed.length);
  new DataView(payload.buffer).setUint32(0, crc32(packed));
  payload.set(len, 4);
  payload.set(packed, 4 + len.length);
  return `#${PREFIX}${base64urlEncode(payload)}`;
}

/** A full link: `base` (any URL; its own fragment is replaced) plus the scenario fragment. */
export function scenarioUrl(base: string, s: Scenario): string {
  const hash = base.indexOf('#');
  return (hash >= 0 ? base.slice(0, hash) : base) + encodeFragment(s);
}

function bad(message: string): ParseResult {
  return { ok: false, path: '', message };
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Streaming raw inflate that stops as soon as the output passes `limit` bytes. */
function inflateBounded(data: Uint8Array, limit: number): Inflated {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inf = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let off = 0; off < data.length && !over; off += INFLATE_CHUNK) {
      inf.push(data.subarray(off, off + INFLATE_CHUNK), off + INFLATE_CHUNK >= data.length);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const cut = /unexpected EOF/i.test(why);
    return {
      ok: false,
      message: cut
        ? 'the link is truncated: its compressed data ends early (was it cut when copied?)'
        : `the link is damaged: its compressed data is corrupt (${why})`,
    };
  }
  if (over) {
    return { ok: false, message: `the link inflates to more than ${limit} bytes; refused (not a scenario irqscope made)` };
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes: out };
}

/** The scenario part after '#' of a link, a bare fragment, or a fragment with its '#' (view fields after '~' are not part of it: view_link.ts). */
function fragmentOf(linkOrFragment: string): string {
  const s = linkOrFragment.trim();
  const hash = s.indexOf('#');
  return splitView(hash >= 0 ? s.slice(hash + 1) : s).scenario;
}

/**
 * Decodes a scenario link (a whole URL, "#s1.…" or "s1.…") into the parseScenario result.
 * Never throws: truncated, edited, non-base64, oversized or future-format links each give a
 * message saying so; a link that decodes to a bad document gives the document's message.
 */
export function decodeFragment(linkOrFragment: string): ParseResult {
  try {
    if (typeof linkOrFragment !== 'string') return bad('expected a link or fragment as text');
    if (linkOrFragment.length > MAX_LINK_CHARS) {
      return bad(`the link is ${linkOrFragment.length} characters long, more than the ${MAX_LINK_CHARS} accepted`);
    }
    const frag = fragmentOf(linkOrFragment);
    const head = /^s(\d{1,9})(\.|$)/.exec(frag);
    if (!head) {
      return bad(
        frag === ''
          ? 'the link has no scenario: expected a fragment like #s1.<data>'
          : 'not an irqscope scenario link: expected a fragment like #s1.<data>',
      );
    }
    const format = Number(head[1]);
    if (format > LINK_FORMAT) {
      return bad(`the link uses format s${format}, made by a newer irqscope; this one reads s${LINK_FORMAT}`);
    }
    if (format !== LINK_FORMAT) return bad(`unknown link format s${format}; this irqscope reads s${LINK_FORMAT}`);
    const data = frag.slice(head[0].length);
    if (data === '') return bad('the link is truncated: nothing follows "s1."');
    const b64 = base64urlDecode(data);
    if (!b64.ok) {
      if (b64.why === 'length') return bad('the link is truncated: its data ends in the middle of a character group');
      const ch = data[b64.pos];
      return bad(
        `the link is damaged: ${quoteText(ch)} at data position ${b64.pos} is not a base64url character (A-Z a-z 0-9 - _)`,
      );
    }
    // Stray bits in the last character: a cut inside a character group, or an edit. The length
    // field below tells which.
    const unclean = base64urlEncode(b64.bytes) !== data.replace(/=+$/, '');
    const bytes = b64.bytes;
    if (bytes.length < 6) return bad('the link is truncated: too short to hold a scenario');
    const want = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    // LEB128 length of the compressed data, at most 4 bytes (links are far below 2^28 bytes).
    let len = 0;
    let at = 4;
    for (let shift = 0; ; shift += 7) {
      if (at >= bytes.length) return bad('the link is truncated: too short to hold a scenario');
      if (shift > 21) return bad('the link is damaged: its length field is corrupt');
      const b = bytes[at++];
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    const packed = bytes.subarray(at);
    if (packed.length < len) {
      return bad(`the link is truncated: it carries ${packed.length} of its ${len} compressed bytes (was it cut when copied?)`);
    }
    if (packed.length > len) return bad('the link is damaged: it has data after its end');
    if (unclean) return bad('the link is damaged: its last character was changed (its data does not end cleanly)');
    if (crc32(packed) !== want) {
      return bad('the link is damaged: its checksum does not match (it was edited after it was made)');
    }
    const inflated = inflateBounded(packed, MAX_INFLATED_BYTES);
    if (!inflated.ok) return bad(inflated.message);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
    } catch {
      return bad('the link is damaged: its data is not UTF-8 text');
    }
    return parseScenario(text);
  } catch (e) {
    return bad(`the link could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}
