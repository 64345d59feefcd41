// Which conformance subjects the engine can replay. A trace whose subject is missing here
// fails ("not implemented yet") in the command line and in the test suite alike.
import type { Replayer } from './types';
import { replayIrqMatrix } from './irq_matrix';
import { replayIrqAffinity } from './irq_affinity';
import { replayLpiRanges } from './lpi_ranges';
import { replayItsEvents } from './its_events';
import { replayX86VectorLegacy } from './x86_vector_legacy';
import { replayX86Vector } from './x86_vector';

export const replayers: Partial<Record<string, Replayer>> = {
  irq_matrix: replayIrqMatrix,
  irq_affinity: replayIrqAffinity,
  lpi_ranges: replayLpiRanges,
  its_events: replayItsEvents,
  x86_vector_legacy: replayX86VectorLegacy,
  x86_vector: replayX86Vector,
};

export const KNOWN_SUBJECTS = [
  'irq_matrix',
  'irq_affinity',
  'lpi_ranges',
  'its_events',
  'x86_vector',
  'x86_vector_legacy',
] as const;
