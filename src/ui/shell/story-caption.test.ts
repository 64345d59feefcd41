import { describe, expect, it } from 'vitest';
import type { StepOutcome } from '../../sim/snapshot';
import { storyCaption } from './story-caption';

const CAPTIONS = ['A host NIC with 8 queues.', 'Guest 16: +32 doorbells (GICv4-vpe) and 32 × 16 vSGIs (GICv4-sgi) = 544 descriptors.'];
const ok: StepOutcome = { index: 1, do: 'vm.launch', ok: true, warnings: 0 };
const vpeFailure: StepOutcome = {
  index: 1,
  do: 'vm.launch',
  ok: false,
  error: 'VPE IRQ allocation failure',
  reason: 'its_alloc_vcpu_sgis: __irq_alloc_descs found no 16 contiguous free IRQ numbers (-ENOMEM)',
  warnings: 1,
};

describe('storyCaption', () => {
  it('is the preset caption while the step did what the story says', () => {
    expect(storyCaption(CAPTIONS, 0)).toBeNull();
    expect(storyCaption(CAPTIONS, 2, ok)).toBe(CAPTIONS[1]);
    expect(storyCaption(CAPTIONS, 2)).toBe(CAPTIONS[1]);
  });

  it('says what was refused, with the error and why, instead of the success caption', () => {
    const c = storyCaption(CAPTIONS, 2, vpeFailure)!;
    expect(c).toBe(
      'Guest 16: refused with VPE IRQ allocation failure — its_alloc_vcpu_sgis: __irq_alloc_descs found no 16 contiguous free IRQ numbers (-ENOMEM)',
    );
    expect(c).not.toContain('544 descriptors');
  });

  it('quotes the kernel line and names the step itself when the caption has no lead', () => {
    const erange: StepOutcome = { index: 0, do: 'cpu.offline', ok: false, error: '-ERANGE', message: 'CPU 1 disable failed: CPU has 134 vectors assigned and there are only 0 available.', warnings: 1 };
    expect(storyCaption(['A host NIC with 8 queues.'], 1, erange, { do: 'cpu.offline', cpu: 1 })).toBe(
      'CPU 1 offline: refused with -ERANGE (the kernel printed "CPU 1 disable failed: CPU has 134 vectors assigned and there are only 0 available.").',
    );
    expect(storyCaption([], 1, erange)).toMatch(/^This step: refused with -ERANGE/);
  });
});
