// A bare page mounting every view over the real engine worker, for the views' own e2e checks
// before (and independently of) the shell's layout. Query: ?preset=<id>&variant=N or
// ?cpus=N&nodes=N&smt=N&arch=x86_64|arm64, &theme=light|dark.
import { createRoot } from 'react-dom/client';
import { presetById, presetScenario } from '../../../src/sim/scenario/presets';
import type { Scenario } from '../../../src/sim/scenario/schema';
import { loadScenario } from '../../../src/ui/engine/actions';
import { connectEngine } from '../../../src/ui/engine/client';
import { uiStore } from '../../../src/ui/store';
import { Legend } from '../../../src/ui/theme/Legend';
import { useThemeAttribute } from '../../../src/ui/theme/theme';
import { DebugfsPane } from '../../../src/ui/views/DebugfsPane';
import { DescriptorSpace } from '../../../src/ui/views/DescriptorSpace';
import { DomainTree } from '../../../src/ui/views/DomainTree';
import { EventLog } from '../../../src/ui/views/EventLog';
import { MachinePanel } from '../../../src/ui/views/MachinePanel';
import { VectorView } from '../../../src/ui/views/VectorView';
import { synthetic } from './fixture';
import { EventQueries } from '../../../src/sim/engine/event_query';
import { EventStore } from '../../../src/sim/engine/event_store';
import type { SimEvent } from '../../../src/sim/events';
import { setEventRowsSource } from '../../../src/ui/views/events-source';
import './harness.css';

const q = new URLSearchParams(location.search);
const theme = q.get('theme');
if (theme === 'light' || theme === 'dark') uiStore.getState().setTheme(theme);

function scenario(): Scenario {
  const preset = q.get('preset');
  if (preset) {
    const p = presetById(preset);
    if (!p) throw new Error(`no preset ${preset}`);
    return presetScenario(p, Number(q.get('variant') ?? 0));
  }
  const cpus = Number(q.get('cpus') ?? 8);
  const arch = q.get('arch') === 'arm64' ? 'arm64' : 'x86_64';
  return {
    scenario: 1,
    machine: { arch, cpus, nodes: Number(q.get('nodes') ?? 1), smt: Number(q.get('smt') ?? 1) as 1 | 2 },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues: Math.min(cpus, 16) },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
    ],
  } as Scenario;
}

function Page() {
  useThemeAttribute();
  return (
    <main className="h-main">
      <div className="h-left">
        <MachinePanel />
      </div>
      <div className="h-mid">
        <VectorView />
        <DescriptorSpace />
      </div>
      <div className="h-right">
        <DomainTree />
        <Legend />
      </div>
      <div className="h-bottom">
        <EventLog />
        <DebugfsPane />
      </div>
    </main>
  );
}

const fixture = q.get('fixture');
if (fixture) {
  // Synthetic drawing check only; the engine is not involved.
  const { snapshot, events } = synthetic(Number(fixture), Number(q.get('nodes') ?? 1), 1);
  uiStore.setState({ scenario: { scenario: 1, machine: {}, steps: [{ do: 'cpu.offline', cpu: 3 }] } as unknown as Scenario });
  // The event log reads a page-local store of the synthetic events, as the worker would serve them.
  const many = Number(q.get('events') ?? 0);
  const store = new EventStore();
  const n = many || events.length;
  for (let i = 0; i < n; i++) {
    const { step: _s, seq: _q, ...e } = events[i % events.length];
    store.push(e as SimEvent, many ? Math.floor(i / 100) : events[i].step);
  }
  const queries = new EventQueries(store);
  const ctx = { version: 1, stepDevice: () => null, irqDevice: () => null, irqDomains: () => [], itsDevice: () => null };
  setEventRowsSource(async (query) => queries.rows(query, store.end, ctx));
  const counts = { end: store.end, visibleEnd: store.end, start: store.start, dropped: store.dropped };
  const noChange = { from: 1, items: [], length: 1 };
  uiStore.setState({ outcomes: [{ index: 0, do: 'cpu.offline', ok: false, error: '-ENOSPC', reason: 'synthetic: CPU 3 has 175 vectors, 69 available. Cannot disable CPU', warnings: 0 }] });
  uiStore.getState().setState({ ...snapshot, at: 1, events: counts }, noChange);
  (window as unknown as { irqscopeNext: () => void }).irqscopeNext = () => {
    const next = synthetic(Number(fixture), Number(q.get('nodes') ?? 1), 2);
    uiStore.getState().setState({ ...next.snapshot, at: 1, events: counts }, noChange);
  };
} else {
  connectEngine();
  void loadScenario(scenario());
}
const root = document.getElementById('root');
if (root) createRoot(root).render(<Page />);
