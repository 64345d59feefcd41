// The one semantic palette of irqscope (Okabe-Ito hues, colour-blind safe), the same in every
// view, in the legend and in CSS (theme.css carries the same values as custom properties).
import { CELL } from '../../sim/snapshot';

/** Every meaning a colour carries on screen. `failed` is red and means nothing else. */
export type Swatch =
  | 'free'
  | 'exception'
  | 'system'
  | 'legacy'
  | 'reservedManaged'
  | 'allocatedManaged'
  | 'allocated'
  | 'moving'
  | 'flash'
  | 'gsiIdentity'
  | 'xenDynamic'
  | 'failed';

export type ThemeName = 'light' | 'dark';

export interface Palette {
  swatch: Record<Swatch, string>;
  /** Page and chrome colours used when drawing canvases. */
  bg: string;
  panel: string;
  fg: string;
  muted: string;
  grid: string;
  accent: string;
  selection: string;
}

// Okabe & Ito (2008): orange E69F00, sky blue 56B4E9, bluish green 009E73, yellow F0E442,
// blue 0072B2, vermillion D55E00, reddish purple CC79A7, black. Neutrals for free/exception/system.
export const PALETTES: Record<ThemeName, Palette> = {
  light: {
    swatch: {
      free: '#eceae4',
      exception: '#bdbab2',
      system: '#55534e',
      legacy: '#cc79a7',
      reservedManaged: '#56b4e9',
      allocatedManaged: '#0072b2',
      allocated: '#009e73',
      moving: '#e69f00',
      flash: '#f0e442',
      gsiIdentity: '#56b4e9',
      xenDynamic: '#7a4fa3',
      failed: '#d55e00',
    },
    bg: '#fbfaf7',
    panel: '#ffffff',
    fg: '#1c1b19',
    muted: '#6b6862',
    grid: '#d9d6cf',
    accent: '#0072b2',
    selection: '#1c1b19',
  },
  dark: {
    swatch: {
      free: '#23272e',
      exception: '#3c424b',
      system: '#8d949e',
      legacy: '#d98cb8',
      reservedManaged: '#56b4e9',
      allocatedManaged: '#2f8fd6',
      allocated: '#19b386',
      moving: '#e69f00',
      flash: '#f0e442',
      gsiIdentity: '#56b4e9',
      xenDynamic: '#b592e6',
      failed: '#ef6a1a',
    },
    bg: '#15181c',
    panel: '#1b1f24',
    fg: '#e6e3dc',
    muted: '#9a978f',
    grid: '#2e333a',
    accent: '#56b4e9',
    selection: '#ffffff',
  },
};

/** The swatch of each CELL state of the vector grid, indexed by the CELL value. */
export const CELL_SWATCH: readonly Swatch[] = (() => {
  const out: Swatch[] = [];
  out[CELL.free] = 'free';
  out[CELL.exception] = 'exception';
  out[CELL.system] = 'system';
  out[CELL.reservedManaged] = 'reservedManaged';
  out[CELL.allocatedManaged] = 'allocatedManaged';
  out[CELL.allocated] = 'allocated';
  out[CELL.moving] = 'moving';
  out[CELL.legacy] = 'legacy';
  return out;
})();

/** The swatch of a cell state; an unknown state shows as free rather than failing. */
export function cellSwatch(state: number): Swatch {
  return CELL_SWATCH[state] ?? 'free';
}

/** The colour of a cell state in a theme, as a CSS hex string. */
export function cellColour(state: number, theme: ThemeName): string {
  return PALETTES[theme].swatch[cellSwatch(state)];
}

/** "#rrggbb" -> [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The cell colours packed for a Uint32Array view over ImageData (little-endian: ABGR),
 * indexed by CELL value, so painting the grid is one table lookup per cell.
 */
export function packedCellColours(theme: ThemeName): Uint32Array {
  const out = new Uint32Array(CELL_SWATCH.length);
  for (let s = 0; s < CELL_SWATCH.length; s++) {
    const [r, g, b] = hexToRgb(PALETTES[theme].swatch[CELL_SWATCH[s]]);
    out[s] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  return out;
}

/** One sentence per colour, for the legend's tooltips (kernel terms explained). */
export const SWATCH_INFO: Record<Swatch, { label: string; tip: string }> = {
  free: { label: 'free', tip: 'A vector no interrupt uses on this CPU; the matrix allocator may hand it out.' },
  exception: {
    label: 'exception (0-31)',
    tip: 'Vectors 0-31 are the CPU exceptions (page fault, #GP, ...), never available to devices.',
  },
  system: {
    label: 'system',
    tip: 'System vectors set up at boot (local APIC timer, IPIs, spurious, the 0x80 syscall gate) that drivers can never get.',
  },
  legacy: {
    label: 'legacy ISA',
    tip: 'Vectors 0x30-0x3f given to the 16 legacy ISA interrupts on the boot CPU.',
  },
  reservedManaged: {
    label: 'reserved (managed)',
    tip: 'Set aside for a kernel-managed interrupt on this CPU (irq_matrix_reserve_managed) but not handed out yet.',
  },
  allocatedManaged: {
    label: 'allocated (managed)',
    tip: 'In use by a managed interrupt, whose affinity the kernel spreads and which shuts down with its CPUs.',
  },
  allocated: { label: 'allocated', tip: 'In use by a regular interrupt whose affinity user space may change.' },
  moving: {
    label: 'moving',
    tip: 'The previous vector of an interrupt being moved, kept until the interrupt fires on its new target and cleanup runs.',
  },
  flash: { label: 'just changed', tip: 'Changed by the last step; the flash fades after a moment.' },
  gsiIdentity: {
    label: 'GSI identity',
    tip: 'Xen: IRQ numbers below nr_irqs_gsi equal their GSI (legacy and IO-APIC pins map one to one).',
  },
  xenDynamic: {
    label: 'dynamic (event channels)',
    tip: 'Xen: IRQs for event channels (VIRQs, IPIs, interdomain, PIRQs) are allocated dynamically from nr_irqs_gsi up.',
  },
  failed: { label: 'failed', tip: 'Something the kernel refused (a step that returned an error); red is used for nothing else.' },
};

/** Swatches in legend order. */
export const SWATCH_ORDER: readonly Swatch[] = [
  'free',
  'exception',
  'system',
  'legacy',
  'reservedManaged',
  'allocatedManaged',
  'allocated',
  'moving',
  'flash',
  'gsiIdentity',
  'xenDynamic',
  'failed',
];

/** The CSS custom property that carries a swatch (theme.css defines them all). */
export function swatchVar(s: Swatch): string {
  return `--irq-${s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
}

/** light/dark from the user's choice and the system preference. */
export function resolveTheme(choice: 'light' | 'dark' | 'system', prefersDark: boolean): ThemeName {
  if (choice === 'system') return prefersDark ? 'dark' : 'light';
  return choice;
}
