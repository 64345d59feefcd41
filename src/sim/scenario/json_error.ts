// Where JSON text goes wrong: a small RFC 8259 scanner, used only after JSON.parse has refused the text.
import { quoteText } from '../lib/quote';

export interface JsonErrorSpot {
  /** Offset of the first offending character (text.length at an unexpected end). */
  pos: number;
  what: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Scans `text` as JSON and returns the first error, or null when it is valid. Iterative (an
 * explicit stack), so deeply nested garbage cannot overflow the call stack.
 */
export function findJsonError(text: string): JsonErrorSpot | null {
  let i = 0;
  const n = text.length;
  // Stack of open containers: '[' or '{'.
  const stack: string[] = [];
  const skipWs = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const here = (what: string): JsonErrorSpot => ({
    pos: i,
    what: i >= n ? `unexpected end of text (${what})` : `unexpected ${quoteText(String.fromCodePoint(text.codePointAt(i)!))} (${what})`,
  });

  const scanString = (): JsonErrorSpot | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return { pos: i, what: 'control character inside a string' };
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { pos: i, what: 'bad \\u escape' };
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return { pos: i, what: 'bad escape in a string' };
      } else i++;
    }
    return { pos: n, what: 'unexpected end of text (unterminated string)' };
  };

  const scanValue = (): JsonErrorSpot | null | 'open' => {
    skipWs();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      return 'open';
    }
    if (c === '"') return scanString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      i += num[0].length;
      return null;
    }
    return here('expected a value');
  };

  // State machine: after a value, expect ',' or the closer; after '{' or ',', a key (in objects).
  let r = scanValue();
  if (r !== null && r !== 'open') return r;
  let justOpened = r === 'open';
  for (;;) {
    skipWs();
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const closer = top === '{' ? '}' : ']';
    if (justOpened && text[i] === closer) {
      stack.pop();
      i++;
      justOpened = false;
      continue;
    }
    if (!justOpened) {
      if (text[i] === closer) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return here(`expected ',' or '${closer}'`);
      i++;
      skipWs();
    }
    if (top === '{') {
      if (text[i] !== '"') return here('expected a "quoted" key');
      const bad = scanString();
      if (bad) return bad;
      skipWs();
      if (text[i] !== ':') return here("expected ':' after the key");
      i++;
    }
    r = scanValue();
    if (r !== null && r !== 'open') return r;
    justOpened = r === 'open';
  }
  skipWs();
  if (i < n) return here('expected the end of the text after the document');
  return null;
}

/** "line 3, column 7" for a 0-based offset. */
export function lineColumn(text: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let k = 0; k < pos && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}
