// Loads and replays trace files; shared by the command line and the test suite.
import { readFileSync } from 'node:fs';
import { formatMismatch } from './compare';
import { replayers } from './registry';
import type { Mismatch, Trace } from './types';

export interface TraceOutcome {
  file: string;
  subject: string;
  passed: boolean;
  /** Set when the trace could not be replayed at all (unreadable, unknown subject, crash). */
  reason?: string;
  mismatches: Mismatch[];
}

export function loadTrace(file: string): Trace {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  if (doc.format !== 'irq-conformance/1') throw new Error(`unknown format ${JSON.stringify(doc.format)}`);
  return doc;
}

export function replayFile(file: string): TraceOutcome {
  let trace: Trace;
  try {
    trace = loadTrace(file);
  } catch (err) {
    return { file, subject: '?', passed: false, reason: `cannot read trace: ${(err as Error).message}`, mismatches: [] };
  }
  const replay = replayers[trace.subject];
  if (!replay) {
    return {
      file,
      subject: trace.subject,
      passed: false,
      reason: `subject "${trace.subject}" is not implemented yet`,
      mismatches: [],
    };
  }
  try {
    const mismatches = replay(trace);
    return { file, subject: trace.subject, passed: mismatches.length === 0, mismatches };
  } catch (err) {
    return {
      file,
      subject: trace.subject,
      passed: false,
      reason: `replay crashed: ${(err as Error).stack ?? String(err)}`,
      mismatches: [],
    };
  }
}

/** Lines for one outcome: nothing for a pass, else the reason or each mismatch. */
export function outcomeLines(o: TraceOutcome, maxMismatches = 20): string[] {
  if (o.passed) return [];
  if (o.reason) return [`${o.file}: ${o.reason}`];
  const lines = o.mismatches.slice(0, maxMismatches).map((m) => `${o.file}: ${formatMismatch(m)}`);
  if (o.mismatches.length > maxMismatches) lines.push(`${o.file}: ... ${o.mismatches.length - maxMismatches} more`);
  return lines;
}
