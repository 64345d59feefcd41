// arm64: the LPI INTID space (allocated vs free ranges of the ITS LPI allocator) and each ITS
// device's event map (which events of its ITT are in use).
import type { LpiSnapshot } from '../../sim/snapshot';
import { niceCeil } from './numberline';
import { complement, pblRuns, runsLength, runsText, spans } from './ranges';

function Bar({ runs, lo, hi, label, fill, back }: { runs: Array<[number, number]>; lo: number; hi: number; label: string; fill: string; back: string }) {
  const span = Math.max(1, hi - lo);
  return (
    <svg className="lpi-bar" viewBox="0 0 1000 12" preserveAspectRatio="none" role="img" aria-label={label}>
      <rect x={0} y={0} width={1000} height={12} style={{ fill: back }} />
      {runs.map(([a, b]) => (
        <rect
          key={a}
          x={((Math.max(a, lo) - lo) / span) * 1000}
          y={0}
          width={Math.max(1, ((Math.min(b, hi) - Math.max(a, lo)) / span) * 1000)}
          height={12}
          style={{ fill }}
        />
      ))}
    </svg>
  );
}

export function LpiView({ lpis }: { lpis: LpiSnapshot }) {
  const free = spans(lpis.freeRanges);
  const total = lpis.end - lpis.first;
  const nFree = runsLength(free);
  const used = complement(free, lpis.first, lpis.end);
  const usedEnd = used.length ? used[used.length - 1][1] : lpis.first;
  // When the allocations are a sliver of the space, a second bar zooms on them.
  const detailEnd = Math.min(lpis.end, lpis.first + niceCeil(Math.max(16, (usedEnd - lpis.first) * 1.2)));
  const detail = used.length > 0 && (usedEnd - lpis.first) / total < 0.15;
  return (
    <section className="lpi" aria-label="LPI space">
      <h3 title="Locality-specific Peripheral Interrupts: message-based interrupts of the GICv3, numbered from 8192, handed to devices by the ITS.">
        LPI space {lpis.first}–{lpis.end - 1}
        <span className="irq-muted">
          {' '}
          · {total - nFree} allocated · {nFree} free
        </span>
      </h3>
      <Bar
        runs={free}
        lo={lpis.first}
        hi={lpis.end}
        label={`Free LPI ranges: ${runsText(free) || 'none'}`}
        fill="var(--irq-free)"
        back="var(--irq-allocated)"
      />
      <div className="lpi-axis irq-mono" aria-hidden="true">
        <span>{lpis.first}</span>
        <span>{lpis.end - 1}</span>
      </div>
      {detail && (
        <>
          <Bar
            runs={used}
            lo={lpis.first}
            hi={detailEnd}
            label={`Allocated LPIs in ${lpis.first}-${detailEnd - 1}: ${runsText(used)}`}
            fill="var(--irq-allocated)"
            back="var(--irq-free)"
          />
          <div className="lpi-axis irq-mono" aria-hidden="true">
            <span>{lpis.first}</span>
            <span>detail</span>
            <span>{detailEnd - 1}</span>
          </div>
        </>
      )}
      {lpis.devices.length > 0 && (
        <table className="lpi-devices">
          <caption title="Each ITS device has an Interrupt Translation Table; its event map records which events (MSIs) are in use.">
            ITS devices and their event maps
          </caption>
          <thead>
            <tr>
              <th scope="col">device</th>
              <th scope="col">DevID</th>
              <th scope="col">LPIs</th>
              <th scope="col">event map</th>
              <th scope="col" className="lpi-mapcol">
                events
              </th>
            </tr>
          </thead>
          <tbody>
            {lpis.devices.map((d) => {
              const used = pblRuns(d.eventMap);
              return (
                <tr key={`${d.id}-${d.deviceId}`}>
                  <td>
                    {d.id}
                    {d.shared ? <span className="irq-muted"> (shared)</span> : null}
                  </td>
                  <td className="irq-mono">{'0x' + d.deviceId.toString(16)}</td>
                  <td className="irq-mono">
                    {d.lpiBase}+{d.nrLpis}
                  </td>
                  <td className="irq-mono">{d.eventMap || '(empty)'}</td>
                  <td className="lpi-mapcol">
                    <Bar
                      runs={used}
                      lo={0}
                      hi={d.nrLpis}
                      label={`${d.id} events in use: ${d.eventMap || 'none'} of ${d.nrLpis}`}
                      fill="var(--irq-allocated)"
                      back="var(--irq-free)"
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
