// Compare mode's middle column: each kernel's vector space (or LPIs, or event channels) and
// descriptor space, one above the other, each a region named "Kernel <release>". Side B's views
// read its own store (StoreContext), so they are the very views of the single-kernel screen.
import type { ReactNode } from 'react';
import type { CompareSide } from '../engine/compare';
import { ErrorBoundary } from '../shell/ErrorBoundary';
import { StoreContext } from '../store';
import { DescriptorSpace } from '../views/DescriptorSpace';
import { VectorView } from '../views/VectorView';
import './compare.css';

function Side({ label, children }: { label: string; children?: ReactNode }) {
  return (
    <section className="cmp-side" aria-label={`Kernel ${label}`}>
      <h2 className="cmp-side-title">Kernel {label}</h2>
      <ErrorBoundary name={`Kernel ${label}`}>
        <VectorView />
        <DescriptorSpace />
      </ErrorBoundary>
      {children}
    </section>
  );
}

export function CompareSides({ side, labelA }: { side: CompareSide; labelA: string }) {
  return (
    <>
      <Side label={labelA} />
      <StoreContext.Provider value={side.store}>
        <Side label={side.label} />
      </StoreContext.Provider>
    </>
  );
}
