// The vector cells whose state differs between the two kernels, one pixel per cell (rows =
// CPUs, 256 columns), scaled to the panel: where the two allocators put things differently.
import { useEffect, useRef } from 'react';
import { usePalette } from '../theme/theme';
import { hexToRgb } from '../theme/palette';

export function DiffGrid({ mask, nrCpus, nrVectors, count }: { mask: Uint8Array; nrCpus: number; nrVectors: number; count: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const palette = usePalette();
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = nrVectors;
    c.height = nrCpus;
    const img = ctx.createImageData(nrVectors, nrCpus);
    const px = new Uint32Array(img.data.buffer);
    const [r, g, b] = hexToRgb(palette.selection);
    const [fr, fg, fb] = hexToRgb(palette.grid);
    const on = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
    const off = ((255 << 24) | (fb << 16) | (fg << 8) | fr) >>> 0;
    for (let i = 0; i < mask.length; i++) px[i] = mask[i] ? on : off;
    ctx.putImageData(img, 0, 0);
  }, [mask, nrCpus, nrVectors, palette]);
  return (
    <figure className="cmp-grid">
      <canvas
        ref={ref}
        role="img"
        aria-label={`Vector cells that differ: ${count} of ${nrCpus * nrVectors}`}
        style={{ width: '100%', height: Math.max(24, Math.min(160, nrCpus * 6)), imageRendering: 'pixelated' }}
      />
      <figcaption className="irq-muted small">
        {count} cell{count === 1 ? '' : 's'} differ (rows CPU 0..{nrCpus - 1}, columns vector 0x00..0x{(nrVectors - 1).toString(16)})
      </figcaption>
    </figure>
  );
}
