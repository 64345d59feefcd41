// Layout of the IRQ domain hierarchy with d3-hierarchy: stratify the (name, parent) rows, then
// an indented tree (pre-order rows, depth columns) that fits a narrow pane however many
// per-device MSI domains there are. Also the chain of an irq through the levels.
import { stratify, type HierarchyNode } from 'd3-hierarchy';
import type { DomainRow, IrqLevel } from '../../sim/snapshot';

export interface DomainNode {
  name: string;
  mapcount: number;
  size: number;
  depth: number;
  row: number;
  /** Row of the parent (-1 for a root). */
  parentRow: number;
  children: number;
}

export interface DomainLayout {
  nodes: DomainNode[];
  depth: number;
}

const ROOT = '\u0000root';

/** Lays out the domains; unknown parents become roots, duplicate names keep the first row. */
export function layoutDomains(rows: DomainRow[]): DomainLayout {
  const seen = new Set<string>();
  const unique = rows.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
  type D = { name: string; parent: string | null; row: DomainRow | null };
  const data: D[] = [{ name: ROOT, parent: null, row: null }];
  for (const r of unique) {
    const p = r.parent !== null && seen.has(r.parent) && r.parent !== r.name ? r.parent : ROOT;
    data.push({ name: r.name, parent: p, row: r });
  }
  let root: HierarchyNode<D>;
  try {
    root = stratify<D>()
      .id((d) => d.name)
      .parentId((d) => d.parent)(data);
  } catch {
    // A cycle: show every domain flat rather than nothing.
    root = stratify<D>()
      .id((d) => d.name)
      .parentId((d) => (d.name === ROOT ? null : ROOT))(data);
  }
  // Stable order: bigger subtrees first is confusing; keep kernel-ish order by name.
  root.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  const nodes: DomainNode[] = [];
  const rowOf = new Map<HierarchyNode<D>, number>();
  let maxDepth = 0;
  root.eachBefore((n) => {
    if (n === root) return;
    const row = nodes.length;
    rowOf.set(n, row);
    const depth = n.depth - 1;
    maxDepth = Math.max(maxDepth, depth);
    nodes.push({
      name: n.data.name,
      mapcount: n.data.row?.mapcount ?? 0,
      size: n.data.row?.size ?? 0,
      depth,
      row,
      parentRow: n.parent && n.parent !== root ? (rowOf.get(n.parent) ?? -1) : -1,
      children: n.children?.length ?? 0,
    });
  });
  return { nodes, depth: maxDepth };
}

/** domain name -> hwirq at that level for an irq's chain (levels are top domain first). */
export function chainLevels(levels: IrqLevel[] | undefined): Map<string, IrqLevel> {
  const m = new Map<string, IrqLevel>();
  for (const l of levels ?? []) if (!m.has(l.domain)) m.set(l.domain, l);
  return m;
}

/** "0x21": hwirqs as debugfs prints them. */
export function hexHwirq(h: number): string {
  return '0x' + h.toString(16);
}
