// Layout of the IRQ domain hierarchy with d3-hierarchy: stratify the (name, parent) rows, then
// an indented tree (pre-order rows, depth columns) that fits a narrow pane however many
// per-device MSI domains there are. Also the chain of an irq through the levels.
import { stratify, type HierarchyNode } from 'd3-hierarchy';
import type { DomainRow, IrqLevel } from '../../sim/snapshot';

/** Domain names in natural order (vm2 before vm10); one collator, not one per comparison. */
const NAME_ORDER = new Intl.Collator('en', { numeric: true });

export interface DomainNode {
  name: string;
  mapcount: number;
  size: number;
  depth: number;
  row: number;
  /** Row of the parent (-1 for a root). */
  parentRow: number;
  children: number;
  /** A folded run of siblings: how many domains it stands for (0 for a real domain). */
  more: number;
  /** For a fold: the parent whose children it hides ('' for folded roots). */
  foldOf: string;
}

export interface DomainLayout {
  nodes: DomainNode[];
  depth: number;
  /** Number of domains (without folds). */
  total: number;
}

const ROOT = '\u0000root';
/** A parent with more children than this shows only the first FOLD_SHOWN (plus kept ones). */
export const FOLD_OVER = 12;
export const FOLD_SHOWN = 6;

export interface FoldOptions {
  /** Parents ('' = the roots) whose children are all shown. */
  expanded?: ReadonlySet<string>;
  /** Domains always shown (e.g. the selected irq's chain), with their ancestors. */
  keep?: ReadonlySet<string>;
}

/**
 * Lays out the domains; unknown parents become roots, duplicate names keep the first row.
 * Long runs of siblings (hundreds of per-VM or per-device domains) fold into one "+N more" row.
 */
export function layoutDomains(rows: DomainRow[], opts: FoldOptions = {}): DomainLayout {
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
  // Stable order by name (the kernel lists domains in creation order; names group better).
  root.sort((a, b) => NAME_ORDER.compare(a.id ?? '', b.id ?? ''));
  const keep = new Set<string>();
  for (const k of opts.keep ?? []) {
    for (let n = root.find((x) => x.data.name === k); n && n !== root; n = n.parent ?? undefined) keep.add(n.data.name);
  }
  const expanded = opts.expanded ?? new Set<string>();
  const nodes: DomainNode[] = [];
  let maxDepth = 0;
  const visit = (n: HierarchyNode<D>, parentRow: number): void => {
    const kids = n.children ?? [];
    const parentName = n === root ? '' : n.data.name;
    const fold = kids.length > FOLD_OVER && !expanded.has(parentName);
    let hidden = 0;
    kids.forEach((c, i) => {
      if (fold && i >= FOLD_SHOWN && !keep.has(c.data.name)) {
        hidden++;
        return;
      }
      const row = nodes.length;
      const depth = c.depth - 1;
      maxDepth = Math.max(maxDepth, depth);
      nodes.push({
        name: c.data.name,
        mapcount: c.data.row?.mapcount ?? 0,
        size: c.data.row?.size ?? 0,
        depth,
        row,
        parentRow,
        children: c.children?.length ?? 0,
        more: 0,
        foldOf: '',
      });
      visit(c, row);
    });
    if (hidden) {
      nodes.push({
        name: `${parentName}\u0000more`,
        mapcount: 0,
        size: 0,
        depth: n.depth,
        row: nodes.length,
        parentRow,
        children: 0,
        more: hidden,
        foldOf: parentName,
      });
    }
  };
  visit(root, -1);
  return { nodes, depth: maxDepth, total: unique.length };
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
