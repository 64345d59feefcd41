// The page header: what this is, the scenario's title and machine, and the global controls.
import type { Machine } from '../../sim/scenario/schema';
import { useUiNow } from '../store';
import { useLinkState } from '../url-state';
import type { OpenStory } from './presets';
import { PresetsMenu } from './PresetsMenu';
import { RecentMenu } from './RecentMenu';
import { Share } from './Share';
import { ThemeToggle } from './ThemeToggle';

function machineSummary(m: Machine): string {
  const arch = m.arch ?? 'x86_64';
  const parts = [arch, `${m.cpus ?? 8} CPUs`];
  if ((m.nodes ?? 1) > 1) parts.push(`${m.nodes} nodes`);
  if (m.xen) parts.push(`Xen ${m.xen.role}`);
  if (arch === 'arm64') parts.push(`GIC${m.gic?.version ?? 'v3'}`);
  const k = m.kernel ?? {};
  parts.push(k.descriptors === 'bitmap' ? 'bitmap descriptors' : 'maple descriptors');
  if (arch === 'x86_64' && !m.xen) parts.push(k.vectors === 'legacy' ? 'legacy vectors' : 'vector matrix');
  if (m.xen) parts.push(`xenIrqs ${k.xenIrqs ?? 'current'}`);
  return parts.join(' · ');
}

export function Header({ onMachine, onPreset }: { onMachine(): void; onPreset(s: OpenStory): void }) {
  const scenario = useUiNow((s) => s.scenario);
  const bad = useLinkState((s) => s.badLink !== null);
  return (
    <header className="app-header">
      <div className="brand" title="irqscope simulates the Linux kernel's interrupt allocation in your browser.">
        irqscope
      </div>
      <div className="title">
        <h1>{bad ? 'Link not opened' : scenario ? (scenario.title ?? 'Untitled scenario') : 'Starting…'}</h1>
        {scenario ? <span className="machine-summary">{machineSummary(scenario.machine)}</span> : null}
      </div>
      <nav className="header-actions" aria-label="Scenario">
        <PresetsMenu onOpened={onPreset} />
        <RecentMenu />
        <button type="button" onClick={onMachine} disabled={!scenario} title="Choose the hardware and the kernel's policies; the steps replay on the new machine.">
          Machine settings
        </button>
        <ThemeToggle />
        <Share />
      </nav>
    </header>
  );
}
