// The page header: what this is, the scenario's title, its machine and kernel release (with a
// "counterfactual" badge when the overrides make a kernel no release was), and the global controls.
import { useId, useMemo } from 'react';
import { resolveKernel, type ResolvedKernel } from '../../sim/scenario/releases_resolve';
import type { Machine } from '../../sim/scenario/schema';
import { useUiNow } from '../store';
import { useLinkState } from '../url-state';
import type { OpenStory } from './presets';
import { PresetsMenu } from './PresetsMenu';
import { RecentMenu } from './RecentMenu';
import { CompareButton } from '../compare/CompareDialog';
import { ExportMenu } from '../import/ExportMenu';
import { ImportButton } from '../import/ImportButton';
import { Share } from './Share';
import { ThemeToggle } from './ThemeToggle';

function kernelOf(m: Machine): ResolvedKernel | null {
  try {
    return resolveKernel(m);
  } catch {
    return null; // a scenario the engine refused; the banner says why
  }
}

function machineSummary(m: Machine, k: ResolvedKernel | null): string {
  const arch = m.arch ?? 'x86_64';
  const parts = [arch, `${m.cpus ?? 8} CPUs`];
  if ((m.nodes ?? 1) > 1) parts.push(`${m.nodes} nodes`);
  if (m.xen) parts.push(`Xen ${m.xen.role}`);
  if (arch === 'arm64') parts.push(`GIC${m.gic?.version ?? 'v3'}`);
  if (!k) return parts.join(' · ');
  const p = k.policies;
  parts.push(`Linux ${k.release}`);
  parts.push(p.descriptors === 'bitmap' ? 'bitmap descriptors' : 'maple descriptors');
  if (arch === 'x86_64' && !m.xen) parts.push(p.vectors === 'legacy' ? 'legacy vectors' : 'vector matrix');
  if (m.xen) parts.push(`xenIrqs ${p.xenIrqs}`);
  return parts.join(' · ');
}

export function Header({ onMachine, onPreset }: { onMachine(): void; onPreset(s: OpenStory): void }) {
  const scenario = useUiNow((s) => s.scenario);
  const bad = useLinkState((s) => s.badLink !== null);
  const machine = scenario?.machine;
  const kernel = useMemo(() => (machine ? kernelOf(machine) : null), [machine]);
  const whyId = useId();
  return (
    <header className="app-header">
      <div className="brand" title="irqscope simulates the Linux kernel's interrupt allocation in your browser.">
        irqscope
      </div>
      <div className="title">
        <h1>{bad ? 'Link not opened' : scenario ? (scenario.title ?? 'Untitled scenario') : 'Starting…'}</h1>
        {scenario ? <span className="machine-summary">{machineSummary(scenario.machine, kernel)}</span> : null}
        {kernel?.counterfactual ? (
          <>
            <span className="counterfactual-badge" title={kernel.why} aria-describedby={whyId}>
              counterfactual
            </span>
            <span id={whyId} className="irq-sr-only">
              {kernel.why}
            </span>
          </>
        ) : null}
      </div>
      <nav className="header-actions" aria-label="Scenario">
        <PresetsMenu onOpened={onPreset} />
        <RecentMenu />
        <ImportButton />
        <ExportMenu />
        <CompareButton />
        <button type="button" onClick={onMachine} disabled={!scenario} title="Choose the hardware and the kernel release (and, advanced, overrides); the steps replay on the new machine.">
          Machine settings
        </button>
        <ThemeToggle />
        <Share />
      </nav>
    </header>
  );
}
