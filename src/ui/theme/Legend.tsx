// The legend: every colour the views use, each with a one-sentence explanation (tooltip and
// accessible description).
import { SWATCH_INFO, SWATCH_ORDER, swatchVar, type Swatch } from './palette';
import './theme.css';

export interface LegendProps {
  /** Limit to these swatches (default: all). */
  only?: readonly Swatch[];
  className?: string;
}

export function Legend({ only, className }: LegendProps) {
  const items = only ? SWATCH_ORDER.filter((s) => only.includes(s)) : SWATCH_ORDER;
  return (
    <ul className={'irq-legend' + (className ? ' ' + className : '')} aria-label="Legend">
      {items.map((s) => (
        <li key={s} title={SWATCH_INFO[s].tip} tabIndex={0} aria-description={SWATCH_INFO[s].tip}>
          <span className="irq-swatch" aria-hidden="true" style={{ background: `var(${swatchVar(s)})` }} />
          {SWATCH_INFO[s].label}
        </li>
      ))}
    </ul>
  );
}
