// Arrays of plain rows packed into columns for postMessage: a structured clone of 8,000
// interrupt rows (objects, nested level arrays, strings) takes tens of milliseconds to read on
// the page's main thread; the same rows as typed-array columns plus one string table are
// transferred for free and rebuilt into objects in a few milliseconds.
//
// Row fields may be numbers, booleans, strings, null, undefined (the key is then left out),
// arrays of strings, or arrays of rows (packed the same way, recursively).

export interface PackedRows {
  n: number;
  keys: string[];
  cols: PackedColumn[];
}

export type PackedColumn =
  | { kind: 'num'; values: Float64Array; present: Uint8Array | null }
  | { kind: 'bool'; values: Uint8Array }
  | { kind: 'str'; ids: Int32Array }
  | { kind: 'strs'; offsets: Uint32Array; ids: Int32Array }
  | { kind: 'rows'; offsets: Uint32Array; rows: PackedRows }
  | { kind: 'json'; ids: Int32Array };

/** The string table shared by every column of one message. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

const UNDEF = -1;
const NULL = -2;

export function packRows(rows: readonly object[], table: StringTable): PackedRows {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k in r) if (!seen.has(k)) seen.add(k), keys.push(k);
  const cols = keys.map((k) => packColumn(rows, k, table));
  return { n: rows.length, keys, cols };
}

function packColumn(rows: readonly object[], key: string, table: StringTable): PackedColumn {
  const n = rows.length;
  const get = (i: number) => (rows[i] as Record<string, unknown>)[key];
  let kind: 'num' | 'bool' | 'str' | 'strs' | 'rows' | 'json' | null = null;
  let sawArray = false;
  for (let i = 0; i < n && kind !== 'json'; i++) {
    const v = get(i);
    if (v === undefined) continue;
    if (Array.isArray(v)) sawArray = true;
    const k = classify(v);
    if (k === null) continue;
    kind = kind === null || kind === k ? k : 'json';
  }
  if (kind === null && sawArray) kind = 'strs';
  switch (kind ?? 'str') {
    case 'num': {
      const values = new Float64Array(n);
      let present: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = get(i);
        if (typeof v === 'number') values[i] = v;
        else (present ??= new Uint8Array(n).fill(1))[i] = v === null ? 2 : 0;
      }
      return { kind: 'num', values, present };
    }
    case 'bool': {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = get(i);
        values[i] = v === undefined ? 2 : v ? 1 : 0;
      }
      return { kind: 'bool', values };
    }
    case 'strs': {
      const offsets = new Uint32Array(n + 1);
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        for (const s of (get(i) as string[] | undefined) ?? []) out.push(table.id(s));
        offsets[i + 1] = out.length;
      }
      return { kind: 'strs', offsets, ids: Int32Array.from(out) };
    }
    case 'rows': {
      const offsets = new Uint32Array(n + 1);
      const all: object[] = [];
      for (let i = 0; i < n; i++) {
        for (const r of (get(i) as object[] | undefined) ?? []) all.push(r);
        offsets[i + 1] = all.length;
      }
      return { kind: 'rows', offsets, rows: packRows(all, table) };
    }
    default: {
      const ids = new Int32Array(n);
      const json = kind === 'json';
      for (let i = 0; i < n; i++) {
        const v = get(i);
        ids[i] = v === undefined ? UNDEF : v === null ? NULL : table.id(json ? JSON.stringify(v) : (v as string));
      }
      return { kind: json ? 'json' : 'str', ids };
    }
  }
}

function classify(v: unknown): 'num' | 'bool' | 'str' | 'strs' | 'rows' | 'json' | null {
  if (v === null) return null;
  switch (typeof v) {
    case 'number':
      return 'num';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    if (v.every((x) => typeof x === 'string')) return 'strs';
    if (v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return 'rows';
  }
  return 'json';
}

export function unpackRows<T>(p: PackedRows, strings: readonly string[]): T[] {
  const out: Record<string, unknown>[] = new Array(p.n);
  for (let i = 0; i < p.n; i++) out[i] = {};
  p.keys.forEach((key, k) => {
    const c = p.cols[k];
    switch (c.kind) {
      case 'num':
        for (let i = 0; i < p.n; i++) {
          const has = c.present ? c.present[i] : 1;
          if (has) out[i][key] = has === 2 ? null : c.values[i];
        }
        break;
      case 'bool':
        for (let i = 0; i < p.n; i++) if (c.values[i] !== 2) out[i][key] = c.values[i] === 1;
        break;
      case 'str':
      case 'json':
        for (let i = 0; i < p.n; i++) {
          const id = c.ids[i];
          if (id === UNDEF) continue;
          out[i][key] = id === NULL ? null : c.kind === 'json' ? JSON.parse(strings[id]) : strings[id];
        }
        break;
      case 'strs':
        for (let i = 0; i < p.n; i++) {
          const a: string[] = [];
          for (let j = c.offsets[i]; j < c.offsets[i + 1]; j++) a.push(strings[c.ids[j]]);
          out[i][key] = a;
        }
        break;
      case 'rows': {
        const inner = unpackRows<unknown>(c.rows, strings);
        for (let i = 0; i < p.n; i++) out[i][key] = inner.slice(c.offsets[i], c.offsets[i + 1]);
        break;
      }
    }
  });
  return out as T[];
}

/** The typed arrays of a packed table, for postMessage's transfer list. */
export function packedBuffers(p: PackedRows, out: ArrayBuffer[] = []): ArrayBuffer[] {
  const add = (a: ArrayBufferView | null) => {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  for (const c of p.cols) {
    switch (c.kind) {
      case 'num':
        add(c.values);
        add(c.present);
        break;
      case 'bool':
        add(c.values);
        break;
      case 'str':
      case 'json':
        add(c.ids);
        break;
      case 'strs':
        add(c.offsets);
        add(c.ids);
        break;
      case 'rows':
        add(c.offsets);
        packedBuffers(c.rows, out);
        break;
    }
  }
  return out;
}
