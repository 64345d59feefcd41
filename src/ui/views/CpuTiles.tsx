// CPU tiles of one NUMA node: a switch per CPU (name "CPU N", checked = online), shaded by its
// load of vectors, cores (SMT siblings) kept together; large nodes fold into pages.
import { useState } from 'react';
import type { CpuSnapshot } from '../../sim/snapshot';
import type { NodeGroup, Refusal } from './machine-layout';
import { pages } from './machine-layout';

const PAGE = 128;

export interface CpuTilesProps {
  group: NodeGroup;
  cpus: CpuSnapshot;
  max: number;
  refusals: Map<number, Refusal>;
  pending: ReadonlySet<number>;
  hoverCpu: number | null;
  collapsed: boolean;
  multiNode: boolean;
  /** What the load counts ("vectors", "interrupts", "event channels"). */
  loadUnit: string;
  onToggle(cpu: number, online: boolean): void;
  onHover(cpu: number | null): void;
}

function Tile({ cpu, p }: { cpu: number; p: CpuTilesProps }) {
  const online = p.cpus.online[cpu] === 1;
  const load = p.cpus.load[cpu] ?? 0;
  const refused = p.refusals.get(cpu);
  const busy = p.pending.has(cpu);
  const cls = ['mp-cpu', online ? 'is-on' : 'is-off'];
  if (refused) cls.push('is-refused');
  if (busy) cls.push('is-busy');
  if (p.hoverCpu === cpu) cls.push('is-hover');
  return (
    <button
      type="button"
      role="switch"
      aria-checked={online}
      aria-label={`CPU ${cpu}`}
      aria-busy={busy || undefined}
      aria-describedby={refused ? `mp-refusal-${cpu}` : undefined}
      className={cls.join(' ')}
      title={`CPU ${cpu}: ${online ? 'online' : 'offline'}, ${load} ${p.loadUnit}. Click to take it ${online ? 'offline' : 'online'} (CPU hotplug).`}
      onClick={() => p.onToggle(cpu, online)}
      onPointerEnter={() => p.onHover(cpu)}
      onPointerLeave={() => p.onHover(null)}
      onFocus={() => p.onHover(cpu)}
      onBlur={() => p.onHover(null)}
    >
      <span className="mp-cpu-n">{cpu}</span>
      <span className="mp-cpu-load irq-mono">{load}</span>
      <span className="mp-cpu-bar" aria-hidden="true" style={{ width: `${Math.round((load / p.max) * 100)}%` }} />
    </button>
  );
}

function Cores({ p, from, to }: { p: CpuTilesProps; from: number; to: number }) {
  // CPUs of this node in [from, to) of its list, siblings of a core adjacent in one cluster.
  const all = p.group.cores.flatMap((c) => c.cpus.map((cpu) => ({ cpu, core: c.core, smt: c.cpus.length > 1 })));
  const slice = all.slice(from, to);
  const clusters: Array<{ core: number; cpus: number[]; smt: boolean }> = [];
  for (const x of slice) {
    const last = clusters[clusters.length - 1];
    if (last && last.core === x.core) last.cpus.push(x.cpu);
    else clusters.push({ core: x.core, cpus: [x.cpu], smt: x.smt });
  }
  return (
    <div className="mp-tiles">
      {clusters.map((c) => (
        <span key={`${c.core}-${c.cpus[0]}`} className={c.smt ? 'mp-core is-smt' : 'mp-core'} title={c.smt ? `core ${c.core}` : undefined}>
          {c.cpus.map((cpu) => (
            <Tile key={cpu} cpu={cpu} p={p} />
          ))}
        </span>
      ))}
    </div>
  );
}

export function NodeTiles(p: CpuTilesProps) {
  const [open, setOpen] = useState(!p.collapsed);
  const [openPages, setOpenPages] = useState<Set<number>>(() => new Set(p.group.cpus > PAGE ? [] : [0]));
  const g = p.group;
  const refusedHere = g.cores.flatMap((c) => c.cpus).filter((cpu) => p.refusals.has(cpu));
  const paged = g.cpus > PAGE;
  const label = p.multiNode ? `node ${g.node}` : 'CPUs';
  return (
    <div className="mp-node">
      <button type="button" className="mp-node-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {label}
        <span className="irq-muted">
          {' '}
          · {g.online}/{g.cpus} online · {g.load} {p.loadUnit}
        </span>
      </button>
      {open &&
        (paged ? (
          pages(g.cpus, PAGE).map(([a, b], i) => {
            const first = g.cores.flatMap((c) => c.cpus)[a];
            const last = g.cores.flatMap((c) => c.cpus)[b - 1];
            const isOpen = openPages.has(i);
            return (
              <div key={i} className="mp-page">
                <button
                  type="button"
                  className="mp-page-head"
                  aria-expanded={isOpen}
                  onClick={() =>
                    setOpenPages((s) => {
                      const n = new Set(s);
                      if (n.has(i)) n.delete(i);
                      else n.add(i);
                      return n;
                    })
                  }
                >
                  <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> CPU {first}–{last}
                </button>
                {isOpen && <Cores p={p} from={a} to={b} />}
              </div>
            );
          })
        ) : (
          <Cores p={p} from={0} to={g.cpus} />
        ))}
      {refusedHere.map((cpu) => {
        const r = p.refusals.get(cpu);
        if (!r) return null;
        return (
          <p key={cpu} id={`mp-refusal-${cpu}`} className="mp-refusal">
            <strong>
              CPU {cpu}: {r.do === 'cpu.offline' ? 'offline' : 'online'} refused ({r.error})
            </strong>
            {r.reason ? <span> — {r.reason}</span> : null}
          </p>
        );
      })}
    </div>
  );
}
