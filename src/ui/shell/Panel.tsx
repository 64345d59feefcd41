// A titled region of the layout with its own error boundary.
import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

interface Props {
  title: string;
  /** Accessible name of the region; defaults to the title. */
  label?: string;
  className?: string;
  actions?: ReactNode;
  children: ReactNode;
}

export function Panel({ title, label, className, actions, children }: Props) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={label ?? title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      <div className="panel-body">
        <ErrorBoundary name={title}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
