// The header's Import control and its dialog.
import { useState } from 'react';
import { ImportDialog } from './ImportDialog';

export function ImportButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Open your own machine: paste or drop /proc/interrupts, a /proc/irq or debugfs dump, the Xen 'e' listing, an ftrace capture or a scenario file.">
        Import
      </button>
      <ImportDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
