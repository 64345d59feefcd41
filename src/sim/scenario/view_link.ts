// What a link carries besides the scenario: where the reader was looking. After the scenario
// data a link may have "~" and view fields, "#s1.<data>~at=12&cmp=6.4&story=x86-vectors-offline.1
// &irq=45&text=/proc/interrupts": the step position, the release compared with (or two, "a,b"),
// the story open and its variant, the selected interrupt, the kernel text file shown. "cmp" may
// also name a variant of the open story ("cmp=variant.2": a proposal has no release of its own). The
// scenario's checksum does not cover them: each is checked on its own, and one that does not
// read is reported and ignored (the scenario still opens). Links without "~" are as before.

export interface LinkView {
  at?: number;
  /** Release of side B ("6.4", or "variant.2": that variant of the open story), or [A, B] when the link names both. */
  compare?: string[];
  story?: { id: string; variant: number };
  irq?: number;
  text?: string;
}

const SEP = '~';
const RELEASE = /^v?\d+\.\d+(?:\.\d+)?$/;
const VARIANT = /^variant\.\d{1,2}$/;
const STORY = /^([a-z0-9][a-z0-9-]{0,63})\.(\d{1,2})$/;
const TEXT = /^\/(?:proc|sys\/kernel\/debug)\/[\x21-\x7e]{1,200}$/;

/** Splits a fragment ("#s1.<data>~view" or without '#') into the scenario part and the view text. */
export function splitView(fragment: string): { scenario: string; view: string } {
  const i = fragment.indexOf(SEP);
  return i < 0 ? { scenario: fragment, view: '' } : { scenario: fragment.slice(0, i), view: fragment.slice(i + 1) };
}

export function encodeView(v: LinkView): string {
  const parts: string[] = [];
  if (v.at !== undefined) parts.push(`at=${v.at}`);
  if (v.compare?.length) parts.push(`cmp=${v.compare.join(',')}`);
  if (v.story) parts.push(`story=${v.story.id}.${v.story.variant}`);
  if (v.irq !== undefined) parts.push(`irq=${v.irq}`);
  if (v.text) parts.push(`text=${encodeURIComponent(v.text)}`);
  return parts.length ? SEP + parts.join('&') : '';
}

/** Reads view fields; `steps` bounds the position. Fields that do not read are named in `problems`. */
export function parseView(text: string, steps: number): { view: LinkView; problems: string[] } {
  const view: LinkView = {};
  const problems: string[] = [];
  if (!text) return { view, problems };
  for (const part of text.slice(0, 2000).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      problems.push(`${key}: not valid URL text`);
      continue;
    }
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    switch (key) {
      case 'at': {
        const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || n > steps) problems.push(`at: ${shown} is not a step position 0..${steps}`);
        else view.at = n;
        break;
      }
      case 'cmp': {
        const rs = value.split(',');
        const one = rs.length === 1 && (RELEASE.test(rs[0]) || VARIANT.test(rs[0]));
        const two = rs.length === 2 && rs.every((r) => RELEASE.test(r));
        if (!one && !two) problems.push(`cmp: ${shown} is not a kernel release or two ("6.4" or "6.4,6.5"), or a story variant ("variant.1")`);
        else view.compare = rs.map((r) => (RELEASE.test(r) ? r.replace(/^v/, '') : r));
        break;
      }
      case 'story': {
        const m = STORY.exec(value);
        if (!m) problems.push(`story: ${shown} is not a story and variant ("x86-vectors-offline.1")`);
        else view.story = { id: m[1], variant: Number(m[2]) };
        break;
      }
      case 'irq': {
        const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || n > 2 ** 31 - 1) problems.push(`irq: ${shown} is not an irq number`);
        else view.irq = n;
        break;
      }
      case 'text':
        if (!TEXT.test(value)) problems.push(`text: ${shown} is not a kernel text file path (/proc/... or /sys/kernel/debug/...)`);
        else view.text = value;
        break;
      default:
        problems.push(`${JSON.stringify(key)} is not a view field this irqscope reads (at, cmp, story, irq, text)`);
    }
  }
  return { view, problems };
}
