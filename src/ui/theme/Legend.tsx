// The legend: the colours the views of the machine on screen use (legend-kinds.ts), each with
// a one-sentence explanation (tooltip and accessible description).
import { useUi } from '../store';
import { LEGEND_ENTRIES, legendKind, type LegendEntry } from './legend-kinds';
import { SWATCH_INFO, swatchVar, type Swatch } from './palette';
import './theme.css';

export interface LegendProps {
  /** Limit to these swatches (default: those of the machine's architecture). */
  only?: readonly Swatch[];
  className?: string;
}

export function Legend({ only, className }: LegendProps) {
  const kind = useUi((s) => legendKind(s.snapshot));
  const items: readonly LegendEntry[] = only
    ? only.map((s) => ({ swatch: s, label: SWATCH_INFO[s].label, tip: SWATCH_INFO[s].tip }))
    : LEGEND_ENTRIES[kind];
  return (
    <ul className={'irq-legend' + (className ? ' ' + className : '')} aria-label="Legend" data-kind={only ? undefined : kind}>
      {items.map((e) => (
        <li key={e.swatch} title={e.tip} tabIndex={0} aria-description={e.tip}>
          <span className="irq-swatch" aria-hidden="true" style={{ background: `var(${swatchVar(e.swatch)})` }} />
          {e.label}
        </li>
      ))}
    </ul>
  );
}
