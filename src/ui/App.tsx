// The page: header (scenario title, presets, machine settings, theme, Share), the engine's
// state, then Machine | vector space | domains, the timeline, and events | debugfs. Each view
// sits in its own error boundary so one failure never blanks the page.
import { useEffect, useState } from 'react';
import { toggleCpu } from './engine/cpu-actors';
import { useUiNow } from './store';
import { useThemeAttribute, Legend } from './theme';
import { useLinkState } from './url-state';
import { DebugfsPane } from './views/DebugfsPane';
import { DescriptorSpace } from './views/DescriptorSpace';
import { DomainTree } from './views/DomainTree';
import { EventLog } from './views/EventLog';
import { MachinePanel } from './views/MachinePanel';
import { useMaximisedPane } from './views/Maximise';
import { CompareSides } from './compare/CompareSides';
import { Differences } from './compare/Differences';
import { kernelLabel } from './compare/labels';
import { useCompare } from './engine/compare';
import { VectorView } from './views/VectorView';
import { ImportedNote } from './import/ImportedNote';
import { TraceView, useTraceOpen } from './import/TraceView';
import { AddDeviceDialog } from './shell/AddDeviceDialog';
import { Alerts } from './shell/Alerts';
import { BadLink } from './shell/BadLink';
import { backFromBadLink, boot, leaveBadLink, startFresh } from './shell/boot';
import { DeviceControls } from './shell/DeviceList';
import { DropDialog } from './shell/DropDialog';
import { EngineBanner } from './shell/EngineBanner';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { Header } from './shell/Header';
import { IrqDialog, type IrqAction } from './shell/IrqDialog';
import { LaunchVmDialog, type LaunchRequest } from './shell/LaunchVmDialog';
import { MachineDialog } from './shell/MachineDialog';
import { Panel } from './shell/Panel';
import { setStory, useStory } from './shell/story-state';
import { StoryCard } from './shell/StoryCard';
import { Timeline } from './shell/Timeline';
import { VmList } from './shell/VmList';
import './shell/shell.css';
import './shell/panels.css';
import './shell/timeline.css';
import './shell/dialogs.css';
// Last: its one-screen rules override the panels' own heights.
import './shell/layout.css';

let booted = false;

export function App() {
  useThemeAttribute();
  useEffect(() => {
    if (booted) return;
    booted = true;
    void boot();
  }, []);
  const badLink = useLinkState((s) => s.badLink);
  const source = useLinkState((s) => s.source);
  const loaded = useUiNow((s) => s.snapshot !== null);
  const scenario = useUiNow((s) => s.scenario);
  const side = useCompare((s) => s.side);
  const [dialog, setDialog] = useState<'machine' | 'device' | 'vm' | null>(null);
  const [irqAction, setIrqAction] = useState<IrqAction | null>(null);
  const [launches, setLaunches] = useState<LaunchRequest[]>([]);
  const story = useStory();
  const [hint, setHint] = useState(true);
  const trace = useTraceOpen();
  const maximised = useMaximisedPane();

  const launch = (r: LaunchRequest) => setLaunches((l) => [...l, r]);
  const settled = (id: string) => setLaunches((l) => l.filter((x) => x.id !== id));

  return (
    <div className="app">
      <Header
        onMachine={() => setDialog('machine')}
        onPreset={(s) => {
          leaveBadLink();
          setStory(s);
        }}
      />
      <EngineBanner />
      <Alerts />
      <DropDialog />
      <ImportedNote />
      {trace ? (
        <TraceView />
      ) : badLink ? (
        <BadLink message={badLink.message} path={badLink.path} onStartFresh={() => void startFresh()} onBack={loaded ? backFromBadLink : undefined} />
      ) : (
        <>
          {source === 'default' && hint && loaded && !story ? (
            <div className="hint" role="note">
              <span>
                <strong>Try it:</strong> click a <em>CPU</em> to take it offline and watch its vectors move, <em>Add device</em> to allocate more, or open{' '}
                <em>Presets</em> for a story from the kernel lists. Every click becomes a step in the timeline.
              </span>
              <button type="button" aria-label="Hide the hint" onClick={() => setHint(false)}>
                ×
              </button>
            </div>
          ) : null}
          {story ? <StoryCard story={story} onClose={() => setStory(null)} onOpen={setStory} /> : null}
          <main className="workspace" data-max={maximised ?? undefined}>
            <div className="col-machine">
              <ErrorBoundary name="Machine">
                <MachinePanel
                  onCpuToggle={toggleCpu}
                  deviceActions={
                    <button type="button" className="small-btn" onClick={() => setDialog('device')} title="Hot-add a PCI device: its driver probes and allocates interrupts.">
                      Add device
                    </button>
                  }
                  vmActions={
                    <button type="button" className="small-btn" onClick={() => setDialog('vm')} title="Start a guest: its vCPUs cost the host interrupt resources.">
                      Launch VM
                    </button>
                  }
                  deviceControls={(d) => <DeviceControls d={d} onIrq={setIrqAction} />}
                  vmList={<VmList launches={launches} onSettled={settled} />}
                />
              </ErrorBoundary>
            </div>
            {side && scenario ? (
              <>
                <div className="col-vectors cmp-sides">
                  <CompareSides side={side} labelA={kernelLabel(scenario.machine)} />
                  <ErrorBoundary name="Legend">
                    <Legend />
                  </ErrorBoundary>
                </div>
                <div className="col-domains">
                  <ErrorBoundary name="Differences">
                    <Differences side={side} labelA={kernelLabel(scenario.machine)} />
                  </ErrorBoundary>
                </div>
              </>
            ) : (
              <>
                <div className="col-vectors">
                  <ErrorBoundary name="Vector space">
                    <VectorView />
                  </ErrorBoundary>
                  <ErrorBoundary name="Descriptor space">
                    <DescriptorSpace />
                  </ErrorBoundary>
                  <ErrorBoundary name="Legend">
                    <Legend />
                  </ErrorBoundary>
                </div>
                <div className="col-domains">
                  <ErrorBoundary name="Domains">
                    <DomainTree />
                  </ErrorBoundary>
                </div>
              </>
            )}
            <div className="row-timeline">
              <Panel title="Timeline" label="Timeline">
                <Timeline />
              </Panel>
            </div>
            <div className="col-events">
              <ErrorBoundary name="Events">
                <EventLog />
              </ErrorBoundary>
            </div>
            <div className="col-debugfs">
              <ErrorBoundary name="debugfs">
                <DebugfsPane />
              </ErrorBoundary>
            </div>
          </main>
        </>
      )}
      <MachineDialog open={dialog === 'machine'} onClose={() => setDialog(null)} />
      <AddDeviceDialog open={dialog === 'device'} onClose={() => setDialog(null)} />
      <LaunchVmDialog open={dialog === 'vm'} onClose={() => setDialog(null)} onLaunch={launch} />
      <IrqDialog action={irqAction} onClose={() => setIrqAction(null)} />
    </div>
  );
}
