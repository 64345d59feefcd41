// The border for captures: whatever is dropped or pasted (an image, a zip, 50 MB of logs) is
// refused here, in time and memory bounded by the first bytes, before any parser sees it.

/** The largest capture read, in characters (a /proc/interrupts of 512 CPUs and 2,000 IRQs is about 12 MB). */
export const MAX_CAPTURE_CHARS = 16 * 1024 * 1024;
/** How much of the start is examined for binary content. */
const SNIFF = 64 * 1024;

const MAGIC: [RegExp, string][] = [
  [/^(?:\x89|\uFFFD)PNG\r?\n/, 'a PNG image (a screenshot?)'],
  [/^(?:\xFF\xD8\xFF|\uFFFD{1,3}(?:\xDB|\xE0|\xE1|JFIF|Exif))/, 'a JPEG image (a photo or screenshot?)'],
  [/^GIF8[79]a/, 'a GIF image'],
  [/^RIFF[\s\S]{4}WEBP/, 'a WebP image'],
  [/^%PDF-/, 'a PDF document'],
  [/^PK\x03\x04/, 'a zip archive (unpack it and give one file)'],
  [/^(?:\x1F\x8B|\x1F\uFFFD)/, 'a gzip-compressed file (decompress it first)'],
  [/^(?:\xFD7zXZ|\uFFFD7zXZ)/, 'an xz-compressed file (decompress it first)'],
  [/^BZh[1-9]1AY&SY/, 'a bzip2-compressed file (decompress it first)'],
  [/^\x7FELF/, 'an ELF binary'],
  [/^\x17\x08Dtracing/, 'a binary trace-cmd trace.dat (run "trace-cmd report" and give its text)'],
];

const MAGIC_BYTES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image (a screenshot?)'],
  [[0xff, 0xd8, 0xff], 'a JPEG image (a photo or screenshot?)'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (unpack it and give one file)'],
  [[0x1f, 0x8b], 'a gzip-compressed file (decompress it first)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz-compressed file (decompress it first)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF binary'],
  [[0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67], 'a binary trace-cmd trace.dat (run "trace-cmd report" and give its text)'],
];

const TEXT_HINT = 'irqscope reads the text of a capture: e.g. cat /proc/interrupts > interrupts.txt, then paste it or drop the file';

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The refusal of an input of `n` characters or bytes (for callers that know the size before reading). */
export function tooBig(n: number, unit: 'characters' | 'bytes'): string {
  return `the input is ${n.toLocaleString('en-US')} ${unit} (${mib(n)}), more than the ${mib(MAX_CAPTURE_CHARS)} irqscope reads: give one capture (a /proc/interrupts, a /proc/irq or debugfs dump, or an ftrace excerpt), not a whole log`;
}

/** Why a text cannot be a capture (empty, too big, binary), or null when it may be one. */
export function checkCaptureText(text: unknown): string | null {
  if (typeof text !== 'string') return `expected text, got ${text === null ? 'null' : typeof text}; ${TEXT_HINT}`;
  if (text.length > MAX_CAPTURE_CHARS) return tooBig(text.length, 'characters');
  if (text.trim() === '') return `the text is empty; ${TEXT_HINT}`;
  for (const [re, what] of MAGIC) if (re.test(text.slice(0, 32))) return `this is ${what}, not text; ${TEXT_HINT}`;
  const head = text.length > SNIFF ? text.slice(0, SNIFF) : text;
  let odd = 0;
  let firstOdd = -1;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd;
    if (!control) continue;
    if (c === 0) return `this is binary data (a NUL character at offset ${i}), not text; ${TEXT_HINT}`;
    if (firstOdd < 0) firstOdd = i;
    odd++;
  }
  if (odd > 8 && odd * 100 > head.length) {
    return `this is binary data (${odd} control or undecodable characters in the first ${head.length}, the first at offset ${firstOdd}), not text; ${TEXT_HINT}`;
  }
  return null;
}

/** The same checks on raw bytes (a dropped file), before decoding them. */
export function checkCaptureBytes(bytes: Uint8Array): string | null {
  if (bytes.byteLength > MAX_CAPTURE_CHARS) return tooBig(bytes.byteLength, 'bytes');
  for (const [magic, what] of MAGIC_BYTES) {
    if (magic.every((b, i) => bytes[i] === b)) return `this is ${what}, not text; ${TEXT_HINT}`;
  }
  return null;
}
