// Xen: the event channels of this domain and the IRQs they are bound to.
import { useState } from 'react';
import type { XenSnapshot } from '../../sim/snapshot';
import { uiStore, useUi } from '../store';

const SHOWN = 200;

export function XenChannels({ xen }: { xen: XenSnapshot }) {
  const [all, setAll] = useState(false);
  const selected = useUi((s) => s.selectedIrq);
  const rows = all ? xen.channels : xen.channels.slice(0, SHOWN);
  return (
    <section className="xen" aria-label="Event channels">
      <h3 title="Xen delivers interrupts to a guest as event channels (ports); Linux binds each port to an IRQ.">
        Event channels <span className="irq-muted">· ABI {xen.abi} · {xen.channels.length} bound of {xen.limit}</span>
      </h3>
      <div className="xen-scroll">
        <table className="xen-table irq-mono">
          <thead>
            <tr>
              <th scope="col">port</th>
              <th scope="col">type</th>
              <th scope="col">irq</th>
              <th scope="col">cpu</th>
              <th scope="col">binding</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.port} className={c.irq === selected ? 'is-selected' : undefined}>
                <td>{c.port}</td>
                <td>{c.type}</td>
                <td>
                  {c.irq >= 0 ? (
                    <button type="button" className="irq-chip" aria-pressed={c.irq === selected} onClick={() => uiStore.getState().selectIrq(c.irq)}>
                      {c.irq}
                    </button>
                  ) : (
                    '-'
                  )}
                </td>
                <td>{c.cpu}</td>
                <td>{c.binding}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && xen.channels.length > SHOWN && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {xen.channels.length} channels
        </button>
      )}
    </section>
  );
}
