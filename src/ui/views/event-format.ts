// The event log's CPU filter: a CPU list as the kernel writes it. (Lines, severities and the
// filters themselves live with the events in the worker: src/sim/engine/event_query.ts.)

/** "0-3,8" -> {0,1,2,3,8}; empty text -> null (any); bad text -> undefined. */
export function parseCpuList(text: string): Set<number> | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 65536) return undefined;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return out;
}
